#include "cluster/scheduler.h"

#include "cluster/event_recorder.h"
#include "cluster/random.h"

#include <climits>

namespace clusterlab::cluster {

Scheduler::Scheduler(ControllerContext context) : m_context(context) { }

void Scheduler::observe(const WatchEvent &event)
{
    if (std::holds_alternative<model::Node>(event.object())) {
        // A Node joining (or turning Ready) may take Pods that found no room before.
        if (event.current)
            retryUnschedulable();
        return;
    }
    const auto *pod = std::get_if<model::Pod>(&event.object());
    if (!pod)
        return;
    // Keep the Pod count per node current: a Pod counts while it is bound and not deleted.
    const std::string &uid = pod->metadata.uid;
    const bool counts = event.current && !pod->spec.nodeName.empty();
    const auto it = m_nodeOf.find(uid);
    if (it != m_nodeOf.end() && (!counts || it->second != pod->spec.nodeName)) {
        --m_podsOnNode[it->second];
        m_nodeOf.erase(it);
        retryUnschedulable(); // room for a Pod that waits
    }
    if (counts && !m_nodeOf.count(uid)) {
        m_nodeOf[uid] = pod->spec.nodeName;
        ++m_podsOnNode[pod->spec.nodeName];
    }
    if (event.current && pod->spec.nodeName.empty() && !model::isPodTerminating(*pod)
        && !m_binding.count(uid))
        m_queue.add({ pod->metadata.namespace_, pod->metadata.name });
}

void Scheduler::sync()
{
    for (const auto &key : m_queue.take()) {
        const auto pod = m_context.store.getAs<model::Pod>(key.first, key.second);
        if (!pod || !pod->spec.nodeName.empty() || !m_binding.insert(pod->metadata.uid).second)
            continue;
        m_context.clock.schedule(m_context.delay(kBindSeconds),
                                 [this, key, uid = pod->metadata.uid] {
                                     bind(key, uid);
                                 });
    }
}

void Scheduler::bind(const NamespacedName &key, const std::string &uid)
{
    m_binding.erase(uid);
    const auto pod = m_context.store.getAs<model::Pod>(key.first, key.second);
    if (!pod || pod->metadata.uid != uid || !pod->spec.nodeName.empty()
        || model::isPodTerminating(*pod))
        return;
    std::string reason;
    const std::string node = pickNode(reason);
    if (node.empty()) {
        m_unschedulable.insert(key);
        m_context.events.record("Pod", pod->metadata, "Warning", "FailedScheduling", reason,
                                "default-scheduler");
        return;
    }
    model::Pod next = *pod;
    next.spec.nodeName = node;
    next.status.conditions.push_back({ "PodScheduled", true, std::chrono::system_clock::now() });
    const auto bound = m_context.store.update(std::move(next));
    m_context.events.normal(*bound, "Scheduled",
                            "Successfully assigned " + key.first + "/" + key.second + " to " + node,
                            "default-scheduler");
}

void Scheduler::retryUnschedulable()
{
    for (const auto &key : m_unschedulable)
        m_queue.add(key);
    m_unschedulable.clear();
}

std::string Scheduler::pickNode(std::string &reason)
{
    std::vector<std::string> best;
    int fewest = INT_MAX;
    int unschedulable = 0, full = 0;
    const auto nodes = m_context.store.listOf<model::Node>();
    for (const auto &node : nodes) {
        if (!node->ready || node->unschedulable || node->metadata.deletionTimestamp) {
            ++unschedulable;
            continue;
        }
        const auto it = m_podsOnNode.find(node->metadata.name);
        const int count = it == m_podsOnNode.end() ? 0 : it->second;
        if (count >= kMaxPodsPerNode) {
            ++full;
            continue;
        }
        if (count < fewest)
            best.clear();
        if (count <= fewest) {
            fewest = count;
            best.push_back(node->metadata.name);
        }
    }
    if (best.empty()) {
        // As the scheduler words it: "0/3 nodes are available: 3 Too many pods. ..."
        const std::string total = std::to_string(nodes.size());
        std::string why;
        if (full)
            why += std::to_string(full) + " Too many pods";
        if (unschedulable)
            why += std::string(why.empty() ? "" : ", ") + std::to_string(unschedulable)
                    + " node(s) were unschedulable";
        reason = "0/" + total + " nodes are available: " + (why.empty() ? "no nodes" : why)
                + ". preemption: 0/" + total + " nodes are available: " + total
                + " No preemption victims found for incoming pod.";
        return {};
    }
    return best[best.size() == 1 ? 0 : m_context.random.below(best.size())];
}

} // namespace clusterlab::cluster
