#pragma once

#include "cluster/controller.h"
#include "cluster/pod_control.h"
#include "model/workloads.h"

#include <map>
#include <memory>

namespace clusterlab::cluster {

/// StatefulSetController keeps Pods "<set>-0" .. "<set>-(N-1)" with stable names, hostname =
/// Pod name and subdomain = serviceName (so the headless Service gives each a DNS name).
/// OrderedReady creates them one at a time in order, each after the previous is Running and
/// Ready, and removes surplus ones from the highest ordinal down, one at a time; Parallel
/// does both at once. A deleted Pod comes back with the same name once the old one is gone.
/// A changed template rolls out from the highest ordinal down, one Pod at a time.
/// Events: SuccessfulCreate / SuccessfulDelete ("create Pod web-0 in StatefulSet web successful").
/// Thread: engine strand only.
class StatefulSetController : public Controller
{
public:
    explicit StatefulSetController(ControllerContext context);

    void observe(const WatchEvent &event) override;
    bool pending() const override { return !m_queue.empty(); }
    void sync() override;

private:
    using PodPtr = std::shared_ptr<const model::Pod>;

    void syncSet(const model::Object &object, const model::StatefulSet &set);
    /// scale creates missing and deletes condemned Pods; false while it waits on one.
    bool scale(const model::Object &object, const model::StatefulSet &set,
               const std::map<std::int64_t, PodPtr> &pods, const std::string &revision);
    void rollOut(const model::Object &object, const model::StatefulSet &set,
                 const std::map<std::int64_t, PodPtr> &pods, const std::string &revision);
    void createPod(const model::Object &object, const model::StatefulSet &set, std::int64_t ordinal,
                   const std::string &revision);
    void deletePod(const model::Object &object, const model::StatefulSet &set,
                   const model::Pod &pod);
    void updateStatus(const model::StatefulSet &set, const std::map<std::int64_t, PodPtr> &pods,
                      const std::string &revision);

    ControllerContext m_context;
    PodControl m_control;
    WorkQueue<NamespacedName> m_queue;
};

} // namespace clusterlab::cluster
