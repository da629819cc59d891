#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <map>
#include <optional>
#include <string>

// The lesson reader's field checks: each turns a wrong field into an Invalid at the
// node's mark, in the words the reader's messages use.
namespace clusterlab::app::lesson_fields {

/// Invalid carries a problem out of the reader's recursion.
struct Invalid
{
    YAML::Mark mark;
    std::string message;
};

[[noreturn]] void fail(const YAML::Node &node, const std::string &message);
std::string inQuotes(const std::string &s);
/// checkFields refuses fields the format does not have, as Kubernetes' strict decoding does.
void checkFields(const YAML::Node &map, std::initializer_list<const char *> known,
                 const std::string &where);
/// text is a scalar's text, or an error naming what it should be.
std::string text(const YAML::Node &node, const std::string &what);
/// requiredNode is map[key], or an error at the map saying where needs key.
YAML::Node requiredNode(const YAML::Node &map, const char *key, const std::string &where);
std::string required(const YAML::Node &map, const char *key, const std::string &where);
/// number is a whole number in [min, max].
int number(const YAML::Node &node, const std::string &what, int min, int max);
/// labelMap is a mapping of labels, like {app: backend}.
std::map<std::string, std::optional<std::string>> labelMap(const YAML::Node &node,
                                                           const std::string &what);

} // namespace clusterlab::app::lesson_fields
