#pragma once

// What the tst_cluster_* tests share: a cluster whose timers fire at once, a check that a
// call succeeded, and readers of the store (live Pods, ready addresses, slices, events).

#include "cluster/cluster.h"

#include <QString>
#include <QStringList>
#include <QtTest>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace clusterlab::testing {

using PodPtr = std::shared_ptr<const model::Pod>;

/// instant is a 3-node cluster with pace 0: what takes time happens at the next settle().
inline cluster::Options instant(std::uint64_t seed = 1)
{
    return { 3, seed, 0.0 };
}

/// livePods returns the Pods of app that are not terminating, sorted by name.
inline std::vector<PodPtr> livePods(const cluster::Cluster &c, const std::string &app,
                                    const std::string &ns = "default")
{
    std::vector<PodPtr> out;
    for (const auto &pod : c.store().listOf<model::Pod>(ns)) {
        const auto it = pod->metadata.labels.find("app");
        if (it != pod->metadata.labels.end() && it->second == app && !model::isPodTerminating(*pod))
            out.push_back(pod);
    }
    return out;
}

inline std::size_t readyCount(const std::vector<PodPtr> &pods)
{
    return std::count_if(pods.begin(), pods.end(), [](const auto &p) {
        return model::isPodReady(*p);
    });
}

/// readyAddresses lists "ip:port" of every ready address of the Service's Endpoints, sorted.
inline QStringList readyAddresses(const cluster::Cluster &c, const std::string &name,
                                  const std::string &ns = "default")
{
    QStringList out;
    const auto endpoints = c.store().getAs<model::Endpoints>(ns, name);
    if (!endpoints)
        return { "<no Endpoints>" };
    for (const auto &subset : endpoints->subsets)
        for (const auto &address : subset.addresses)
            for (const auto &port : subset.ports)
                out << QString::fromStdString(address.ip + ":" + std::to_string(port.port));
    out.sort();
    return out;
}

/// slicesOf lists the EndpointSlices of a Service in the default namespace.
inline std::vector<std::shared_ptr<const model::EndpointSlice>> slicesOf(const cluster::Cluster &c,
                                                                         const std::string &service)
{
    std::vector<std::shared_ptr<const model::EndpointSlice>> out;
    for (const auto &slice : c.store().listOf<model::EndpointSlice>("default"))
        if (slice->metadata.labels.count("kubernetes.io/service-name")
            && slice->metadata.labels.at("kubernetes.io/service-name") == service)
            out.push_back(slice);
    return out;
}

/// eventMessages lists the messages of every Event with this reason.
inline std::vector<std::string> eventMessages(const cluster::Cluster &c, const std::string &reason)
{
    std::vector<std::string> out;
    for (const auto &event : c.store().listOf<model::Event>())
        if (event->reason == reason)
            out.push_back(event->message);
    return out;
}

} // namespace clusterlab::testing

/// REQUIRE_OK fails the test with the error's message unless the call succeeded.
#define REQUIRE_OK(result)                                                                         \
  do {                                                                                             \
    const auto &r_ = (result);                                                                     \
    QVERIFY2(r_.has_value(), r_.has_value() ? "" : r_.error().message.c_str());                    \
  } while (false)
