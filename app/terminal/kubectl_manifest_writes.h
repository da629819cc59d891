#pragma once

#include "terminal/kubectl_args.h"
#include "terminal/kubectl_result.h"

#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace clusterlab::app {

class ApiClient;

/// KubectlManifestWrites is the built-in kubectl's writes from files: `create -f`, `apply -f`
/// and `delete -f` (files or folders, several documents, `kind: List`), relative paths read
/// from the working directory. Each object goes to the API as the real kubectl sends it:
/// create POSTs it (field manager kubectl-create); apply GETs it and POSTs it when absent,
/// else sends kubectl's client-side apply merge patch (kubectl-client-side-apply); delete
/// DELETEs it. So validation, status codes, messages and managedFields are the API's.
/// Namespaces a file creates are written first; lines print in the file's order.
/// Thread: a worker thread only; every request waits for the engine strand.
class KubectlManifestWrites
{
public:
    KubectlManifestWrites(ApiClient &api, QString workingDirectory);

    /// create executes `kubectl create -f FILE...`.
    KubectlResult create(const KubectlArgs &args);
    /// apply executes `kubectl apply -f FILE...`.
    KubectlResult apply(const KubectlArgs &args);
    /// remove executes `kubectl delete -f FILE...`.
    KubectlResult remove(const KubectlArgs &args);

private:
    /// ManifestObject is one object of a file, as the API is sent it.
    struct ManifestObject
    {
        const api::ApiResource *resource = nullptr;
        std::string ns; ///< as written, else -n (empty for cluster-scoped kinds)
        std::string name;
        boost::json::object document; ///< as written, its namespace filled in
    };
    enum class Verb { Create, Apply, Delete };

    /// write runs verb for every object of every file of args.
    KubectlResult write(const KubectlArgs &args, Verb verb);
    /// readFile decodes one -f argument; problems go to result, and nothing is returned.
    std::vector<ManifestObject> readFile(const QString &file, const KubectlArgs &args,
                                         KubectlResult &result) const;
    KubectlResult createOne(const ManifestObject &object, const std::string &file);
    KubectlResult applyOne(const ManifestObject &object, const std::string &file);

    ApiClient &m_api;
    QString m_workingDirectory;
};

} // namespace clusterlab::app
