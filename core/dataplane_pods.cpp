// DataPlane's Pods: a PodServer for every Running Pod with an IP, listening on its declared
// ports and on the numeric targetPorts of the Services that select it, with the calls it makes
// resolved through kube-dns and the forwarder; where each Pod's ports really listen; its
// containers' logs, opened when it starts serving and removed when it leaves the store.
#include "container_outputs.h"
#include "dataplane.h"
#include "model/images.h"
#include "model/label_selector.h"
#include "net/call.h"
#include "net/workload.h"

#include <boost/asio/ip/address.hpp>

namespace clusterlab {

namespace {

bool isRunningWithIP(const model::Pod &pod)
{
    return pod.status.phase == "Running" && !pod.status.podIP.empty();
}

/// listenersFor lists a Pod's ports: its containerPorts, plus the numeric targetPorts of the
/// Services selecting it that no container declares (a Pod serving an undeclared port).
std::vector<net::Listener> listenersFor(const model::Pod &pod, const cluster::Store &store)
{
    std::vector<net::Listener> listeners;
    auto add = [&](int port, const model::Container &container) {
        if (port <= 0 || port > 65535)
            return;
        for (const auto &l : listeners)
            if (l.port == port)
                return;
        listeners.push_back({ port, net::workloadFor(container.image, port), container.name });
    };
    for (const auto &c : pod.spec.containers)
        for (const auto &p : c.ports)
            if (p.protocol == "TCP")
                add(int(p.containerPort), c);
    // The port the image's program listens on, declared or not (kubernetes-bootcamp: 8080).
    for (const auto &c : pod.spec.containers)
        if (const auto port = model::imageListenPort(c.image))
            add(*port, c);
    for (const auto &svc : store.listOf<model::Service>(pod.metadata.namespace_)) {
        if (!svc->spec.selector || !model::matchesMap(*svc->spec.selector, pod.metadata.labels))
            continue;
        for (const auto &port : svc->spec.ports)
            if (port.protocol == "TCP" && !port.targetPort.isString && !pod.spec.containers.empty())
                add(int(port.targetPort.intVal), pod.spec.containers[0]);
    }
    return listeners;
}

} // namespace

int DataPlane::boundPodPort(const std::string &podIP, int port) const
{
    auto it = m_podsByIP.find(podIP);
    return it == m_podsByIP.end() ? port : it->second->boundPort(port);
}

std::vector<std::string> DataPlane::servicesIn(const cluster::Store &store,
                                               const std::string &ns) const
{
    std::vector<std::string> names;
    for (const auto &svc : store.listOf<model::Service>(ns))
        names.push_back(svc->metadata.name);
    return names;
}

net::Resolver DataPlane::resolverFor(const std::string &ns)
{
    return [this, ns](const std::string &host, int port) -> std::optional<net::tcp::endpoint> {
        const auto ips = m_dns.resolve(host, ns);
        if (ips.empty())
            return std::nullopt;
        boost::system::error_code ec;
        const auto address = boost::asio::ip::make_address_v4(ips.front(), ec);
        if (ec)
            return std::nullopt;
        const int bound = m_forwarder.boundPort(ips.front(), port).value_or(port);
        return net::tcp::endpoint(address, static_cast<unsigned short>(bound));
    };
}

void DataPlane::startPod(const model::Pod &pod, const cluster::Store &store)
{
    net::PodIdentity identity{ pod.metadata.name, pod.metadata.namespace_, pod.status.podIP,
                               pod.spec.nodeName };
    auto listeners = listenersFor(pod, store);
    auto outputs = openContainerLogs(*m_logs, pod, listeners);
    auto server = std::make_unique<net::PodServer>(
            m_io, identity, std::move(listeners),
            net::callsOf(pod, servicesIn(store, pod.metadata.namespace_)),
            resolverFor(pod.metadata.namespace_), &m_local, std::move(outputs));
    for (auto &problem : server->open())
        m_podProblems.push_back(pod.metadata.name + ": " + problem);
    m_podsByIP[identity.ip] = server.get();
    m_pods.emplace(pod.metadata.uid, std::move(server));
    m_shells.started(pod, store);
}

void DataPlane::syncPods(const cluster::Store &store)
{
    std::map<std::string, std::shared_ptr<const model::Pod>> byUid;
    for (const auto &pod : store.listOf<model::Pod>())
        byUid.emplace(pod->metadata.uid, pod);
    for (const auto &uid : m_dirtyPods) {
        auto found = byUid.find(uid);
        auto serving = m_pods.find(uid);
        const bool shouldServe = found != byUid.end() && isRunningWithIP(*found->second);
        if (found == byUid.end())
            m_logs->remove(uid); // the Pod is gone, and its logs with it
        if (!shouldServe && serving != m_pods.end()) {
            m_shells.stopped(uid);
            serving->second->close();
            m_podsByIP.erase(serving->second->identity().ip);
            m_pods.erase(serving);
        } else if (shouldServe && serving == m_pods.end()) {
            startPod(*found->second, store);
        } else if (shouldServe) {
            const auto wanted = listenersFor(*found->second, store);
            if (wanted.size() != serving->second->listeners().size()) {
                serving->second->close();
                m_podsByIP.erase(serving->second->identity().ip);
                m_pods.erase(serving);
                startPod(*found->second, store);
            }
        }
    }
    m_dirtyPods.clear();
    for (const auto &ns : m_dirtyNamespaces) {
        const auto names = servicesIn(store, ns);
        for (auto &[uid, server] : m_pods)
            if (server->identity().namespace_ == ns)
                if (auto pod = byUid.find(uid); pod != byUid.end())
                    server->setCalls(net::callsOf(*pod->second, names));
    }
    m_dirtyNamespaces.clear();
}

bool DataPlane::podServing(const std::string &uid) const
{
    return m_pods.count(uid) > 0;
}

std::map<std::string, std::map<int, int>> DataPlane::podPorts() const
{
    std::map<std::string, std::map<int, int>> ports;
    for (const auto &[ip, server] : m_podsByIP)
        ports.emplace(ip, server->boundPorts());
    return ports;
}

} // namespace clusterlab
