#include "state/pod_display.h"

#include <QStringList>

namespace clusterlab::app {

PodState podStateOf(const model::Pod &pod)
{
    if (model::isPodTerminating(pod))
        return PodState::Terminating;
    if (pod.status.phase == "Failed")
        return PodState::Failed;
    if (pod.status.phase == "Succeeded")
        return PodState::Succeeded;
    if (pod.status.phase == "Running")
        return model::isPodReady(pod) ? PodState::Running : PodState::NotReady;
    if (pod.status.reason == "ContainerCreating" || !pod.spec.nodeName.empty())
        return PodState::Creating;
    return PodState::Pending;
}

PodDisplay podDisplayOf(const model::Pod &pod)
{
    PodDisplay d;
    d.uid = QString::fromStdString(pod.metadata.uid);
    d.ns = QString::fromStdString(pod.metadata.namespace_);
    d.name = QString::fromStdString(pod.metadata.name);
    d.ip = QString::fromStdString(pod.status.podIP);
    d.node = QString::fromStdString(pod.spec.nodeName);
    d.status = QString::fromStdString(model::podStatusText(pod));
    d.ready = model::isPodReady(pod);
    QStringList labels;
    for (const auto &[key, value] : pod.metadata.labels)
        labels << QString::fromStdString(key + "=" + value);
    d.labels = labels.join(QLatin1Char(' '));
    d.state = podStateOf(pod);
    return d;
}

} // namespace clusterlab::app
