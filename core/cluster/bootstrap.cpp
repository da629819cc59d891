#include "cluster/bootstrap.h"

#include "cluster/endpoint_util.h"
#include "cluster/registry.h"
#include "model/addresses.h"

namespace clusterlab::cluster {

namespace {

template <class T>
T named(const std::string &ns, const std::string &name, model::Labels labels = {})
{
    T object;
    object.metadata.namespace_ = ns;
    object.metadata.name = name;
    object.metadata.labels = std::move(labels);
    const model::KindInfo *info = model::kindInfo(T::kKind);
    object.raw["apiVersion"] = model::apiVersionOf(*info);
    object.raw["kind"] = T::kKind;
    return object;
}

model::ServicePort servicePort(const std::string &name, const std::string &protocol,
                               std::int64_t port, std::int64_t targetPort)
{
    model::ServicePort out;
    out.name = name;
    out.protocol = protocol;
    out.port = port;
    out.targetPort = model::IntOrString::fromInt(targetPort);
    return out;
}

void createKubernetesService(Registry &registry)
{
    auto svc =
            named<model::Service>("default", "kubernetes",
                                  { { "component", "apiserver" }, { "provider", "kubernetes" } });
    svc.spec.clusterIP = model::kKubernetesServiceIP;
    svc.spec.ports = { servicePort("https", "TCP", 443, 6443) };
    registry.create(std::move(svc));

    const model::EndpointPort https{ "https", 6443, "TCP", {} };
    auto endpoints = named<model::Endpoints>(
            "default", "kubernetes", { { "endpointslice.kubernetes.io/skip-mirror", "true" } });
    endpoints.subsets = { { { { "127.0.0.1", {}, {}, {} } }, {}, { https } } };
    registry.create(std::move(endpoints));

    auto slice = named<model::EndpointSlice>("default", "kubernetes",
                                             { { kServiceNameLabel, "kubernetes" } });
    slice.endpoints = { { { "127.0.0.1" }, { true, true, false }, {}, {}, {} } };
    slice.ports = { https };
    registry.create(std::move(slice));
}

void createKubeDns(Registry &registry)
{
    auto svc = named<model::Service>("kube-system", "kube-dns",
                                     { { "k8s-app", "kube-dns" },
                                       { "kubernetes.io/cluster-service", "true" },
                                       { "kubernetes.io/name", "CoreDNS" } });
    svc.spec.clusterIP = model::kDnsServiceIP;
    svc.spec.ports = { servicePort("dns", "UDP", 53, 53), servicePort("dns-tcp", "TCP", 53, 53) };
    registry.create(std::move(svc));
}

} // namespace

void bootstrap(Registry &registry, int nodes)
{
    for (const char *ns : { "default", "kube-system", "kube-public", "kube-node-lease" })
        registry.create(named<model::Namespace>("", ns, { { "kubernetes.io/metadata.name", ns } }));
    for (int n = 1; n <= nodes; ++n) {
        const std::string name = "node-" + std::to_string(n);
        auto node = named<model::Node>("", name,
                                       { { "kubernetes.io/hostname", name },
                                         { "kubernetes.io/os", "linux" },
                                         { "kubernetes.io/arch", "amd64" } });
        node.podCIDR = "127.244." + std::to_string(n) + ".0/24";
        node.internalIP = "127.244." + std::to_string(n) + ".1";
        registry.create(std::move(node));
    }
    createKubernetesService(registry);
    createKubeDns(registry);
}

} // namespace clusterlab::cluster
