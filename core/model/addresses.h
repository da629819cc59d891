#pragma once

// The address plan's fixed addresses (docs/architecture.md): one definition each.

namespace clusterlab::model {

/// kServiceCIDR is where ClusterIPs come from (Kubernetes' 10.96.0.0/12 moved into loopback).
inline constexpr const char *kServiceCIDR = "127.96.0.0/12";
/// kKubernetesServiceIP is the `kubernetes` Service's ClusterIP (the range's first address).
inline constexpr const char *kKubernetesServiceIP = "127.96.0.1";
/// kDnsServiceIP is kube-dns's ClusterIP, where the DNS server listens.
inline constexpr const char *kDnsServiceIP = "127.96.0.10";
/// kLoadBalancerCIDR is the simulated cloud's pool for LoadBalancer and Ingress addresses.
inline constexpr const char *kLoadBalancerCIDR = "127.250.0.0/24";
/// kNodePortLocalhost is the other address node ports are served on, beside node IPs.
inline constexpr const char *kNodePortLocalhost = "127.0.0.1";
/// kPrivilegedPortOffset moves a port below 1024 up when binding it needs privilege.
inline constexpr int kPrivilegedPortOffset = 10000;

} // namespace clusterlab::model
