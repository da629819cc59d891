#pragma once

#include "cluster/controller.h"

#include <string>

namespace clusterlab::cluster {

/// kRootCAConfigMap is the ConfigMap root-ca-cert-publisher keeps in every namespace.
inline constexpr const char *kRootCAConfigMap = "kube-root-ca.crt";

/// rootCANotice is the ConfigMap's data key ca.crt in ClusterLab: the API server speaks plain
/// http on 127.0.0.1, so there is no cluster CA to publish, and the value says so instead of
/// holding a made-up certificate.
const std::string &rootCANotice();

/// NamespaceDefaultsController does the work of two kube-controller-manager loops for every
/// namespace that is not Terminating: the service account controller (a ServiceAccount
/// "default") and root-ca-cert-publisher (the ConfigMap kube-root-ca.crt, with its
/// kubernetes.io/description annotation). Both are created when the namespace appears,
/// re-created when deleted, and the ConfigMap's data is put back when edited, as the real
/// controllers do. Thread: engine strand only.
class NamespaceDefaultsController : public Controller
{
public:
    explicit NamespaceDefaultsController(ControllerContext context);

    void observe(const WatchEvent &event) override;
    bool pending() const override { return !m_queue.empty(); }
    void sync() override;

private:
    void syncNamespace(const std::string &ns);

    ControllerContext m_context;
    WorkQueue<std::string> m_queue;
};

} // namespace clusterlab::cluster
