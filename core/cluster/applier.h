#pragma once

#include "cluster/error.h"
#include "cluster/registry.h"
#include "manifest/decode.h"

#include <string>
#include <vector>

namespace clusterlab::cluster {

/// ApplyMode is `kubectl create -f` (an existing object is an error) or `kubectl apply -f`
/// (an existing object is updated to the manifest).
enum class ApplyMode { Create, Apply };

/// ApplyResult reports an apply as kubectl prints it. All or nothing: ok, and one outcome
/// line per object ("service/backend created", "deployment.apps/web configured",
/// "... unchanged") in input order; or not ok, nothing written, and every problem.
struct ApplyResult
{
    bool ok = true;
    std::vector<std::string> outcomes;
    std::vector<model::ObjectPtr> objects; ///< as stored, in the order of outcomes
    /// every error with its file:line:column (field errors one per line), plus warnings
    std::vector<manifest::Diagnostic> diagnostics;
    std::vector<Error> errors; ///< one per refused object, as the API server answers
};

/// resourceArg names an object as kubectl prints it: "service/backend",
/// "deployment.apps/backend".
std::string resourceArg(const std::string &kind, const std::string &name);

/// Applier checks a whole batch of decoded objects before writing any of them: validation,
/// namespaces (those created by the batch count), names taken or repeated in the batch,
/// requested ClusterIPs; only when nothing fails does it write, Namespaces first.
/// Thread: engine strand only.
class Applier
{
public:
    Applier(Store &store, Registry &registry);

    ApplyResult apply(const std::vector<manifest::DecodedObject> &objects, ApplyMode mode);

private:
    struct Step;

    /// check plans the batch object by object (defaults, names, validation, the Registry's
    /// checks) and puts every refusal into result; it writes nothing.
    std::vector<Step> check(const std::vector<manifest::DecodedObject> &objects, ApplyMode mode,
                            ApplyResult &result);
    /// write stores the checked steps, Namespaces first, and reports the outcomes in input order.
    void write(std::vector<Step> &steps, const std::vector<manifest::DecodedObject> &objects,
               ApplyMode mode, ApplyResult &result);
    void refuse(ApplyResult &result, const manifest::DecodedObject &decoded, Error error,
                bool existing) const;

    Store &m_store;
    Registry &m_registry;
};

} // namespace clusterlab::cluster
