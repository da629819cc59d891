#include "classroom/lesson_fields.h"

namespace clusterlab::app::lesson_fields {

[[noreturn]] void fail(const YAML::Node &node, const std::string &message)
{
    throw Invalid{ node.Mark(), message };
}

std::string inQuotes(const std::string &s)
{
    return "\"" + s + "\"";
}

namespace {

std::string kindName(const YAML::Node &node)
{
    switch (node.Type()) {
    case YAML::NodeType::Map:
        return "a mapping";
    case YAML::NodeType::Sequence:
        return "a list";
    case YAML::NodeType::Null:
        return "nothing";
    default:
        return "a scalar";
    }
}

} // namespace

/// checkFields refuses fields the format does not have, as Kubernetes' strict decoding does.
void checkFields(const YAML::Node &map, std::initializer_list<const char *> known,
                 const std::string &where)
{
    if (!map.IsMap())
        fail(map, where + " must be a mapping, not " + kindName(map));
    for (const auto &entry : map) {
        const std::string key = entry.first.Scalar();
        if (std::none_of(known.begin(), known.end(), [&](const char *k) {
                return key == k;
            })) {
            std::string list;
            for (const char *k : known)
                list += (list.empty() ? "" : ", ") + std::string(k);
            fail(entry.first,
                 "unknown field " + inQuotes(key) + " in " + where + " (expected one of: " + list
                         + ")");
        }
    }
}

std::string text(const YAML::Node &node, const std::string &what)
{
    if (!node.IsScalar())
        fail(node, what + " must be text, not " + kindName(node));
    return node.Scalar();
}

/// requiredNode is map[key], or an error at the map saying where needs key.
YAML::Node requiredNode(const YAML::Node &map, const char *key, const std::string &where)
{
    const YAML::Node node = map[key];
    if (!node)
        fail(map, where + " needs " + inQuotes(key));
    return node;
}

std::string required(const YAML::Node &map, const char *key, const std::string &where)
{
    const YAML::Node node = map[key];
    if (!node)
        fail(map, where + " needs " + inQuotes(key));
    return text(node, std::string(key));
}

int number(const YAML::Node &node, const std::string &what, int min, int max)
{
    int value = 0;
    if (!node)
        throw Invalid{ YAML::Mark(), what + " is missing" };
    if (!node.IsScalar() || !YAML::convert<int>::decode(node, value))
        fail(node, what + " must be a whole number");
    if (value < min || value > max)
        fail(node,
             what + " must be between " + std::to_string(min) + " and " + std::to_string(max));
    return value;
}

std::map<std::string, std::optional<std::string>> labelMap(const YAML::Node &node,
                                                           const std::string &what)
{
    if (!node.IsMap())
        fail(node, what + " must be a mapping of labels, like {app: backend}");
    std::map<std::string, std::optional<std::string>> out;
    for (const auto &entry : node)
        out[text(entry.first, "a label key")] = text(entry.second, "a label value");
    return out;
}

} // namespace clusterlab::app::lesson_fields
