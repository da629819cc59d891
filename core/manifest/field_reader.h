#pragma once

#include "manifest/diagnostic.h"
#include "manifest/yaml_reader.h"
#include "model/object_meta.h"

#include <boost/json/object.hpp>

#include <functional>
#include <initializer_list>
#include <set>
#include <string>
#include <vector>

namespace clusterlab::manifest {

/// DecodeContext collects the problems found while decoding one object.
struct DecodeContext
{
    std::string kind; ///< "Service"
    std::string apiVersion; ///< "v1"
    std::string source;
    const PositionMap *positions = nullptr;
    std::vector<Diagnostic> diagnostics;
    bool failed = false;

    void typeError(const std::string &path, const std::string &goPath, const char *jsonKind,
                   const std::string &goType);
    void unknownField(const std::string &path);
};

/// FieldReader reads one JSON object field by field as Go's strict decoder would: a value of
/// the wrong type is an error worded like encoding/json's, an unread key an unknown field.
class FieldReader
{
public:
    FieldReader(const boost::json::object *object, std::string path, std::string goStruct,
                DecodeContext &context);
    ~FieldReader();
    FieldReader(const FieldReader &) = delete;
    FieldReader &operator=(const FieldReader &) = delete;

    bool has(const char *key) const;
    std::string str(const char *key, std::string fallback = {});
    std::int64_t int32(const char *key, std::int64_t fallback = 0);
    std::int64_t int64(const char *key, std::int64_t fallback = 0);
    bool boolean(const char *key, bool fallback = false);
    model::IntOrString intOrString(const char *key, model::IntOrString fallback = {});
    model::Labels stringMap(const char *key);
    std::optional<model::Labels> optionalStringMap(const char *key);
    std::vector<std::string> strings(const char *key);
    /// object reads a nested object; returns false when absent or null.
    bool object(const char *key, const char *goStruct,
                const std::function<void(FieldReader &)> &fn);
    /// array reads a list of objects, calling fn for each item.
    void array(const char *key, const char *goStruct, const char *goItem,
               const std::function<void(FieldReader &)> &fn);
    /// accept marks keys as known without reading them (fields kept only in raw).
    void accept(std::initializer_list<const char *> keys);

    const std::string &path() const { return m_path; }

private:
    const boost::json::value *take(const char *key);
    std::string childPath(const char *key) const;
    std::string goPath(const char *key) const;
    void mismatch(const char *key, const boost::json::value &v, const std::string &goType);

    const boost::json::object *m_object;
    std::string m_path;
    std::string m_goStruct;
    DecodeContext &m_context;
    std::set<std::string> m_read;
};

} // namespace clusterlab::manifest
