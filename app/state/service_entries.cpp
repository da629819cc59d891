#include "state/service_entries.h"

#include "model/addresses.h"

namespace clusterlab::app {

namespace {

const QString kNodePort = QStringLiteral("NodePort");
const QString kLoadBalancer = QStringLiteral("LoadBalancer");
const QString kExternalIP = QStringLiteral("ExternalIP");

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

} // namespace

QString EntryPoint::label() const
{
    if (via == kNodePort)
        return QStringLiteral("NodePort :%1").arg(port);
    const QString kind = via == kLoadBalancer ? QStringLiteral("LB") : QStringLiteral("ext");
    return QStringLiteral("%1 %2:%3").arg(kind, address).arg(port);
}

QList<EntryPoint> entryPointsOf(const model::Service &service)
{
    QList<EntryPoint> out;
    const model::ServiceSpec &spec = service.spec;
    if (spec.type == "ExternalName")
        return out;
    EntryPoint base;
    base.serviceUid = qs(service.metadata.uid);
    base.ns = qs(service.metadata.namespace_);
    base.name = qs(service.metadata.name);
    base.policy = spec.externalTrafficPolicy.empty() ? QStringLiteral("Cluster")
                                                     : qs(spec.externalTrafficPolicy);
    const auto add = [&](const QString &via, const QString &address, int port, int servicePort) {
        EntryPoint e = base;
        e.via = via;
        e.address = address;
        e.port = port;
        e.servicePort = servicePort;
        e.id = QStringLiteral("%1|%2|%3:%4").arg(e.serviceUid, via, address).arg(port);
        out << e;
    };
    // As the data plane serves them: node ports unless the type is ClusterIP.
    if (spec.type != "ClusterIP")
        for (const auto &port : spec.ports)
            if (port.nodePort != 0)
                add(kNodePort, QString(), int(port.nodePort), int(port.port));
    if (spec.type == "LoadBalancer")
        for (const auto &ingress : service.status.loadBalancerIngress)
            if (!ingress.ip.empty())
                for (const auto &port : spec.ports)
                    add(kLoadBalancer, qs(ingress.ip), int(port.port), int(port.port));
    for (const auto &ip : spec.externalIPs)
        for (const auto &port : spec.ports)
            add(kExternalIP, qs(ip), int(port.port), int(port.port));
    return out;
}

int entryOf(const QList<EntryPoint> &entries, const QString &via, const QString &frontendIP,
            int frontendPort)
{
    int loose = -1;
    for (int i = 0; i < entries.size(); ++i) {
        const EntryPoint &e = entries[i];
        if (e.via != via || (via != kNodePort && e.address != frontendIP))
            continue;
        if (e.port == frontendPort || e.port + model::kPrivilegedPortOffset == frontendPort)
            return i;
        if (loose < 0 && via != kNodePort)
            loose = i; // the address is right; the port was renumbered some other way
    }
    return loose;
}

} // namespace clusterlab::app
