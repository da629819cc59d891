#pragma once

namespace clusterlab::cluster {

class Registry;

/// bootstrap creates what a fresh cluster has: the namespaces default, kube-system,
/// kube-public and kube-node-lease; Nodes node-1..N with podCIDR 127.244.N.0/24 and
/// InternalIP 127.244.N.1; Service `kubernetes` in default (127.96.0.1, 443 -> 6443 with its
/// Endpoints and EndpointSlice pointing at the API server on 127.0.0.1) and Service kube-dns
/// in kube-system (127.96.0.10, 53/UDP dns and 53/TCP dns-tcp, no selector: ClusterLab's DNS
/// answers on it).
void bootstrap(Registry &registry, int nodes);

} // namespace clusterlab::cluster
