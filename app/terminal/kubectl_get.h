#pragma once

#include "terminal/kubectl_args.h"
#include "terminal/kubectl_result.h"

namespace clusterlab::app {

class ApiClient;

/// KubectlGet is the built-in `kubectl get`: the API's Tables printed in kubectl's columns
/// (-o wide, several types, -A), or the objects themselves as -o yaml, -o json, -o name or
/// -o jsonpath=TEMPLATE prints them.
/// Thread: a worker thread only; every read waits for the engine strand.
class KubectlGet
{
public:
    explicit KubectlGet(ApiClient &api);

    /// run executes `kubectl get TYPE[,TYPE] [NAME...] [-o ...] [-l ...] [-n|-A]`.
    KubectlResult run(const KubectlArgs &args);

private:
    /// tables prints Table rows (no -o, or -o wide).
    KubectlResult tables(const KubectlArgs &args);
    /// objects prints the objects (-o yaml, json, name, jsonpath=).
    KubectlResult objects(const KubectlArgs &args);

    ApiClient &m_api;
};

} // namespace clusterlab::app
