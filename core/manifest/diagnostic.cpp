#include "manifest/diagnostic.h"

#include <set>

namespace clusterlab::manifest {

std::string Diagnostic::format() const
{
    std::string out = source.empty() ? "<input>" : source;
    out += ':' + std::to_string(pos.line) + ':' + std::to_string(pos.column) + ": ";
    if (severity == Severity::Warning)
        out += "warning: ";
    return out + message;
}

std::string aggregate(const std::vector<FieldError> &errors)
{
    std::vector<std::string> messages;
    std::set<std::string> seen;
    for (const auto &e : errors)
        if (seen.insert(e.message()).second)
            messages.push_back(e.message());
    if (messages.size() == 1)
        return messages.front();
    std::string out = "[";
    for (size_t i = 0; i < messages.size(); ++i)
        out += (i ? ", " : "") + messages[i];
    return out + "]";
}

std::string invalidMessage(const std::string &qualifiedKind, const std::string &name,
                           const std::vector<FieldError> &errors)
{
    return qualifiedKind + " \"" + name + "\" is invalid: " + aggregate(errors);
}

} // namespace clusterlab::manifest
