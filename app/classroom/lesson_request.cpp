// A lesson's requests through node ports and load balancers: where they go (from the
// ClusterState, on the GUI thread) and one HTTP GET each (on a sender's thread).
#include "classroom/lesson_request.h"

#include "engine.h"
#include "model/addresses.h"
#include "model/service.h"
#include "state/cluster_state.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <set>

namespace clusterlab::app {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

const model::Service *serviceOf(const ClusterState &state, const QString &ns, const QString &name)
{
    const ClusterMirror &mirror = state.mirror();
    return mirror.service(mirror.serviceUid(ns, name));
}

/// nodesWithReadyPods names the nodes that run a ready endpoint of the Service.
std::set<QString> nodesWithReadyPods(const ClusterMirror &mirror, const model::Service &svc)
{
    std::set<QString> out;
    for (const EndpointRef &endpoint : mirror.endpointsOf(svc))
        if (const model::Pod *pod = mirror.pod(endpoint.podUid); pod && endpoint.ready)
            out.insert(qs(pod->spec.nodeName));
    return out;
}

LessonTarget targetAt(const NetworkFacts &facts, const QString &what, const std::string &ip,
                      int port)
{
    const int bound = facts.boundPort(ip, port);
    return { QStringLiteral("%1 %2:%3").arg(what, qs(ip)).arg(port), ip, bound > 0 ? bound : port };
}

} // namespace

std::vector<LessonTarget> lessonTargets(const ClusterState &state, const QString &ns,
                                        const QString &name, const std::string &via, QString *why)
{
    const model::Service *svc = serviceOf(state, ns, name);
    if (!svc || svc->spec.ports.empty()) {
        *why = QStringLiteral("no Service %1 yet").arg(name);
        return {};
    }
    const ClusterMirror &mirror = state.mirror();
    const NetworkFacts &facts = state.facts();
    const model::ServicePort &port = svc->spec.ports.front();
    if (via == "load-balancer") {
        for (const auto &ingress : svc->status.loadBalancerIngress)
            if (!ingress.ip.empty() && facts.boundPort(ingress.ip, int(port.port)) > 0)
                return { targetAt(facts, QStringLiteral("load balancer"), ingress.ip,
                                  int(port.port)) };
        *why = QStringLiteral("%1's EXTERNAL-IP is still <pending>").arg(name);
        return {};
    }
    if (port.nodePort == 0) {
        *why = QStringLiteral("%1 has no node port").arg(name);
        return {};
    }
    const int nodePort = int(port.nodePort);
    QStringList nodes = mirror.nodeNames();
    nodes.sort();
    const std::set<QString> withPods = nodesWithReadyPods(mirror, *svc);
    std::vector<LessonTarget> out;
    for (const QString &node : nodes) {
        const model::Node *object = mirror.node(node);
        if (!object || object->internalIP.empty())
            continue;
        const bool hasPod = withPods.count(node) > 0;
        if (via == "nodes" || qs(via) == node || (via == "node-with-pod" && hasPod)
            || (via == "node-without-pod" && !hasPod))
            out.push_back(targetAt(facts, node, object->internalIP, nodePort));
    }
    if (via == "node-with-pod" || via == "node-without-pod")
        out.resize(std::min<std::size_t>(out.size(), 1));
    if (via == "nodes" || via == "localhost")
        out.push_back(
                targetAt(facts, QStringLiteral("localhost"), model::kNodePortLocalhost, nodePort));
    if (out.empty())
        *why = via == "node-with-pod" ? QStringLiteral("no node runs a ready %1 Pod yet").arg(name)
                : via == "node-without-pod" ? QStringLiteral("every node runs a %1 Pod").arg(name)
                                            : QStringLiteral("no node %1").arg(qs(via));
    return out;
}

LessonReply requestOnce(Engine &engine, const LessonTarget &target,
                        std::chrono::milliseconds timeout)
{
    LessonReply reply;
    reply.target = target.label;
    auto answer = engine.httpGet(target.ip, target.port, "/?format=json", timeout);
    if (answer.wait_for(timeout + std::chrono::seconds(2)) != std::future_status::ready) {
        reply.error = QStringLiteral("timed out");
        return reply;
    }
    const Engine::HttpAnswer got = answer.get();
    if (got.status == 0) {
        reply.error = QString::fromStdString(got.error);
        return reply;
    }
    if (got.status != 200) {
        reply.error = QStringLiteral("HTTP %1").arg(got.status);
        return reply;
    }
    const QJsonObject json = QJsonDocument::fromJson(QByteArray::fromStdString(got.body)).object();
    reply.pod = json.value(QLatin1String("pod")).toString();
    reply.node = json.value(QLatin1String("node")).toString();
    reply.client = json.value(QLatin1String("client")).toString();
    reply.answered = !reply.pod.isEmpty();
    if (!reply.answered)
        reply.error = QStringLiteral("an answer that is not a Pod's");
    return reply;
}

QString expandPlaceholders(const QString &command, const ClusterState &state, QStringList *missing)
{
    static const QRegularExpression placeholder(QStringLiteral("\\$\\{([^}]+)\\.(\\w+)\\}"));
    QString out;
    qsizetype last = 0;
    for (auto it = placeholder.globalMatch(command); it.hasNext();) {
        const auto match = it.next();
        const QString name = match.captured(1), field = match.captured(2);
        QString value;
        const model::Service *svc = serviceOf(state, QStringLiteral("default"), name);
        if (field == QLatin1String("ip")) {
            if (const model::Node *node = state.mirror().node(name))
                value = qs(node->internalIP);
        } else if (svc && field == QLatin1String("clusterIP")) {
            value = qs(svc->spec.clusterIP);
        } else if (svc && field == QLatin1String("clusterIPName")) {
            // The name a reverse lookup asks for: 127.96.0.20 -> 20.0.96.127.in-addr.arpa.
            QStringList octets = qs(svc->spec.clusterIP).split(QLatin1Char('.'));
            std::reverse(octets.begin(), octets.end());
            if (octets.size() == 4)
                value = octets.join(QLatin1Char('.')) + QStringLiteral(".in-addr.arpa");
        } else if (svc && field == QLatin1String("nodePort") && !svc->spec.ports.empty()
                   && svc->spec.ports.front().nodePort > 0) {
            value = QString::number(svc->spec.ports.front().nodePort);
        } else if (svc && field == QLatin1String("loadBalancerIP")
                   && !svc->status.loadBalancerIngress.empty()) {
            value = qs(svc->status.loadBalancerIngress.front().ip);
        }
        if (value.isEmpty() && missing)
            *missing << match.captured(0);
        out += command.mid(last, match.capturedStart() - last)
                + (value.isEmpty() ? match.captured(0) : value);
        last = match.capturedEnd();
    }
    return out + command.mid(last);
}

} // namespace clusterlab::app
