#pragma once

#include "canvas/tier_order.h"

namespace clusterlab::app {

/// TierPlacement decides the lanes of tiers, and keeps them steady while a cluster is built
/// up step by step.
///
/// The rule: a tier's lane follows the calls while the tier is new, for kSettleMs after it
/// first appeared: a load's Deployments, Services and Pods arrive over a few batches, and the
/// calls with them, and they should settle into the lanes a fresh look gives. After that
/// the tier keeps its rank (its lane) until the canvas starts over (forget()): callers that
/// appear later, as in a lesson's next step, are placed around it by the same rule (a new
/// caller of a tier in the entry lane joins that lane) instead of pushing it right, and a
/// tier that leaves and comes back gets its old lane. We chose keeping over re-deciding
/// because a lane jump moves everything the class was looking at, while a caller standing
/// beside its callee only looks less tidy; reloading lays everything out afresh. Labels and
/// names (TierRole) order tiers within a lane, never across lanes: they are guesses, and a
/// lane says "called by the tiers on the left". Thread: GUI thread.
class TierPlacement
{
public:
    /// kSettleMs is how long a new tier's lane still follows the calls.
    static constexpr qint64 kSettleMs = 1500;

    /// place returns the lanes for tiers, given the calls between them and their roles, at
    /// nowMs (any monotonic clock in milliseconds).
    QList<QStringList> place(const QStringList &tiers, const QSet<TierEdge> &calls,
                             const QHash<QString, TierRole> &roles, qint64 nowMs);
    /// forget drops every kept lane: the next place() lays the tiers out afresh.
    void forget();

private:
    QHash<QString, int> m_ranks; ///< every tier's last rank, also of tiers gone for now
    QHash<QString, qint64> m_firstSeen; ///< when each tier first appeared
};

} // namespace clusterlab::app
