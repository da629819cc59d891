#pragma once

#include "model/pod.h"
#include "model/service.h"

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace clusterlab::shell {

/// EnvList is an ordered environment: NAME, value.
using EnvList = std::vector<std::pair<std::string, std::string>>;

/// serviceEnvName is kubelet's makeEnvVariableName: upper case, '.' and '-' to '_', and a
/// leading '_' when it starts with a digit ("my-db" -> "MY_DB").
std::string serviceEnvName(const std::string &serviceName);

/// serviceLinkVariables are the variables kubelet's envvars.FromServices makes for one
/// Service with a ClusterIP: NAME_SERVICE_HOST, NAME_SERVICE_PORT, NAME_SERVICE_PORT_<PORT>
/// for named ports, and the Docker link variables NAME_PORT, NAME_PORT_<port>_<PROTO> with
/// _PROTO, _PORT, _ADDR. Headless and ExternalName Services give none.
EnvList serviceLinkVariables(const model::Service &service);

/// KeyLookup reads a key of a ConfigMap or Secret (kind, name, key) for valueFrom; nothing
/// when it does not exist.
using KeyLookup = std::function<std::optional<std::string>(
        const std::string &kind, const std::string &name, const std::string &key)>;

/// containerEnvironment is what a container of pod starts with, in the order `env` prints
/// it: PATH and HOSTNAME from the runtime, the container's own env (value, or valueFrom
/// fieldRef metadata.name, metadata.namespace, metadata.uid, spec.nodeName,
/// spec.serviceAccountName, status.podIP, status.hostIP, or a ConfigMap or Secret key through
/// lookup), the link variables of servicesAtStart (the Services of its namespace, and the
/// `kubernetes` Service, that existed when the container started), and HOME. A variable of
/// the container's own env wins over a Service's of the same name.
EnvList containerEnvironment(const model::Pod &pod, const std::string &container,
                             const std::vector<model::Service> &servicesAtStart,
                             const KeyLookup &lookup = {});

} // namespace clusterlab::shell
