#include "model/pod.h"

namespace clusterlab::model {

const OwnerReference *controllerOf(const ObjectMeta &meta)
{
    for (const auto &ref : meta.ownerReferences)
        if (ref.controller)
            return &ref;
    return nullptr;
}

bool isPodReady(const Pod &pod)
{
    for (const auto &c : pod.status.conditions)
        if (c.type == "Ready")
            return c.status;
    return false;
}

std::string podStatusText(const Pod &pod)
{
    if (isPodTerminating(pod))
        return "Terminating";
    if (!pod.status.reason.empty())
        return pod.status.reason;
    return pod.status.phase;
}

namespace {

std::int64_t findIn(const std::vector<Container> &containers, const std::string &name,
                    const std::string &protocol, bool sidecarsOnly)
{
    for (const auto &c : containers) {
        if (sidecarsOnly && c.restartPolicy != "Always")
            continue;
        for (const auto &p : c.ports)
            if (p.name == name && p.protocol == protocol)
                return p.containerPort;
    }
    return 0;
}

} // namespace

std::int64_t findPort(const Pod &pod, const IntOrString &targetPort, const std::string &protocol)
{
    if (!targetPort.isString)
        return targetPort.intVal;
    if (auto port = findIn(pod.spec.containers, targetPort.strVal, protocol, false))
        return port;
    return findIn(pod.spec.initContainers, targetPort.strVal, protocol, true);
}

} // namespace clusterlab::model
