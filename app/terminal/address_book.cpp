#include "terminal/address_book.h"

#include "engine.h"
#include "model/pod.h"
#include "model/service.h"

#include <QStringList>

#include <algorithm>
#include <chrono>

namespace clusterlab::app {

std::optional<ServiceAddress> AddressBook::service(const QString &host) const
{
    QString name = host.toLower();
    if (name.endsWith(QLatin1Char('.')))
        name.chop(1);
    const QString domain = QStringLiteral(".svc.cluster.local");
    if (name.endsWith(domain))
        name.chop(domain.size());
    else if (name.endsWith(QLatin1String(".svc")))
        name.chop(4);
    const QStringList parts = name.split(QLatin1Char('.'));
    if (parts.size() > 2 || parts.front().isEmpty())
        return std::nullopt;
    const QString ns = parts.size() == 2 ? parts.at(1) : QStringLiteral("default");
    const auto it = services.constFind(ns + QLatin1Char('/') + parts.front());
    if (it == services.constEnd())
        return std::nullopt;
    return *it;
}

std::optional<ServiceAddress> AddressBook::serviceByIP(const QString &ip) const
{
    for (const auto &svc : services)
        if (svc.clusterIP == ip)
            return svc;
    return std::nullopt;
}

bool AddressBook::owns(const QString &ip, int port) const
{
    if (ip == dnsIP)
        return port == 0 || port == 53 || port == dnsPort;
    if (ip == QLatin1String("127.0.0.1") && port != 0 && apiPort > 0 && port == apiPort)
        return true;
    const auto ports = portsOf(ip);
    if (!ports)
        return false;
    if (port == 0 || ports->contains(port))
        return true;
    for (const int bound : *ports)
        if (bound == port)
            return true;
    return false;
}

std::optional<QHash<int, int>> AddressBook::portsOf(const QString &ip) const
{
    if (const auto pod = podPorts.constFind(ip); pod != podPorts.constEnd())
        return *pod;
    if (const auto svc = serviceByIP(ip))
        return svc->boundPorts;
    if (const auto frontend = frontendPorts.constFind(ip); frontend != frontendPorts.constEnd())
        return *frontend;
    return std::nullopt;
}

QString AddressBook::portProblem(const QString &ip, int port, const QString &shownAs) const
{
    const auto ports = portsOf(ip);
    if (!ports || owns(ip, port))
        return {};
    const QString what =
            (podPorts.contains(ip) ? QStringLiteral("Pod %1") : QStringLiteral("Service %1"))
                    .arg(shownAs);
    QList<int> known = ports->keys();
    std::sort(known.begin(), known.end());
    QStringList names;
    for (const int p : known)
        names << QString::number(p);
    if (names.isEmpty())
        return QStringLiteral("%1 has no port %2 (it serves no port now)").arg(what).arg(port);
    return QStringLiteral("%1 has no port %2; its ports: %3")
            .arg(what)
            .arg(port)
            .arg(names.join(QStringLiteral(", ")));
}

int AddressBook::boundPort(const QString &ip, int port) const
{
    if (ip == dnsIP && port == 53)
        return dnsPort;
    if (const auto ports = portsOf(ip))
        return ports->value(port, port);
    return port;
}

AddressBook addressBookOf(const std::vector<model::ObjectPtr> &services,
                          const std::vector<model::ObjectPtr> &pods, const NetworkFacts &facts,
                          int apiPort)
{
    AddressBook book;
    book.apiPort = apiPort;
    if (facts.dnsPort > 0)
        book.dnsPort = facts.dnsPort;
    for (const auto &object : services) {
        const auto *svc = std::get_if<model::Service>(object.get());
        if (!svc || svc->spec.clusterIP.empty() || svc->spec.clusterIP == "None")
            continue;
        ServiceAddress address;
        address.ns = QString::fromStdString(svc->metadata.namespace_);
        address.name = QString::fromStdString(svc->metadata.name);
        address.clusterIP = QString::fromStdString(svc->spec.clusterIP);
        // Only TCP ports the forwarder really holds (curl and redis-cli speak TCP): a UDP or
        // SCTP port, or one whose bind failed, would reach whatever else serves that port.
        for (const auto &port : svc->spec.ports) {
            if (!(port.protocol.empty() || port.protocol == "TCP"))
                continue;
            const int p = int(port.port);
            if (const int bound = facts.boundPort(svc->spec.clusterIP, p, "TCP"); bound > 0)
                address.boundPorts.insert(p, bound);
        }
        book.services.insert(address.ns + QLatin1Char('/') + address.name, address);
    }
    for (const auto &[key, bound] : facts.servicePorts) {
        const auto &[ip, port, protocol] = key;
        const QString address = QString::fromStdString(ip);
        if (protocol == "TCP" && !book.serviceByIP(address))
            book.frontendPorts[address].insert(port, bound);
    }
    for (const auto &object : pods) {
        const auto *pod = std::get_if<model::Pod>(object.get());
        if (pod && !pod->status.podIP.empty())
            book.podPorts.insert(QString::fromStdString(pod->status.podIP), {});
    }
    for (const auto &[ip, ports] : facts.podPorts) {
        QHash<int, int> &open = book.podPorts[QString::fromStdString(ip)];
        for (const auto &[port, bound] : ports)
            open.insert(port, bound);
    }
    return book;
}

AddressBook snapshotAddresses(Engine &engine)
{
    const int apiPort = engine.kubeconfigPath().empty() ? 0 : engine.options().apiPort;
    using namespace std::chrono_literals;
    auto services = engine.list("Service");
    auto pods = engine.list("Pod");
    auto facts = engine.networkFacts();
    if (services.wait_for(10s) != std::future_status::ready
        || pods.wait_for(10s) != std::future_status::ready
        || facts.wait_for(10s) != std::future_status::ready) {
        AddressBook book;
        book.apiPort = apiPort;
        return book;
    }
    return addressBookOf(services.get(), pods.get(), facts.get(), apiPort);
}

} // namespace clusterlab::app
