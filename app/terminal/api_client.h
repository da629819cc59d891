#pragma once

#include <boost/json/value.hpp>

#include <memory>
#include <string>

namespace clusterlab {
class Engine;
}

namespace clusterlab::app {

/// ApiReply is one answer of ClusterLab's API server: the HTTP status and the JSON body.
struct ApiReply
{
    int status = 0;
    boost::json::value body;

    bool ok() const { return status >= 200 && status < 300; }
    /// errorText words a failed reply as kubectl does: `Error from server (NotFound):
    /// <context>services "x" not found`, or for Invalid `The Service "x" is invalid: <cause>`
    /// (several causes: one `* cause` line each). context is kubectl's `error when creating
    /// "file.yaml": ` for writes from a file, empty otherwise; Invalid leaves it out, as
    /// kubectl does.
    std::string errorText(const std::string &context = {}) const;
};

/// withFieldManager adds `fieldManager=manager` to target's query, the name the API records
/// a write's managedFields under (kubectl's own: kubectl-create, kubectl-client-side-apply,
/// kubectl-label, kubectl-scale).
std::string withFieldManager(const std::string &target, const std::string &manager);

/// ApiClient sends Kubernetes API requests to the engine without a socket, through the same
/// handler (api::handleRequest) and the same API state (watch cache, field managers) that
/// serve the real kubectl, so the built-in kubectl reads and writes exactly as it does: the
/// same objects, Tables, validation, status codes, messages and managedFields.
/// Thread: a worker thread only; every request waits for the engine strand.
class ApiClient
{
public:
    explicit ApiClient(Engine &engine);
    ~ApiClient();
    ApiClient(const ApiClient &) = delete;
    ApiClient &operator=(const ApiClient &) = delete;

    /// get reads target ("/api/v1/namespaces/default/services"), as a meta.k8s.io Table
    /// when table is set.
    ApiReply get(const std::string &target, bool table = false);
    /// send writes: method "POST", "PUT", "PATCH" or "DELETE" with a JSON body.
    ApiReply send(const std::string &method, const std::string &target, const std::string &body,
                  const std::string &contentType = "application/json");

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace clusterlab::app
