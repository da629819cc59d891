#pragma once

#include "cluster/due_queue.h"
#include "cluster/store.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <utility>

namespace clusterlab::cluster {

class Deleter;
class EventRecorder;
class Random;

/// ControllerContext is what every controller may use: the store, the one Random, the
/// virtual clock, the event recorder, the API server's delete path, and the pace.
struct ControllerContext
{
    Store &store;
    Random &random;
    DueQueue &clock;
    EventRecorder &events;
    Deleter &deleter;
    const double &pace;

    /// delay scales a simulated wait by the pace (0 = at once).
    Duration delay(double seconds) const
    {
        return Duration(std::llround(std::max(0.0, seconds * pace * 1000.0)));
    }
};

/// Controller is one reconcile loop, Kubernetes style: observe() only records which keys
/// need work (from watch events); sync() plans (toCreate / toDelete) and then acts.
/// Thread: engine strand only.
class Controller
{
public:
    virtual ~Controller() = default;
    /// observe records the work a watch event implies; it never writes.
    virtual void observe(const WatchEvent &event) = 0;
    /// pending says whether sync has work.
    virtual bool pending() const = 0;
    /// sync does the recorded work; its writes may record more.
    virtual void sync() = 0;
};

/// NamespacedName is the key most controllers queue: (namespace, name).
using NamespacedName = std::pair<std::string, std::string>;

/// WorkQueue holds keys waiting for sync, each once, handed out in sorted order so a replay
/// reconciles in the same order.
template <class Key = NamespacedName>
class WorkQueue
{
public:
    void add(Key key) { m_keys.insert(std::move(key)); }
    bool empty() const { return m_keys.empty(); }
    /// take hands out every waiting key; keys added meanwhile wait for the next take.
    std::set<Key> take() { return std::exchange(m_keys, {}); }

private:
    std::set<Key> m_keys;
};

} // namespace clusterlab::cluster
