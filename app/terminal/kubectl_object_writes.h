#pragma once

#include "terminal/kubectl_args.h"
#include "terminal/kubectl_result.h"

#include <string>

namespace clusterlab::app {

class ApiClient;

/// KubectlObjectWrites is the built-in kubectl's writes to objects named on the command line:
/// `delete TYPE NAME|-l SELECTOR`, `scale TYPE NAME --replicas=N` and `label TYPE NAME k=v
/// [k-] [--overwrite]`, sent as the real kubectl sends them (DELETE; a merge patch of the
/// scale subresource; a merge patch of metadata.labels) under kubectl's field managers
/// (kubectl-scale, kubectl-label), and printed in its words.
/// Thread: a worker thread only; every request waits for the engine strand.
class KubectlObjectWrites
{
public:
    explicit KubectlObjectWrites(ApiClient &api);

    /// remove executes `kubectl delete TYPE NAME...` or `kubectl delete TYPE -l SELECTOR`.
    KubectlResult remove(const KubectlArgs &args);
    /// scale executes `kubectl scale TYPE NAME... --replicas=N`.
    KubectlResult scale(const KubectlArgs &args);
    /// label executes `kubectl label TYPE NAME... k=v [k-] [--overwrite]`.
    KubectlResult label(const KubectlArgs &args);

    /// deleteOne deletes one object as kubectl does and prints `service "backend" deleted`;
    /// context is put before the server's message (`error when deleting "file.yaml": `).
    KubectlResult deleteOne(const api::ApiResource &resource, const std::string &ns,
                            const std::string &name, const std::string &context = {});

private:
    /// labelOne sends one object's label changes.
    KubectlResult labelOne(const api::ApiResource &resource, const QString &ns, const QString &name,
                           const QStringList &changes, bool overwrite);

    ApiClient &m_api;
};

} // namespace clusterlab::app
