#include "cluster/namespace_defaults_controller.h"

#include "cluster/namespace_controller.h"

namespace clusterlab::cluster {

namespace {

namespace json = boost::json;

/// The annotation root-ca-cert-publisher puts on the ConfigMap (its Description constant).
constexpr const char *kDescription =
        "Contains a CA bundle that can be used to verify the kube-apiserver when using internal "
        "endpoints such as the internal service IP or kubernetes.default.svc. No other usage is "
        "guaranteed across distributions of Kubernetes clusters.";

json::object rootCAData()
{
    return { { "ca.crt", rootCANotice() } };
}

model::StoredObject stored(const std::string &kind, const std::string &ns, const std::string &name)
{
    model::StoredObject object;
    object.apiVersion = "v1";
    object.kind = kind;
    object.metadata.name = name;
    object.metadata.namespace_ = ns;
    object.raw = { { "apiVersion", "v1" },
                   { "kind", kind },
                   { "metadata", { { "name", name }, { "namespace", ns } } } };
    return object;
}

} // namespace

const std::string &rootCANotice()
{
    static const std::string notice =
            "# No certificate: ClusterLab serves the Kubernetes API over plain http on "
            "127.0.0.1,\n# so this cluster has no CA to verify it with. A real cluster publishes "
            "its root CA\n# here (-----BEGIN CERTIFICATE----- ...) for Pods to trust "
            "kubernetes.default.svc.\n";
    return notice;
}

NamespaceDefaultsController::NamespaceDefaultsController(ControllerContext context)
    : m_context(context)
{
}

void NamespaceDefaultsController::observe(const WatchEvent &event)
{
    const model::Object &object = event.object();
    if (const auto *ns = std::get_if<model::Namespace>(&object)) {
        if (event.type != WatchEvent::Type::Deleted && !ns->metadata.deletionTimestamp)
            m_queue.add(ns->metadata.name);
        return;
    }
    const auto *item = std::get_if<model::StoredObject>(&object);
    if (!item || event.type == WatchEvent::Type::Added)
        return;
    if ((item->kind == "ServiceAccount" && item->metadata.name == "default"
         && event.type == WatchEvent::Type::Deleted)
        || (item->kind == "ConfigMap" && item->metadata.name == kRootCAConfigMap))
        m_queue.add(item->metadata.namespace_);
}

void NamespaceDefaultsController::sync()
{
    for (const auto &ns : m_queue.take())
        syncNamespace(ns);
}

void NamespaceDefaultsController::syncNamespace(const std::string &ns)
{
    if (!acceptsContent(m_context.store, ns))
        return;
    Store &store = m_context.store;
    if (!store.get("ServiceAccount", ns, "default"))
        store.create(stored("ServiceAccount", ns, "default"));

    const auto existing = store.get("ConfigMap", ns, kRootCAConfigMap);
    const auto *current = existing ? std::get_if<model::StoredObject>(existing.get()) : nullptr;
    if (current && current->metadata.deletionTimestamp)
        return;
    if (!current) {
        auto configMap = stored("ConfigMap", ns, kRootCAConfigMap);
        configMap.metadata.annotations["kubernetes.io/description"] = kDescription;
        configMap.raw["data"] = rootCAData();
        store.create(std::move(configMap));
        return;
    }
    // root-ca-cert-publisher puts the data back when someone edits it.
    const auto *data = current->raw.if_contains("data");
    if (data && *data == json::value(rootCAData()) && !current->raw.contains("binaryData"))
        return;
    model::StoredObject fixed = *current;
    fixed.raw["data"] = rootCAData();
    fixed.raw.erase("binaryData");
    store.update(std::move(fixed));
}

} // namespace clusterlab::cluster
