// LessonRunner's conditions: what a step waits for before Next lights up, and the request
// counts since the step's actions began (the conditions' and the chart's baseline).
#include "classroom/lesson_runner.h"
#include "state/cluster_state.h"

#include <algorithm>

namespace clusterlab::app {

namespace {

const QString kNamespace = QStringLiteral("default");

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

} // namespace

void LessonRunner::snapshotBaseline()
{
    ++m_stepSerial;
    m_replies.clear();
    m_servedBaseline.clear();
    m_baselineByIP.clear();
    for (const auto &[key, counts] : m_stage.state->counts()) {
        if (qs(key.serviceNamespace) != kNamespace)
            continue;
        for (const auto &[ip, n] : counts.connectionsPerEndpointIP) {
            m_servedBaseline[qs(key.serviceName)] += n;
            m_baselineByIP[qs(ip)] += n;
        }
    }
}

quint64 LessonRunner::servedTotal(const QString &service) const
{
    quint64 total = 0;
    for (const auto &[key, counts] : m_stage.state->counts())
        if (qs(key.serviceNamespace) == kNamespace && qs(key.serviceName) == service)
            for (const auto &[ip, n] : counts.connectionsPerEndpointIP)
                total += n;
    return total;
}

quint64 LessonRunner::servedSince(const QString &service) const
{
    const quint64 total = servedTotal(service);
    return total - std::min(total, m_servedBaseline.value(service));
}

int LessonRunner::refusedSince(const QString &service) const
{
    return int(std::count_if(m_replies.begin(), m_replies.end(), [&](const LessonReply &reply) {
        return reply.service == service && !reply.answered;
    }));
}

bool LessonRunner::conditionMet(const LessonCondition &condition, QString *progress) const
{
    const ClusterMirror &mirror = m_stage.state->mirror();
    const QString service = qs(condition.service);
    switch (condition.kind) {
    case LessonCondition::Kind::PodsReady: {
        int pods = 0, ready = 0;
        QHash<QString, int> perGroup;
        for (const QString &uid : mirror.podUids()) {
            const model::Pod *pod = mirror.pod(uid);
            if (!pod || qs(pod->metadata.namespace_) != kNamespace || model::isPodTerminating(*pod))
                continue;
            ++pods;
            if (model::isPodReady(*pod)) {
                ++ready;
                ++perGroup[mirror.groupOf(*pod).key];
            }
        }
        int wanted = 0;
        for (const GroupRef &group : mirror.workloads())
            if (group.ns == kNamespace && group.scalable())
                wanted += mirror.desiredReplicas(group);
        const int expected = std::max(pods, wanted);
        bool met = pods > 0 && ready == pods;
        for (const GroupRef &group : mirror.workloads())
            if (group.ns == kNamespace && group.scalable()
                && perGroup.value(group.key) != mirror.desiredReplicas(group))
                met = false;
        if (progress)
            *progress = QStringLiteral("%1 of %2 Pods ready").arg(ready).arg(expected);
        return met;
    }
    case LessonCondition::Kind::Served: {
        const quint64 served = servedSince(service);
        if (progress)
            *progress = QStringLiteral("%1 of %2 requests answered by %3")
                                .arg(std::min<quint64>(served, quint64(condition.count)))
                                .arg(condition.count)
                                .arg(service);
        return served >= quint64(condition.count);
    }
    case LessonCondition::Kind::Endpoints: {
        int ready = 0;
        const QString uid = mirror.serviceUid(kNamespace, service);
        if (const model::Service *svc = mirror.service(uid))
            for (const EndpointRef &endpoint : mirror.endpointsOf(*svc))
                ready += endpoint.ready;
        if (progress)
            *progress = QStringLiteral("%1 of %2 %3 endpoints ready")
                                .arg(ready)
                                .arg(condition.count)
                                .arg(service);
        return ready == condition.count;
    }
    case LessonCondition::Kind::LoadBalancer: {
        const model::Service *svc = mirror.service(mirror.serviceUid(kNamespace, service));
        const bool met = svc && !svc->status.loadBalancerIngress.empty()
                && !svc->status.loadBalancerIngress.front().ip.empty();
        if (progress)
            *progress = QStringLiteral("%1's EXTERNAL-IP is still <pending>").arg(service);
        return met;
    }
    case LessonCondition::Kind::Refused: {
        const int refused = refusedSince(service);
        if (progress)
            *progress = QStringLiteral("%1 of %2 requests to %3 refused")
                                .arg(std::min(refused, condition.count))
                                .arg(condition.count)
                                .arg(service);
        return refused >= condition.count;
    }
    }
    return false;
}

QStringList LessonRunner::waiting() const
{
    QStringList out;
    const LessonStep *step = currentStep();
    if (!step)
        return out;
    for (const LessonCondition &condition : step->waits) {
        QString progress;
        if (!conditionMet(condition, &progress))
            out << progress;
    }
    return out;
}

} // namespace clusterlab::app
