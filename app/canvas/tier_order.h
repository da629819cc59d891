#pragma once

#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <utility>

namespace clusterlab::app {

/// TierEdge says that Pods of tier `from` call a Service of tier `to`.
using TierEdge = std::pair<QString, QString>;

/// orderTiers puts tiers into lanes, left to right, so that callers sit left of callees: a
/// tier's lane is the length of the longest call chain that reaches it (cycles are broken by
/// ignoring the edge that closes them). Tiers in one lane keep the order of `tiers`.
/// Pure function.
QList<QStringList> orderTiers(const QStringList &tiers, const QSet<TierEdge> &edges);

} // namespace clusterlab::app
