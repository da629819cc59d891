#pragma once

#include "terminal/kubectl_args.h"
#include "terminal/kubectl_result.h"

#include <boost/json/value.hpp>

#include <string>

namespace clusterlab::app {

class ApiClient;
class DescribeText;

/// KubectlDescribe is the built-in `kubectl describe`: a short kubectl-like description of a
/// Pod, Service or Deployment (a Service's endpoints, a Deployment's new ReplicaSet), with the
/// Events that name it.
/// Thread: a worker thread only; every read waits for the engine strand.
class KubectlDescribe
{
public:
    explicit KubectlDescribe(ApiClient &api);

    /// run executes `kubectl describe TYPE [NAME...] [-n NS]`.
    KubectlResult run(const KubectlArgs &args);

private:
    std::string describeObject(const std::string &kind, const boost::json::value &object);
    void describeService(DescribeText &out, const boost::json::value &service);
    void describeDeployment(DescribeText &out, const boost::json::value &deployment);
    void describeEvents(DescribeText &out, const std::string &kind, const std::string &ns,
                        const std::string &name);

    ApiClient &m_api;
};

} // namespace clusterlab::app
