#include "pod_shells.h"

#include <boost/beast/core/detail/base64.hpp>

namespace clusterlab {

namespace {

std::string decodeBase64(const std::string &text)
{
    namespace b64 = boost::beast::detail::base64;
    std::string out(b64::decoded_size(text.size()), '\0');
    const auto [written, read] = b64::decode(out.data(), text.data(), text.size());
    out.resize(written);
    return out;
}

} // namespace

void PodShells::started(const model::Pod &pod, const cluster::Store &store)
{
    if (m_servicesAtStart.count(pod.metadata.uid))
        return;
    std::vector<model::Service> services;
    for (const auto &svc : store.listOf<model::Service>())
        if (svc->metadata.namespace_ == pod.metadata.namespace_
            || (svc->metadata.namespace_ == "default" && svc->metadata.name == "kubernetes"))
            services.push_back(*svc);
    m_servicesAtStart.emplace(pod.metadata.uid, std::move(services));
}

void PodShells::stopped(const std::string &uid)
{
    m_servicesAtStart.erase(uid);
}

std::optional<shell::PodInfo>
PodShells::podInfo(const cluster::Store &store, const std::string &ns, const std::string &name,
                   const std::string &container,
                   std::function<int(const std::string &, int)> realPort) const
{
    const auto pod = store.getAs<model::Pod>(ns, name);
    if (!pod)
        return std::nullopt;
    const auto services = m_servicesAtStart.find(pod->metadata.uid);
    if (services == m_servicesAtStart.end())
        return std::nullopt;
    shell::PodInfo info;
    info.name = pod->metadata.name;
    info.namespace_ = ns;
    info.hostname = pod->spec.hostname.empty() ? pod->metadata.name : pod->spec.hostname;
    info.ip = pod->status.podIP;
    info.nodeName = pod->spec.nodeName;
    info.hostIP = pod->status.hostIP;
    info.container = container;
    for (const auto &c : pod->spec.containers)
        if (c.name == container)
            info.image = c.image;
    const shell::KeyLookup lookup = [&store,
                                     &ns](const std::string &kind, const std::string &object,
                                          const std::string &key) -> std::optional<std::string> {
        const auto found = store.get(kind, ns, object);
        const auto *stored = found ? std::get_if<model::StoredObject>(found.get()) : nullptr;
        if (!stored)
            return std::nullopt;
        for (const char *field : { "data", "stringData" }) {
            const auto *data = stored->raw.if_contains(field);
            const auto *value =
                    data && data->is_object() ? data->as_object().if_contains(key) : nullptr;
            if (value && value->is_string()) {
                const std::string text(value->as_string());
                return kind == "Secret" && std::string_view(field) == "data" ? decodeBase64(text)
                                                                             : text;
            }
        }
        return std::nullopt;
    };
    info.env = shell::containerEnvironment(*pod, container, services->second, lookup);
    info.realPort = std::move(realPort);
    return info;
}

} // namespace clusterlab
