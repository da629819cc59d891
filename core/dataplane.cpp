#include "dataplane.h"

#include "model/addresses.h"
#include "net/call.h"
#include "net/workload.h"

#include <boost/asio/ip/address.hpp>

#include <algorithm>

namespace clusterlab {

namespace {

constexpr std::size_t kMaxSamples = 4096;

} // namespace

DataPlane::DataPlane(boost::asio::io_context &io, std::uint64_t seed,
                     std::shared_ptr<logs::PodLogs> podLogs)
    : m_io(io),
      m_logs(podLogs ? std::move(podLogs) : std::make_shared<logs::PodLogs>()),
      m_forwarder(io, this, seed),
      m_dns(io),
      m_users(io)
{
    m_forwarder.setLocalServers(&m_local);
}

DataPlane::~DataPlane()
{
    stop();
}

std::vector<std::string> DataPlane::start()
{
    std::vector<std::string> notes;
    net::raiseFileLimit();
    std::string error;
    if (!m_dns.start(error))
        notes.push_back("kube-dns: " + error);
    else if (!m_dns.notice().empty())
        notes.push_back(m_dns.notice());
    m_users.start();
    return notes;
}

void DataPlane::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_users.stop();
    for (auto &[uid, server] : m_pods)
        server->close();
    m_pods.clear();
    m_podsByIP.clear();
    m_healthChecks.clear();
    m_forwarder.stop();
    m_dns.stop();
}

void DataPlane::onEvent(const cluster::WatchEvent &event)
{
    const model::Object &object = event.object();
    const std::string kind = model::kindOf(object);
    if (kind == "Service" || kind == "EndpointSlice" || kind == "Endpoints") {
        m_servicesDirty = true;
        if (kind == "Service") {
            m_dirtyNamespaces.insert(model::meta(object).namespace_);
            // A Service's targetPort may open a port on the Pods it selects.
            for (const auto &[uid, server] : m_pods)
                if (server->identity().namespace_ == model::meta(object).namespace_)
                    m_dirtyPods.insert(uid);
        }
    } else if (kind == "Pod") {
        m_dirtyPods.insert(model::meta(object).uid);
        m_servicesDirty = true;
    }
}

bool DataPlane::sync(const cluster::Store &store)
{
    if (m_stopped)
        return false;
    const bool pods = !m_dirtyPods.empty() || !m_dirtyNamespaces.empty();
    const bool services = m_servicesDirty;
    // Pods first: the endpoint tables need the ports their listeners really bound.
    if (pods)
        syncPods(store);
    if (services)
        syncServices(store);
    return pods || services;
}

void DataPlane::syncServices(const cluster::Store &store)
{
    m_servicesDirty = false;
    std::vector<net::ServicePortEntry> entries, frontends;
    std::vector<ServiceWarning> warnings;
    std::vector<FrontendNode> nodes;
    for (const auto &node : store.listOf<model::Node>())
        if (!node->internalIP.empty())
            nodes.push_back({ node->metadata.name, node->internalIP });
    auto zone = std::make_shared<net::DnsZone>();
    for (const auto &ns : store.listOf<model::Namespace>())
        zone->namespaces.insert(ns->metadata.name);
    std::map<std::pair<std::string, std::string>,
             std::vector<std::shared_ptr<const model::EndpointSlice>>>
            slicesByService;
    for (const auto &slice : store.listOf<model::EndpointSlice>()) {
        const auto owner = slice->metadata.labels.find("kubernetes.io/service-name");
        if (owner != slice->metadata.labels.end())
            slicesByService[{ slice->metadata.namespace_, owner->second }].push_back(slice);
    }
    for (const auto &svc : store.listOf<model::Service>()) {
        const std::string &ns = svc->metadata.namespace_;
        std::vector<std::string> readyIPs;
        std::vector<net::DnsNamedPort> named;
        for (const auto &port : svc->spec.ports) {
            if (!port.name.empty())
                named.push_back({ port.name, int(port.port), port.protocol });
            net::ServicePortEntry entry;
            entry.namespace_ = ns;
            entry.name = svc->metadata.name;
            entry.portName = port.name;
            entry.clusterIP = svc->spec.clusterIP;
            entry.port = int(port.port);
            entry.protocol = port.protocol;
            entry.clientIPAffinity = svc->spec.sessionAffinity == "ClientIP";
            entry.affinityTimeoutSeconds =
                    int(svc->spec.sessionAffinityTimeoutSeconds.value_or(10800));
            entry.internalLocal = svc->spec.internalTrafficPolicy == "Local";
            for (const auto &slice : slicesByService[{ ns, svc->metadata.name }]) {
                for (const auto &slicePort : slice->ports) {
                    if (slicePort.name != port.name || slicePort.protocol != port.protocol)
                        continue;
                    for (const auto &ep : slice->endpoints) {
                        if (!ep.conditions.ready || ep.addresses.empty())
                            continue;
                        entry.endpoints.push_back(
                                { ep.addresses.front(),
                                  boundPodPort(ep.addresses.front(), int(slicePort.port)), true,
                                  ep.targetRef ? ep.targetRef->name : std::string(), ep.nodeName });
                        readyIPs.push_back(ep.addresses.front());
                    }
                }
            }
            if (!svc->spec.clusterIP.empty() && svc->spec.clusterIP != "None"
                && svc->spec.clusterIP != model::kDnsServiceIP) {
                for (auto &frontend : frontendsOf(*svc, port, entry, nodes, warnings))
                    frontends.push_back(std::move(frontend));
                entries.push_back(std::move(entry));
            }
        }
        const bool headless = model::isHeadless(*svc);
        std::sort(readyIPs.begin(), readyIPs.end());
        readyIPs.erase(std::unique(readyIPs.begin(), readyIPs.end()), readyIPs.end());
        if (svc->spec.type == "ExternalName") {
            zone->addExternalName(ns, svc->metadata.name, svc->spec.externalName);
            continue;
        }
        zone->addService(ns, svc->metadata.name,
                         headless ? readyIPs : std::vector<std::string>{ svc->spec.clusterIP },
                         named, headless);
        for (const auto &slice : slicesByService[{ ns, svc->metadata.name }])
            for (const auto &ep : slice->endpoints)
                if (ep.conditions.ready && !ep.addresses.empty())
                    zone->addEndpointAddress(ns, svc->metadata.name, ep.addresses.front(),
                                             ep.hostname);
    }
    for (const auto &pod : store.listOf<model::Pod>())
        if (!pod->spec.hostname.empty() && !pod->spec.subdomain.empty() && model::isPodReady(*pod))
            zone->addPodHostname(pod->metadata.namespace_, pod->spec.subdomain, pod->spec.hostname,
                                 pod->status.podIP);
    auto targets = entryTargets(store, entries);
    std::vector<std::tuple<std::string, std::string, std::string, int>> nodePorts;
    for (const auto &f : frontends)
        if (f.via == "NodePort" && f.listenIP == model::kNodePortLocalhost)
            nodePorts.emplace_back(f.namespace_, f.name, f.listenIP, f.listenPort);
    entries.insert(entries.end(), std::make_move_iterator(frontends.begin()),
                   std::make_move_iterator(frontends.end()));
    m_forwarder.update(std::move(entries));
    // A node port another program holds on 127.0.0.1 is worth a Warning on the Service.
    for (const auto &[ns, name, ip, port] : nodePorts)
        if (const auto problem = m_forwarder.problemOf(ip, port); !problem.empty())
            warnings.push_back({ ns, name, "NodePortNotServed",
                                 "node port " + std::to_string(port) + " is not served on " + ip
                                         + ": " + problem
                                         + " (another program holds it; the node IPs still "
                                           "serve it)" });
    syncHealthChecks(store, nodes, warnings);
    noteWarnings(std::move(warnings));
    m_dns.setZone(std::move(zone));
    for (auto &target : targets)
        if (auto bound = m_forwarder.boundPort(target.endpoint.address().to_string(),
                                               target.endpoint.port()))
            target.endpoint.port(static_cast<unsigned short>(*bound));
    m_users.setTargets(std::move(targets));
}

std::vector<UsersTarget>
DataPlane::entryTargets(const cluster::Store &store,
                        const std::vector<net::ServicePortEntry> &entries) const
{
    // Services somebody in the cluster calls are not entry points.
    std::set<std::pair<std::string, std::string>> called;
    std::map<std::string, std::vector<std::string>> namesByNamespace;
    for (const auto &pod : store.listOf<model::Pod>()) {
        const std::string &ns = pod->metadata.namespace_;
        auto names = namesByNamespace.find(ns);
        if (names == namesByNamespace.end())
            names = namesByNamespace.emplace(ns, servicesIn(store, ns)).first;
        for (const auto &call : net::callsOf(*pod, names->second))
            called.insert({ ns, call.host.substr(0, call.host.find('.')) });
    }
    std::vector<UsersTarget> targets;
    std::set<std::pair<std::string, std::string>> taken;
    for (const auto &entry : entries) {
        if (entry.protocol != "TCP" || entry.endpoints.empty() || entry.name == "kubernetes"
            || called.count({ entry.namespace_, entry.name })
            || taken.count({ entry.namespace_, entry.name }))
            continue;
        const auto &first = entry.endpoints.front();
        const auto pod = store.getAs<model::Pod>(entry.namespace_, first.podName);
        const std::string image =
                pod && !pod->spec.containers.empty() ? pod->spec.containers[0].image : "";
        const auto workload = net::workloadFor(image, first.port);
        if (workload != net::Workload::Http && workload != net::Workload::Sniff)
            continue;
        boost::system::error_code ec;
        const auto address = boost::asio::ip::make_address_v4(entry.clusterIP, ec);
        if (ec)
            continue;
        taken.insert({ entry.namespace_, entry.name });
        targets.push_back({ entry.name, { address, static_cast<unsigned short>(entry.port) } });
    }
    return targets;
}

std::vector<std::string> DataPlane::problems() const
{
    auto out = m_forwarder.problems();
    out.insert(out.end(), m_podProblems.begin(), m_podProblems.end());
    return out;
}

NetworkFacts DataPlane::facts() const
{
    NetworkFacts facts;
    facts.dnsPort = m_dns.boundPort();
    facts.servicePorts = m_forwarder.boundPorts();
    facts.podPorts = podPorts();
    facts.problems = problems();
    return facts;
}

void DataPlane::onFlowStart(const net::FlowEvent &event)
{
    // A port-forward passes no Service and no kube-proxy rule: it is only drawn.
    const bool throughService = !event.serviceName.empty();
    if (throughService)
        m_counters.recordStart(event);
    std::lock_guard lock(m_samplesMutex);
    if (throughService)
        m_lastFlow = event;
    if (m_samples.size() < kMaxSamples)
        m_samples.push_back({ false, event });
}

void DataPlane::onFlowEnd(const net::FlowEvent &event)
{
    if (!event.serviceName.empty())
        m_counters.recordEnd(event);
    std::lock_guard lock(m_samplesMutex);
    if (m_samples.size() < kMaxSamples)
        m_samples.push_back({ true, event });
}

void DataPlane::noteWarnings(std::vector<ServiceWarning> current)
{
    std::set<ServiceWarning> now(current.begin(), current.end());
    for (const auto &w : now)
        if (!m_warned.count(w))
            m_newWarnings.push_back(w);
    m_warned = std::move(now);
}

std::optional<net::FlowEvent> DataPlane::lastFlow() const
{
    std::lock_guard lock(m_samplesMutex);
    return m_lastFlow;
}

std::vector<ServiceWarning> DataPlane::takeWarnings()
{
    return std::exchange(m_newWarnings, {});
}

std::vector<net::FlowSample> DataPlane::takeSamples()
{
    std::lock_guard lock(m_samplesMutex);
    return std::exchange(m_samples, {});
}

} // namespace clusterlab
