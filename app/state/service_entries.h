#pragma once

#include "model/service.h"

#include <QList>
#include <QString>

namespace clusterlab::app {

/// EntryPoint is one way into a Service from outside the cluster that the data plane serves:
/// a node port (on every node's InternalIP and 127.0.0.1), a LoadBalancer address or an
/// externalIP, each with the Service port it leads to. A display copy: no pointer into core.
struct EntryPoint
{
    QString id; ///< "<service uid>|<via>|<address>:<port>", unique on the canvas
    QString serviceUid, ns, name;
    QString via; ///< "NodePort", "LoadBalancer" or "ExternalIP", as FlowEvent::via says
    QString address; ///< the LoadBalancer or external IP; empty for a node port (every node)
    int port = 0; ///< the node port, or the Service port an address listens on
    int servicePort = 0;
    QString policy; ///< externalTrafficPolicy: "Cluster" or "Local"

    /// label is the chip's title: "NodePort :30080", "LB 127.250.0.1:80", "ext 127.250.1.1:80".
    QString label() const;
    bool operator==(const EntryPoint &) const = default;
};

/// entryPointsOf lists the entry points of a Service in spec order: per port its node port,
/// then each LoadBalancer ingress IP, then each externalIP. A ClusterIP Service has none.
QList<EntryPoint> entryPointsOf(const model::Service &service);

/// entryOf finds the entry point a flow came in through (via, frontendIP:frontendPort as
/// FlowEvent has them) among a Service's entries; -1 when none matches. A port the data plane
/// moved up for want of privilege (port + 10000) still matches.
int entryOf(const QList<EntryPoint> &entries, const QString &via, const QString &frontendIP,
            int frontendPort);

} // namespace clusterlab::app
