#include "model/call.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

namespace clusterlab::model {

namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
        return char(std::tolower(c));
    });
    return s;
}

std::string trim(const std::string &s)
{
    const auto first = s.find_first_not_of(" \t\r\n\"'");
    if (first == std::string::npos)
        return {};
    const auto last = s.find_last_not_of(" \t\r\n\"'");
    return s.substr(first, last - first + 1);
}

std::vector<std::string> split(const std::string &s, char sep)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= s.size()) {
        const auto end = std::min(s.find(sep, start), s.size());
        if (auto part = trim(s.substr(start, end - start)); !part.empty())
            parts.push_back(std::move(part));
        start = end + 1;
    }
    return parts;
}

int defaultPort(const std::string &scheme)
{
    if (scheme == "redis")
        return 6379;
    if (scheme == "mysql")
        return 3306;
    if (scheme == "https")
        return 443;
    return scheme == "http" ? 80 : 0;
}

std::string schemeFor(int port, const std::string &hint)
{
    const std::string h = lower(hint);
    if (port == 6379 || (port == 0 && h.find("redis") != std::string::npos))
        return "redis";
    if (port == 3306
        || (port == 0
            && (h.find("mysql") != std::string::npos || h.find("mariadb") != std::string::npos)))
        return "mysql";
    return "http";
}

bool validHost(const std::string &host)
{
    return !host.empty() && std::all_of(host.begin(), host.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '-' || c == '.' || c == '_';
    });
}

// "BACKEND_API_SERVICE_HOST" -> "backend-api", as the kubelet derives these names.
std::string serviceFromEnvName(const std::string &envName)
{
    static const std::string suffix = "_SERVICE_HOST";
    if (envName.size() <= suffix.size()
        || envName.compare(envName.size() - suffix.size(), suffix.size(), suffix) != 0)
        return {};
    std::string name = lower(envName.substr(0, envName.size() - suffix.size()));
    std::replace(name.begin(), name.end(), '_', '-');
    return name;
}

} // namespace

std::string callUrl(const Call &call)
{
    std::string url = call.scheme + "://" + call.host + ":" + std::to_string(call.port);
    if (call.scheme == "http")
        url += call.path.empty() ? "/" : call.path;
    return url;
}

std::optional<Call> parseCall(const std::string &text, const std::string &nameHint)
{
    std::string rest = trim(text);
    Call call;
    if (const auto sep = rest.find("://"); sep != std::string::npos) {
        call.scheme = lower(rest.substr(0, sep));
        rest = rest.substr(sep + 3);
        if (call.scheme == "https")
            call.scheme = "http"; // served as plain HTTP inside the lab
        if (call.scheme == "mariadb")
            call.scheme = "mysql";
        if (call.scheme != "http" && call.scheme != "redis" && call.scheme != "mysql"
            && call.scheme != "tcp")
            return std::nullopt;
    }
    const auto pathStart = rest.find_first_of("/?");
    if (pathStart != std::string::npos) {
        call.path = rest.substr(pathStart);
        if (call.path.front() == '?')
            call.path.insert(call.path.begin(), '/');
        rest = rest.substr(0, pathStart);
    }
    if (const auto at = rest.rfind('@'); at != std::string::npos)
        rest = rest.substr(at + 1); // user:password@host
    if (const auto colon = rest.rfind(':'); colon != std::string::npos) {
        const std::string portText = rest.substr(colon + 1);
        const auto [end, ec] =
                std::from_chars(portText.data(), portText.data() + portText.size(), call.port);
        if (ec != std::errc() || end != portText.data() + portText.size() || call.port < 1
            || call.port > 65535)
            return std::nullopt;
        rest = rest.substr(0, colon);
    }
    call.host = lower(rest);
    if (!validHost(call.host))
        return std::nullopt;
    if (call.scheme.empty())
        call.scheme = schemeFor(call.port, call.host + " " + nameHint);
    if (call.port == 0)
        call.port = defaultPort(call.scheme);
    if (call.port == 0)
        return std::nullopt;
    if (call.scheme == "http") {
        if (call.path.empty())
            call.path = "/";
    } else {
        call.path.clear();
    }
    return call;
}

std::vector<Call> callsOf(const model::Pod &pod,
                          const std::vector<std::string> &servicesInNamespace)
{
    std::vector<Call> calls;
    auto add = [&](const std::optional<Call> &call) {
        if (call && std::find(calls.begin(), calls.end(), *call) == calls.end())
            calls.push_back(*call);
    };
    if (const auto it = pod.metadata.annotations.find(kCallsAnnotation);
        it != pod.metadata.annotations.end()) {
        for (const auto &url : split(it->second, ','))
            add(parseCall(url));
        return calls;
    }
    const std::set<std::string> services(servicesInNamespace.begin(), servicesInNamespace.end());
    const std::string &ns = pod.metadata.namespace_;
    // A host names a Service as "svc", "svc.<ns>", "svc.<ns>.svc" or "svc.<ns>.svc.cluster.local".
    auto serviceOf = [&](const std::string &host) -> std::string {
        const auto dot = host.find('.');
        const std::string first = host.substr(0, dot);
        if (!services.count(first))
            return {};
        if (dot == std::string::npos)
            return first;
        const std::string suffix = host.substr(dot + 1);
        const bool sameNamespace =
                suffix == ns || suffix == ns + ".svc" || suffix == ns + ".svc.cluster.local";
        return sameNamespace ? first : std::string();
    };
    for (const auto &container : pod.spec.containers) {
        for (const auto &env : container.env) {
            if (env.fromSource)
                continue;
            if (const auto svc = serviceFromEnvName(env.name); services.count(svc)) {
                int port = 0;
                const std::string portVar = env.name.substr(0, env.name.size() - 4) + "PORT";
                for (const auto &other : container.env)
                    if (other.name == portVar)
                        std::from_chars(other.value.data(), other.value.data() + other.value.size(),
                                        port);
                add(parseCall(port ? svc + ":" + std::to_string(port) : svc, env.name));
                continue;
            }
            for (const auto &value : split(env.value, ',')) {
                auto call = parseCall(value, env.name);
                if (!call)
                    continue;
                call->host = serviceOf(call->host);
                if (!call->host.empty())
                    add(call);
            }
        }
    }
    return calls;
}

} // namespace clusterlab::model
