#pragma once

#include <string>
#include <vector>

namespace clusterlab::manifest {

/// SourcePos is a 1-based line and column in a manifest file; 0 means unknown.
struct SourcePos
{
    int line = 0;
    int column = 0;

    bool valid() const { return line > 0; }
    bool operator==(const SourcePos &) const = default;
};

enum class Severity { Error, Warning };

/// Diagnostic is one problem found in a manifest, worded as the API server words it.
struct Diagnostic
{
    Severity severity = Severity::Error;
    std::string source; ///< file name, or "<stdin>"
    SourcePos pos;
    std::string fieldPath; ///< "spec.ports[0].port", empty for syntax errors
    std::string message; ///< full message, e.g. "spec.ports[0].port: Invalid value: 0: ..."
    std::string object; ///< "Service/backend", empty when not known

    /// format prints "FILE:LINE:COLUMN: message" (the form --headless prints).
    std::string format() const;
};

/// FieldError mirrors field.Error: a field path, a reason and the error body.
struct FieldError
{
    std::string field; ///< "spec.ports[0].port"
    std::string reason; ///< FieldValueInvalid, FieldValueRequired, FieldValueNotSupported, ...
    std::string body; ///< "Invalid value: 0: must be between 1 and 65535, inclusive"

    /// message is what field.Error.Error() returns: "<field>: <body>".
    std::string message() const { return field.empty() ? body : field + ": " + body; }
    bool operator==(const FieldError &) const = default;
};

/// aggregate renders an error list as utilerrors.Aggregate does, dropping exact duplicates:
/// one error as it is, several as "[e1, e2]".
std::string aggregate(const std::vector<FieldError> &errors);

/// invalidMessage is the API server's Status message for an invalid object:
/// `Service "x" is invalid: <aggregate>` (kind is "Deployment.apps" outside the core group).
std::string invalidMessage(const std::string &qualifiedKind, const std::string &name,
                           const std::vector<FieldError> &errors);

} // namespace clusterlab::manifest
