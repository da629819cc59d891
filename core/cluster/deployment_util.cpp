#include "cluster/deployment_util.h"

#include "cluster/random.h"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <charconv>
#include <optional>
#include <vector>

namespace clusterlab::cluster {

namespace {

std::uint32_t fnv32a(const std::string &data, std::uint32_t hash = 2166136261u)
{
    for (unsigned char c : data) {
        hash ^= c;
        hash *= 16777619u;
    }
    return hash;
}

void writeLabels(std::string &out, const char *what, const model::Labels &labels)
{
    out += what;
    for (const auto &[k, v] : labels)
        out += k + '=' + v + ';';
    out += '\n';
}

void writeContainers(std::string &out, const std::vector<model::Container> &containers)
{
    for (const auto &c : containers) {
        out += "container " + c.name + ' ' + c.image + ' ' + c.imagePullPolicy + ' '
                + c.restartPolicy + '\n';
        for (const auto &p : c.ports)
            out += " port " + p.name + ' ' + std::to_string(p.containerPort) + ' '
                    + std::to_string(p.hostPort) + ' ' + p.protocol + '\n';
        for (const auto &e : c.env)
            out += " env " + e.name + '=' + e.value + (e.fromSource ? " from" : "") + '\n';
        if (c.readinessProbe)
            out += " readiness " + std::to_string(c.readinessProbe->initialDelaySeconds) + ' '
                    + std::to_string(c.readinessProbe->periodSeconds) + '\n';
    }
}

/// canonical writes every field of a template the hash depends on: the modelled ones and the
/// template as written, so a change to a field ClusterLab does not model still rolls out.
std::string canonical(const model::PodTemplateSpec &tmpl)
{
    std::string out;
    model::Labels labels = tmpl.metadata.labels;
    labels.erase(kPodTemplateHashLabel);
    writeLabels(out, "labels ", labels);
    writeLabels(out, "annotations ", tmpl.metadata.annotations);
    writeContainers(out, tmpl.spec.initContainers);
    out += "--\n";
    writeContainers(out, tmpl.spec.containers);
    out += "node " + tmpl.spec.nodeName + " host " + tmpl.spec.hostname + " sub "
            + tmpl.spec.subdomain + " restart " + tmpl.spec.restartPolicy + " grace "
            + std::to_string(tmpl.spec.terminationGracePeriodSeconds) + '\n';
    if (const auto *spec = tmpl.raw.if_contains("spec"))
        out += boost::json::serialize(*spec);
    return out;
}

/// skipCopyAnnotation names the annotations a Deployment does not pass on to its ReplicaSets.
bool skipCopyAnnotation(const std::string &key)
{
    return key == "kubectl.kubernetes.io/last-applied-configuration" || key == kRevisionAnnotation
            || key == kRevisionHistoryAnnotation || key == kDesiredReplicasAnnotation
            || key == kMaxReplicasAnnotation || key == "deprecated.deployment.rollback.to";
}

std::optional<std::int64_t> parseRevision(const std::string &text)
{
    std::int64_t revision = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), revision);
    if (error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return revision;
}

/// appendRevisionHistory adds oldRevision to the revision history, dropping the oldest entries
/// when the list would pass kMaxRevisionHistoryChars.
void appendRevisionHistory(model::Labels &annotations, const std::string &oldRevision)
{
    std::string &history = annotations[kRevisionHistoryAnnotation];
    if (history.empty()) {
        history = oldRevision;
        return;
    }
    std::vector<std::string> revisions;
    for (std::size_t start = 0;;) {
        const std::size_t comma = history.find(',', start);
        revisions.push_back(history.substr(start, comma - start));
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    std::size_t total = history.size() + oldRevision.size() + 1;
    std::size_t first = 0;
    while (total > kMaxRevisionHistoryChars && first < revisions.size())
        total -= revisions[first++].size() + 1;
    if (total > kMaxRevisionHistoryChars)
        return;
    revisions.erase(revisions.begin(), revisions.begin() + std::ptrdiff_t(first));
    revisions.push_back(oldRevision);
    history.clear();
    for (const auto &r : revisions)
        history += (history.empty() ? "" : ",") + r;
}

} // namespace

std::string podTemplateHash(const model::PodTemplateSpec &tmpl, int collisionCount)
{
    std::uint32_t hash = fnv32a(canonical(tmpl));
    if (collisionCount > 0)
        hash = fnv32a(std::to_string(collisionCount), hash);
    return safeEncodeString(std::to_string(hash));
}

bool equalIgnoreHash(const model::PodTemplateSpec &a, const model::PodTemplateSpec &b)
{
    if (!(a.spec == b.spec) || a.raw != b.raw)
        return false;
    const auto withoutHash = [](const model::Labels &labels) {
        std::vector<std::pair<const std::string *, const std::string *>> out;
        for (const auto &[key, value] : labels)
            if (key != kPodTemplateHashLabel)
                out.emplace_back(&key, &value);
        return out;
    };
    const auto left = withoutHash(a.metadata.labels);
    const auto right = withoutHash(b.metadata.labels);
    if (!std::equal(left.begin(), left.end(), right.begin(), right.end(),
                    [](const auto &x, const auto &y) {
                        return *x.first == *y.first && *x.second == *y.second;
                    }))
        return false;
    // The rest of the metadata, labels aside (they were compared above).
    model::ObjectMeta leftMeta = a.metadata;
    model::ObjectMeta rightMeta = b.metadata;
    leftMeta.labels.clear();
    rightMeta.labels.clear();
    return leftMeta == rightMeta;
}

std::int64_t resolveScaled(const model::IntOrString &value, std::int64_t total, bool roundUp)
{
    if (!value.isString)
        return value.intVal;
    // Validation refuses anything but "<int>%", so a bad value here just counts as 0.
    std::int64_t percent = 0;
    const std::string &text = value.strVal;
    std::from_chars(text.data(), text.data() + text.size(), percent);
    const std::int64_t scaled = percent * total;
    return roundUp ? (scaled + 99) / 100 : scaled / 100;
}

std::pair<std::int64_t, std::int64_t> resolveFenceposts(const model::Deployment &deployment)
{
    const auto &strategy = deployment.spec.strategy;
    const std::int64_t replicas = deployment.spec.replicas;
    const std::int64_t surge = resolveScaled(strategy.maxSurge, replicas, true);
    std::int64_t unavailable = resolveScaled(strategy.maxUnavailable, replicas, false);
    if (surge == 0 && unavailable == 0)
        unavailable = 1;
    return { surge, unavailable };
}

std::int64_t revisionOf(const model::ReplicaSet &rs)
{
    const auto it = rs.metadata.annotations.find(kRevisionAnnotation);
    if (it == rs.metadata.annotations.end())
        return 0;
    return parseRevision(it->second).value_or(0);
}

std::int64_t maxSurge(const model::Deployment &deployment)
{
    if (deployment.spec.strategy.type != "RollingUpdate")
        return 0;
    return resolveFenceposts(deployment).first;
}

bool setReplicasAnnotations(model::ReplicaSet &rs, std::int64_t desired, std::int64_t max)
{
    bool updated = false;
    for (const auto &[key, value] : { std::pair{ kDesiredReplicasAnnotation, desired },
                                      std::pair{ kMaxReplicasAnnotation, max } }) {
        std::string &current = rs.metadata.annotations[key];
        if (current != std::to_string(value)) {
            current = std::to_string(value);
            updated = true;
        }
    }
    return updated;
}

bool setNewReplicaSetAnnotations(const model::Deployment &deployment, model::ReplicaSet &rs,
                                 std::int64_t newRevision, bool exists)
{
    auto &annotations = rs.metadata.annotations;
    bool changed = false;
    for (const auto &[key, value] : deployment.metadata.annotations) {
        const auto it = annotations.find(key);
        if (skipCopyAnnotation(key) || (it != annotations.end() && it->second == value))
            continue;
        annotations[key] = value;
        changed = true;
    }
    const auto found = annotations.find(kRevisionAnnotation);
    const std::string oldRevision = found == annotations.end() ? "" : found->second;
    const auto oldNumber =
            oldRevision.empty() ? std::optional<std::int64_t>(0) : parseRevision(oldRevision);
    if (!oldNumber)
        return false; // a revision that is not a number is left alone, as Kubernetes does
    if (*oldNumber < newRevision) {
        annotations[kRevisionAnnotation] = std::to_string(newRevision);
        changed = true;
        // A ReplicaSet that had a revision is being rolled back to: keep the ones it had.
        if (found != annotations.end())
            appendRevisionHistory(annotations, oldRevision);
    }
    if (!exists
        && setReplicasAnnotations(rs, deployment.spec.replicas,
                                  deployment.spec.replicas + maxSurge(deployment)))
        changed = true;
    return changed;
}

} // namespace clusterlab::cluster
