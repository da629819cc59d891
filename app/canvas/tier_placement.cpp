#include "canvas/tier_placement.h"

namespace clusterlab::app {

QList<QStringList> TierPlacement::place(const QStringList &tiers, const QSet<TierEdge> &calls,
                                        const QHash<QString, TierRole> &roles, qint64 nowMs)
{
    QHash<QString, int> kept;
    for (const QString &tier : tiers) {
        const qint64 since = m_firstSeen.value(tier, -1);
        if (since < 0)
            m_firstSeen.insert(tier, nowMs);
        else if (nowMs - since >= kSettleMs && m_ranks.contains(tier))
            kept.insert(tier, m_ranks.value(tier));
    }
    TierLanes lanes = orderTiers(tiers, calls, kept, roles);
    m_ranks.insert(lanes.ranks);
    return lanes.lanes;
}

void TierPlacement::forget()
{
    m_ranks.clear();
    m_firstSeen.clear();
}

} // namespace clusterlab::app
