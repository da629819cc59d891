#include "api/target.h"

namespace clusterlab::api {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

std::string percentDecode(std::string_view text, bool plusIsSpace)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%' && i + 2 < text.size()) {
            const int hi = hexValue(text[i + 1]);
            const int lo = hexValue(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += char(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += (plusIsSpace && c == '+') ? ' ' : c;
    }
    return out;
}

std::string Target::param(const std::string &key, const std::string &fallback) const
{
    const auto it = query.find(key);
    return it == query.end() ? fallback : it->second;
}

bool Target::flag(const std::string &key) const
{
    const std::string v = param(key);
    return v == "true" || v == "1";
}

Target parseTarget(std::string_view target)
{
    Target out;
    const auto question = target.find('?');
    out.path = percentDecode(target.substr(0, question), false);
    if (question != std::string_view::npos) {
        std::string_view query = target.substr(question + 1);
        while (!query.empty()) {
            const auto amp = query.find('&');
            const std::string_view pair = query.substr(0, amp);
            const auto eq = pair.find('=');
            if (!pair.empty())
                out.query[percentDecode(pair.substr(0, eq), true)] = eq == std::string_view::npos
                        ? std::string()
                        : percentDecode(pair.substr(eq + 1), true);
            if (amp == std::string_view::npos)
                break;
            query.remove_prefix(amp + 1);
        }
    }
    std::size_t start = 0;
    while (start < out.path.size()) {
        auto slash = out.path.find('/', start);
        if (slash == std::string::npos)
            slash = out.path.size();
        if (slash > start)
            out.segments.push_back(out.path.substr(start, slash - start));
        start = slash + 1;
    }
    return out;
}

std::optional<ResourcePath> resolveResource(const Target &target)
{
    const auto &s = target.segments;
    std::string group, version;
    std::size_t at = 0;
    if (s.size() >= 3 && s[0] == "api" && s[1] == "v1") {
        version = "v1";
        at = 2;
    } else if (s.size() >= 4 && s[0] == "apis") {
        group = s[1];
        version = s[2];
        at = 3;
    } else {
        return std::nullopt;
    }
    bool known = false;
    for (const auto &r : apiResources())
        known = known || (r.group == group && r.version == version);
    if (!known)
        return std::nullopt;
    ResourcePath out;
    std::vector<std::string> rest(s.begin() + long(at), s.end());
    if (!rest.empty() && rest[0] == "watch") {
        out.watchPrefix = true;
        rest.erase(rest.begin());
    }
    // namespaces/<ns>/<resource>/... unless <resource> is a subresource of the Namespace.
    if (rest.size() >= 3 && rest[0] == "namespaces" && findResource(group, version, rest[2])) {
        out.namespace_ = rest[1];
        rest.erase(rest.begin(), rest.begin() + 2);
    }
    // pods/<name>/proxy/<path...>: the path is the Pod's, not the API's.
    if (rest.size() > 3 && rest[2] == "proxy")
        rest.resize(3);
    if (rest.empty() || rest.size() > 3)
        return out;
    out.resource = findResource(group, version, rest[0]);
    if (rest.size() >= 2)
        out.name = rest[1];
    if (rest.size() == 3)
        out.subresource = rest[2];
    return out;
}

} // namespace clusterlab::api
