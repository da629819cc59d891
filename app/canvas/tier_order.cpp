#include "canvas/tier_order.h"

#include <QHash>

#include <algorithm>

namespace clusterlab::app {

namespace {

/// dropBackEdges removes the edges that close a cycle, found by a depth-first walk that
/// starts from the tiers in their given order (so the first tier of a cycle stays left).
void dropBackEdges(const QString &tier, QHash<QString, QStringList> &callees,
                   QHash<QString, int> &state)
{
    state.insert(tier, 1); // on the path
    QStringList &out = callees[tier];
    for (qsizetype i = 0; i < out.size();) {
        const int s = state.value(out[i], 0);
        if (s == 1) {
            out.removeAt(i);
            continue;
        }
        if (s == 0)
            dropBackEdges(out[i], callees, state);
        ++i;
    }
    state.insert(tier, 2); // done
}

/// rankOf is the length of the longest call chain that reaches tier (the graph is acyclic).
int rankOf(const QString &tier, const QHash<QString, QStringList> &callers,
           QHash<QString, int> &ranks)
{
    if (auto it = ranks.constFind(tier); it != ranks.constEnd())
        return *it;
    int rank = 0;
    for (const QString &caller : callers.value(tier))
        rank = std::max(rank, rankOf(caller, callers, ranks) + 1);
    ranks.insert(tier, rank);
    return rank;
}

} // namespace

QList<QStringList> orderTiers(const QStringList &tiers, const QSet<TierEdge> &edges)
{
    const QSet<QString> known(tiers.begin(), tiers.end());
    QHash<QString, QStringList> callees;
    for (const auto &[from, to] : edges)
        if (from != to && known.contains(from) && known.contains(to))
            callees[from] << to;
    for (auto &list : callees)
        list.sort();
    QHash<QString, int> state;
    for (const QString &tier : tiers)
        if (!state.contains(tier))
            dropBackEdges(tier, callees, state);
    QHash<QString, QStringList> callers;
    for (const auto &[from, list] : callees.asKeyValueRange())
        for (const QString &to : list)
            callers[to] << from;
    QHash<QString, int> ranks;
    QList<QStringList> lanes;
    for (const QString &tier : tiers) {
        const int rank = rankOf(tier, callers, ranks);
        while (lanes.size() <= rank)
            lanes.append(QStringList());
        lanes[rank] << tier;
    }
    lanes.removeIf([](const QStringList &lane) {
        return lane.isEmpty();
    });
    return lanes;
}

} // namespace clusterlab::app
