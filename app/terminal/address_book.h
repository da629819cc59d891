#pragma once

#include "model/object.h"
#include "network_facts.h"

#include <QHash>
#include <QString>

#include <optional>
#include <vector>

namespace clusterlab {
class Engine;
}

namespace clusterlab::app {

/// ServiceAddress is one Service as the terminal may reach it: its ClusterIP and, per
/// Service port, the port really listening (port+10000 when binding needed privilege).
struct ServiceAddress
{
    QString ns;
    QString name;
    QString clusterIP;
    QHash<int, int> boundPorts; ///< Service port -> listening port
};

/// AddressBook is a snapshot of every address that belongs to ClusterLab: Services with a
/// ClusterIP, their node ports and LoadBalancer addresses, Pod IPs, kube-dns and the API
/// server. The command policy allows a tool to
/// contact these and nothing else.
struct AddressBook
{
    QHash<QString, ServiceAddress> services; ///< by "namespace/name"
    /// Pod IP -> its open ports (port -> listening port); empty while the Pod does not serve.
    QHash<QString, QHash<int, int>> podPorts;
    /// Node ports (on node IPs and 127.0.0.1), LoadBalancer and external IPs: address ->
    /// port -> listening port, as the forwarder holds them now.
    QHash<QString, QHash<int, int>> frontendPorts;
    QString dnsIP = QStringLiteral("127.96.0.10");
    int dnsPort = 53; ///< where kube-dns really listens (10053 without privilege)
    int apiPort = 0; ///< 127.0.0.1:apiPort serves the Kubernetes API; 0 = off

    /// service finds a Service by a name the cluster's DNS answers from outside a Pod:
    /// "backend" (namespace default), "backend.ns", "backend.ns.svc" or
    /// "backend.ns.svc.cluster.local" (any case, trailing dot allowed).
    std::optional<ServiceAddress> service(const QString &host) const;
    /// serviceByIP finds the Service that holds a ClusterIP.
    std::optional<ServiceAddress> serviceByIP(const QString &ip) const;
    /// owns says whether ip:port is one of ClusterLab's (port 0: any port of that address).
    /// A Pod or Service address owns only its own ports: anything else listening on all
    /// addresses of this computer (an sshd on port 22 of every address) answers there too.
    bool owns(const QString &ip, int port = 0) const;
    /// portsOf is a Pod IP's open ports or a ClusterIP's Service ports (port -> listening port),
    /// or nothing for an address that is neither.
    std::optional<QHash<int, int>> portsOf(const QString &ip) const;
    /// portProblem says why ip:port is not ClusterLab's when ip is ("backend has no port 22;
    /// its ports: 80"), or is empty.
    QString portProblem(const QString &ip, int port, const QString &shownAs) const;
    /// boundPort is where ip:port really listens: a Service port's fallback, or port itself.
    int boundPort(const QString &ip, int port) const;
};

/// addressBookOf builds the book from the Services and Pods and the data plane's facts (where
/// kube-dns, each Service port and each Pod port really listen). apiPort 0: no API server.
/// Pure function.
AddressBook addressBookOf(const std::vector<model::ObjectPtr> &services,
                          const std::vector<model::ObjectPtr> &pods, const NetworkFacts &facts,
                          int apiPort);

/// snapshotAddresses reads the book from a running engine: its Service and Pod lists and its
/// NetworkFacts, never the data plane itself.
/// Thread: never the GUI thread; it waits for the engine strand.
AddressBook snapshotAddresses(Engine &engine);

} // namespace clusterlab::app
