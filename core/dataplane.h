#pragma once

#include "cluster/store.h"
#include "dataplane_frontends.h"
#include "logs/pod_logs.h"
#include "net/dns_server.h"
#include "net/flow_events.h"
#include "net/health_check_server.h"
#include "net/pod_server.h"
#include "net/service_forwarder.h"
#include "network_facts.h"
#include "pod_shells.h"
#include "users_generator.h"

#include <boost/asio/io_context.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace clusterlab {

/// DataPlane keeps the real network in step with the store: a PodServer for every Running
/// Pod, a forwarder listener and endpoint table for every Service port, and the DNS zone.
/// Watch events only mark what changed; sync() applies it (kube-proxy's shape). A Pod's
/// container logs are opened (with their start-up lines) when it starts serving and removed
/// when the Pod leaves the store.
/// Thread: onEvent/sync/start/stop on the engine strand; the rest on network threads.
class DataPlane : public net::FlowSink
{
public:
    /// podLogs is where the Pods' containers write their logs (null: a store of its own).
    DataPlane(boost::asio::io_context &io, std::uint64_t seed,
              std::shared_ptr<logs::PodLogs> podLogs = nullptr);
    ~DataPlane() override;

    /// start opens kube-dns; returns what a person should know (fallback ports, failures).
    std::vector<std::string> start();
    /// onEvent records that an object changed.
    void onEvent(const cluster::WatchEvent &event);
    /// sync applies the recorded changes to listeners, endpoint tables and DNS; returns
    /// whether there were any (only then can facts() differ).
    bool sync(const cluster::Store &store);
    /// stop closes every listener and connection.
    void stop();

    net::ServiceForwarder &forwarder() { return m_forwarder; }
    UsersGenerator &users() { return m_users; }
    /// shells knows what each running Pod's shell needs (`kubectl exec`). Thread: strand.
    const PodShells &shells() const { return m_shells; }
    boost::asio::io_context &io() { return m_io; }
    const net::FlowCounters &counters() const { return m_counters; }
    int dnsPort() const { return m_dns.boundPort(); }
    /// problems lists what keeps part of the data plane from working right now.
    std::vector<std::string> problems() const;
    /// takeWarnings hands over the Service warnings that appeared since the last call, for
    /// the engine to record as Warning events. Thread: engine strand.
    std::vector<ServiceWarning> takeWarnings();
    /// lastFlow is the connection that started last (kube-proxy's rules view highlights it).
    std::optional<net::FlowEvent> lastFlow() const;
    /// takeSamples hands over the flow samples collected since the last call (bounded).
    std::vector<net::FlowSample> takeSamples();
    /// podServing says whether the Pod with this uid has listeners open.
    bool podServing(const std::string &uid) const;
    /// podPorts maps every serving Pod's IP to its open ports (port -> where it listens).
    std::map<std::string, std::map<int, int>> podPorts() const;
    /// facts gathers what the app shows of the network now. Thread: engine strand.
    NetworkFacts facts() const;

    void onFlowStart(const net::FlowEvent &event) override;
    void onFlowEnd(const net::FlowEvent &event) override;

private:
    void syncServices(const cluster::Store &store);
    /// syncHealthChecks serves kube-proxy's health check node port of every LoadBalancer with
    /// externalTrafficPolicy Local on every node, answering with the node's local endpoints.
    void syncHealthChecks(const cluster::Store &store, const std::vector<FrontendNode> &nodes,
                          std::vector<ServiceWarning> &warnings);
    /// noteWarnings keeps the warnings in force now and queues those not reported yet.
    void noteWarnings(std::vector<ServiceWarning> current);
    void syncPods(const cluster::Store &store);
    void startPod(const model::Pod &pod, const cluster::Store &store);
    std::vector<std::string> servicesIn(const cluster::Store &store, const std::string &ns) const;
    net::Resolver resolverFor(const std::string &ns);
    /// boundPodPort is where a Pod's port really listens (port+10000 without privilege).
    int boundPodPort(const std::string &podIP, int port) const;
    std::vector<UsersTarget> entryTargets(const cluster::Store &store,
                                          const std::vector<net::ServicePortEntry> &entries) const;

    boost::asio::io_context &m_io;
    std::shared_ptr<logs::PodLogs> m_logs; ///< every running container's log
    net::FlowCounters m_counters;
    net::LocalServers m_local; ///< before the forwarder and the Pods, which use it
    net::ServiceForwarder m_forwarder;
    net::DnsServer m_dns;
    UsersGenerator m_users;
    PodShells m_shells;
    bool m_servicesDirty = true;
    std::set<std::string> m_dirtyPods; ///< uids
    std::set<std::string> m_dirtyNamespaces; ///< whose Services changed: Pods' calls follow
    std::map<std::string, std::unique_ptr<net::PodServer>> m_pods; ///< by uid
    std::map<std::string, const net::PodServer *> m_podsByIP; ///< into m_pods
    /// health check servers by (namespace, name, node IP, port)
    std::map<std::tuple<std::string, std::string, std::string, int>,
             std::unique_ptr<net::HealthCheckServer>>
            m_healthChecks;
    std::vector<std::string> m_podProblems;
    std::set<ServiceWarning> m_warned; ///< in force now, each reported once
    std::vector<ServiceWarning> m_newWarnings;
    bool m_stopped = false;

    mutable std::mutex m_samplesMutex; ///< guards m_samples
    std::vector<net::FlowSample> m_samples;
    std::optional<net::FlowEvent> m_lastFlow; ///< guarded by m_samplesMutex
};

} // namespace clusterlab
