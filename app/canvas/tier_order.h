#pragma once

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <utility>

namespace clusterlab::app {

/// TierEdge says that Pods of tier `from` call a Service of tier `to`.
using TierEdge = std::pair<QString, QString>;

/// TierRole is what a tier's names and labels say it does, in the order tiers stand within a
/// lane: the web front first, the data stores last.
enum class TierRole { Frontend, Other, Backend, DataStore };

/// tierRole reads a tier's role from its name, else from words about it (label values such
/// as role or app, workload and Service names): the tier's own name wins, then the earliest
/// role any word names (a tier with a web part is where callers come in). Each name counts by
/// its most telling word ("redis-server" is a data store).
/// Pure function.
TierRole tierRole(const QString &tier, const QStringList &words = {});

/// TierLanes are tiers in lanes, left to right, and the rank each tier got: its lane before
/// empty ranks were dropped (ranks are what a later orderTiers() can be asked to keep).
struct TierLanes
{
    QList<QStringList> lanes;
    QHash<QString, int> ranks;
};

/// orderTiers puts tiers into lanes, left to right, so that callers sit left of callees: a
/// tier's rank is the length of the longest call chain that reaches it (cycles are broken by
/// ignoring the edge that closes them), except that a tier in `kept` keeps the rank given
/// there and the chains through it start from that rank. Tiers in one lane stand by role,
/// then in the order of `tiers`. Pure function.
TierLanes orderTiers(const QStringList &tiers, const QSet<TierEdge> &edges,
                     const QHash<QString, int> &kept = {},
                     const QHash<QString, TierRole> &roles = {});

} // namespace clusterlab::app
