#pragma once

#include "cluster/controller.h"

#include <map>
#include <set>
#include <string>
#include <unordered_map>

namespace clusterlab::cluster {

/// Scheduler binds each unscheduled Pod to a Node after a short delay (0.2 s at pace 1):
/// the Ready, schedulable Node with the fewest Pods, ties broken by the cluster's Random. A Node
/// holds at most as many Pods as its /24 has addresses (253); a Pod that fits nowhere stays
/// Pending (FailedScheduling "Too many pods") until a Pod goes or a Node comes.
/// Event: Scheduled ("Successfully assigned default/web-x to node-2").
/// Thread: engine strand only.
class Scheduler : public Controller
{
public:
    static constexpr double kBindSeconds = 0.2;
    static constexpr int kMaxPodsPerNode = 253;

    explicit Scheduler(ControllerContext context);

    void observe(const WatchEvent &event) override;
    bool pending() const override { return !m_queue.empty(); }
    void sync() override;

private:
    void bind(const NamespacedName &key, const std::string &uid);
    /// pickNode returns the node for the next Pod, or "" and why none fits in reason.
    std::string pickNode(std::string &reason);
    void retryUnschedulable();

    ControllerContext m_context;
    WorkQueue<NamespacedName> m_queue;
    std::set<std::string> m_binding; ///< uids with a bind due
    std::set<NamespacedName> m_unschedulable; ///< Pods that fitted on no node
    std::unordered_map<std::string, std::string> m_nodeOf; ///< Pod uid -> node, live Pods only
    std::map<std::string, int> m_podsOnNode;
};

} // namespace clusterlab::cluster
