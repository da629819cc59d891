#include "canvas/tier_order.h"

#include <QRegularExpression>

#include <algorithm>
#include <optional>

namespace clusterlab::app {

namespace {

/// roleOfWord knows the usual words of Kubernetes examples and tutorials. Redis's and
/// MySQL's replication roles (master, replica, leader, follower…) count as data stores.
std::optional<TierRole> roleOfWord(const QString &word)
{
    static const QHash<QString, TierRole> kWords = [] {
        QHash<QString, TierRole> words;
        for (const char *w :
             { "frontend", "front", "fe", "web", "www", "ui", "gui", "site", "portal", "nginx",
               "httpd", "apache", "gateway", "proxy", "ingress", "edge" })
            words.insert(QLatin1String(w), TierRole::Frontend);
        for (const char *w :
             { "backend", "back", "be", "api", "server", "worker", "logic", "rest", "grpc" })
            words.insert(QLatin1String(w), TierRole::Backend);
        for (const char *w : { "db",      "database",  "data",       "redis",     "mysql",
                               "mariadb", "postgres",  "postgresql", "pg",        "mongo",
                               "mongodb", "cache",     "memcached",  "cassandra", "elasticsearch",
                               "etcd",    "zookeeper", "zk",         "kafka",     "rabbitmq",
                               "queue",   "mq",        "sql",        "store",     "storage",
                               "master",  "replica",   "slave",      "leader",    "follower",
                               "primary", "secondary" })
            words.insert(QLatin1String(w), TierRole::DataStore);
        return words;
    }();
    if (auto it = kWords.constFind(word); it != kWords.constEnd())
        return *it;
    return std::nullopt;
}

/// roleOfText is the most telling role a word of one name gives: a data store's word beats a
/// front's, which beats a backend's ("redis-server" is a data store, "web-server" a front).
std::optional<TierRole> roleOfText(const QString &text)
{
    static const QRegularExpression kNotLetters(QStringLiteral("[^a-z]+"));
    auto telling = [](TierRole role) {
        return role == TierRole::DataStore ? 0 : role == TierRole::Frontend ? 1 : 2;
    };
    std::optional<TierRole> best;
    for (const QString &word : text.toLower().split(kNotLetters, Qt::SkipEmptyParts))
        if (const auto role = roleOfWord(word); role && (!best || telling(*role) < telling(*best)))
            best = role;
    return best;
}

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

/// rankOf is the length of the longest call chain that reaches tier (the graph is acyclic);
/// ranks holds the kept ones from the start, so a chain stops at a kept tier.
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

TierRole tierRole(const QString &tier, const QStringList &words)
{
    if (const auto role = roleOfText(tier))
        return *role;
    std::optional<TierRole> best;
    for (const QString &word : words)
        if (const auto role = roleOfText(word); role && (!best || *role < *best))
            best = role;
    return best.value_or(TierRole::Other);
}

TierLanes orderTiers(const QStringList &tiers, const QSet<TierEdge> &edges,
                     const QHash<QString, int> &kept, const QHash<QString, TierRole> &roles)
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
    TierLanes out;
    for (const QString &tier : tiers)
        if (auto it = kept.constFind(tier); it != kept.constEnd())
            out.ranks.insert(tier, std::max(0, *it));
    QList<int> ranks; // in use, ascending
    for (const QString &tier : tiers) {
        const int rank = rankOf(tier, callers, out.ranks);
        if (auto at = std::lower_bound(ranks.begin(), ranks.end(), rank);
            at == ranks.end() || *at != rank)
            ranks.insert(at, rank);
    }
    out.lanes.resize(ranks.size());
    for (const QString &tier : tiers)
        out.lanes[ranks.indexOf(out.ranks.value(tier))] << tier;
    for (QStringList &lane : out.lanes)
        std::stable_sort(lane.begin(), lane.end(), [&roles](const QString &a, const QString &b) {
            return roles.value(a, TierRole::Other) < roles.value(b, TierRole::Other);
        });
    return out;
}

} // namespace clusterlab::app
