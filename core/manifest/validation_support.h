#pragma once

#include "manifest/diagnostic.h"
#include "model/label_selector.h"
#include "model/object_meta.h"

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Building blocks shared by the validate_*.cpp files: an error list that words every error as
// field.Error does, Go value rendering (%q, %#v) and lookups in the document as written.
namespace clusterlab::manifest::detail {

/// LocatedError is a field error plus, when known, a more precise place in the manifest than
/// the field path (the offending key of a label map, say).
struct LocatedError
{
    FieldError error;
    std::string at; ///< manifest path of the culprit; empty: use error.field
    bool atKey = false; ///< point at the key rather than the value
};

/// ErrorList collects field errors in validation order, worded as field.Error.ErrorBody().
/// Values are passed already rendered (see goString, goInt, ...).
class ErrorList
{
public:
    void required(const std::string &path, const std::string &detail = {});
    void forbidden(const std::string &path, const std::string &detail);
    void invalid(const std::string &path, const std::string &value, const std::string &detail,
                 std::string at = {}, bool atKey = false);
    void notSupported(const std::string &path, const std::string &value,
                      const std::vector<std::string> &supported);
    void duplicate(const std::string &path, const std::string &value);
    void tooLong(const std::string &path, int maxLength);
    /// invalidEach adds one Invalid error per message (the usual `for _, msg := range Is...`).
    void invalidEach(const std::string &path, const std::string &value,
                     const std::vector<std::string> &messages, const std::string &at = {},
                     bool atKey = false);
    void append(const ErrorList &other);

    const std::vector<LocatedError> &errors() const { return m_errors; }
    std::vector<FieldError> fieldErrors() const;
    bool empty() const { return m_errors.empty(); }

private:
    void add(const std::string &path, const char *reason, std::string body, std::string at = {},
             bool atKey = false);
    std::vector<LocatedError> m_errors;
};

// Field paths, as field.Path prints them.
std::string child(const std::string &path, std::string_view name);
std::string index(const std::string &path, std::size_t i);

// Go value rendering.
/// goString is strconv.Quote / %q: "my app", with Go's escapes.
std::string goString(std::string_view s);
std::string goInt(std::int64_t v);
/// goStringMap is %#v of a map[string]string: map[string]string{"a":"b"}; nil when absent.
std::string goStringMap(const model::Labels &labels, bool isNil);
/// goStringSlice is %#v of a []string: []string{"a", "b"}; nil when absent.
std::string goStringSlice(const std::vector<std::string> &values, bool isNil);
/// goIntOrString is %#v of an intstr.IntOrString: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}.
std::string goIntOrString(const model::IntOrString &v);
/// goLabelSelector is %#v of a metav1.LabelSelector; raw says which lists were written (nil or
/// empty). An absent selector (nil pointer) prints as "null" quoted, as ErrorBody does.
std::string goLabelSelector(const std::optional<model::LabelSelector> &selector,
                            const boost::json::value *raw);

// The document as written.
/// rawAt finds the value at a field path ("spec.ports[0].name") in a document; label keys with
/// dots ("metadata.labels.app.kubernetes.io/name") are matched against the keys present.
const boost::json::value *rawAt(const boost::json::value &root, std::string_view path);
const boost::json::value *rawAt(const boost::json::object &root, std::string_view path);
/// rawHas says whether path was written with a non-null value.
bool rawHas(const boost::json::object &root, std::string_view path);
/// rawString returns the string at path, or nullopt when absent or not a string.
std::optional<std::string> rawString(const boost::json::object &root, std::string_view path);
/// rawInt returns the integer at path, or nullopt when absent or not an integer.
std::optional<std::int64_t> rawInt(const boost::json::object &root, std::string_view path);
/// rawStringMap returns the string values of the object at path (non-strings skipped).
std::optional<model::Labels> rawStringMap(const boost::json::object &root, std::string_view path);

} // namespace clusterlab::manifest::detail
