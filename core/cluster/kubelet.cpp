#include "cluster/kubelet.h"

#include "cluster/event_recorder.h"
#include "model/images.h"

#include <algorithm>
#include <charconv>

namespace clusterlab::cluster {

namespace {

constexpr const char *kComponent = "kubelet";
constexpr std::size_t kPodIpQuarantine = 32;
/// The kubelet's image pull back-off: 10 s, doubling, at most 300 s.
constexpr double kPullBackOffSeconds = 10.0;
constexpr double kMaxPullBackOffSeconds = 300.0;

void setCondition(model::Pod &pod, const std::string &type, bool status, model::Time now)
{
    for (auto &c : pod.status.conditions) {
        if (c.type == type) {
            if (c.status != status)
                c = { type, status, now };
            return;
        }
    }
    pod.status.conditions.push_back({ type, status, now });
}

/// goDuration prints a duration as Go's time.Duration.String does for these sizes.
std::string goDuration(Duration d)
{
    const auto ms = d.count();
    if (ms == 0)
        return "0s";
    if (ms < 1000)
        return std::to_string(ms) + "ms";
    std::string out = std::to_string(ms / 1000);
    if (ms % 1000) {
        std::string frac = std::to_string(1000 + ms % 1000).substr(1);
        while (frac.back() == '0')
            frac.pop_back();
        out += "." + frac;
    }
    return out + "s";
}

bool pullsAlways(const model::Container &c)
{
    if (!c.imagePullPolicy.empty())
        return c.imagePullPolicy == "Always";
    // The API server's default: Always for :latest or no tag, IfNotPresent otherwise.
    const auto slash = c.image.rfind('/');
    const auto colon = c.image.rfind(':');
    const bool tagged = colon != std::string::npos && (slash == std::string::npos || colon > slash);
    return !tagged || c.image.ends_with(":latest");
}

} // namespace

Kubelet::Kubelet(ControllerContext context) : m_context(context) { }

void Kubelet::observe(const WatchEvent &event)
{
    const auto *pod = std::get_if<model::Pod>(&event.object());
    if (!pod || pod->spec.nodeName.empty())
        return;
    const std::string &uid = pod->metadata.uid;
    if (!event.current) {
        if (auto *network = allocatorFor(pod->spec.nodeName))
            if (const auto ip = parseIpv4(pod->status.podIP))
                network->release(*ip);
        m_sandboxed.erase(uid);
        m_killing.erase(uid);
        return;
    }
    const bool terminating = model::isPodTerminating(*pod);
    if ((terminating && !m_killing.count(uid)) || (!terminating && !m_sandboxed.count(uid)))
        m_queue.add({ pod->metadata.namespace_, pod->metadata.name });
}

void Kubelet::sync()
{
    for (const auto &[ns, name] : m_queue.take()) {
        const auto pod = m_context.store.getAs<model::Pod>(ns, name);
        if (!pod || pod->spec.nodeName.empty())
            continue;
        if (model::isPodTerminating(*pod))
            killPod(*pod);
        else if (!m_sandboxed.count(pod->metadata.uid))
            createSandbox(*pod);
    }
}

IpAllocator *Kubelet::allocatorFor(const std::string &nodeName)
{
    if (const auto it = m_podNetworks.find(nodeName); it != m_podNetworks.end())
        return &it->second;
    const auto node = m_context.store.getAs<model::Node>("", nodeName);
    if (!node)
        return nullptr;
    const auto slash = node->podCIDR.find('/');
    const auto network = parseIpv4(node->podCIDR.substr(0, slash));
    if (!network || slash == std::string::npos)
        return nullptr;
    int prefix = 0;
    const char *end = node->podCIDR.data() + node->podCIDR.size();
    if (std::from_chars(node->podCIDR.data() + slash + 1, end, prefix).ec != std::errc()
        || prefix < 8 || prefix > 30)
        return nullptr;
    // .1 is the node's own address (InternalIP), never a Pod's.
    return &m_podNetworks
                    .try_emplace(nodeName, *network, prefix, 1, IpAllocator::Order::Sequential,
                                 kPodIpQuarantine)
                    .first->second;
}

void Kubelet::createSandbox(const model::Pod &pod)
{
    IpAllocator *network = allocatorFor(pod.spec.nodeName);
    const auto node = m_context.store.getAs<model::Node>("", pod.spec.nodeName);
    const auto ip = network ? network->allocateNext(m_context.random) : std::nullopt;
    if (!ip) {
        m_context.events.record("Pod", pod.metadata, "Warning", "FailedCreatePodSandBox",
                                "Failed to create pod sandbox: no IP addresses available in "
                                "range set: "
                                        + (node ? node->podCIDR : std::string("<none>")),
                                kComponent, pod.spec.nodeName);
        return;
    }
    m_sandboxed.insert(pod.metadata.uid);
    const auto now = std::chrono::system_clock::now();
    model::Pod next = pod;
    next.status.reason = "ContainerCreating";
    next.status.hostIP = node->internalIP;
    next.status.podIP = formatIpv4(*ip);
    setCondition(next, "Initialized", true, now);
    setCondition(next, "Ready", false, now);
    setCondition(next, "ContainersReady", false, now);
    const auto stored = m_context.store.update(std::move(next));
    for (const auto &c : pod.spec.containers) {
        if (pullsAlways(c) || model::imagePullFailure(c.image))
            m_context.events.normal(*stored, "Pulling", "Pulling image \"" + c.image + "\"",
                                    kComponent, pod.spec.nodeName);
        else
            m_context.events.normal(*stored, "Pulled",
                                    "Container image \"" + c.image
                                            + "\" already present on machine",
                                    kComponent, pod.spec.nodeName);
    }
    const NamespacedName key{ pod.metadata.namespace_, pod.metadata.name };
    m_context.clock.schedule(m_context.delay(kStartSeconds), [this, key, uid = pod.metadata.uid] {
        startContainers(key, uid);
    });
}

void Kubelet::startContainers(const NamespacedName &key, const std::string &uid)
{
    const auto pod = m_context.store.getAs<model::Pod>(key.first, key.second);
    if (!pod || pod->metadata.uid != uid || model::isPodTerminating(*pod))
        return;
    for (const auto &c : pod->spec.containers)
        if (const auto failure = model::imagePullFailure(c.image)) {
            pullFailed(*pod, c, *failure, 0);
            return;
        }
    const auto now = std::chrono::system_clock::now();
    std::int64_t readinessDelay = -1;
    for (const auto &c : pod->spec.containers)
        if (c.readinessProbe)
            readinessDelay = std::max(readinessDelay, c.readinessProbe->initialDelaySeconds);
    model::Pod next = *pod;
    next.status.phase = "Running";
    next.status.reason.clear();
    next.status.startTime = now;
    if (readinessDelay < 0) {
        setCondition(next, "ContainersReady", true, now);
        setCondition(next, "Ready", true, now);
    }
    const auto stored = m_context.store.update(std::move(next));
    const std::string pullTime = goDuration(m_context.delay(kStartSeconds));
    for (const auto &c : pod->spec.containers) {
        if (pullsAlways(c))
            m_context.events.normal(*stored, "Pulled",
                                    "Successfully pulled image \"" + c.image + "\" in " + pullTime
                                            + " (" + pullTime + " including waiting)",
                                    kComponent, pod->spec.nodeName);
        m_context.events.normal(*stored, "Created", "Created container: " + c.name, kComponent,
                                pod->spec.nodeName);
        m_context.events.normal(*stored, "Started", "Started container " + c.name, kComponent,
                                pod->spec.nodeName);
    }
    if (readinessDelay >= 0)
        m_context.clock.schedule(m_context.delay(double(readinessDelay)), [this, key, uid] {
            markReady(key, uid);
        });
}

void Kubelet::pullFailed(const model::Pod &pod, const model::Container &container,
                         const std::string &failure, int attempt)
{
    model::Pod failed = pod;
    failed.status.reason = "ErrImagePull";
    const auto stored = m_context.store.update(std::move(failed));
    const std::string &node = pod.spec.nodeName;
    m_context.events.record(*stored, "Warning", "Failed",
                            "Failed to pull image \"" + container.image + "\": " + failure,
                            kComponent, node);
    m_context.events.record(*stored, "Warning", "Failed", "Error: ErrImagePull", kComponent, node);
    const NamespacedName key{ pod.metadata.namespace_, pod.metadata.name };
    const double backOff =
            std::min(kMaxPullBackOffSeconds, kPullBackOffSeconds * (1 << std::min(attempt, 5)));
    // A second on, the kubelet's next sync finds the pull backing off; it is tried again after
    // the back-off.
    m_context.clock.schedule(
            m_context.delay(kStartSeconds),
            [this, key, uid = pod.metadata.uid, image = container.image] {
                const auto current = m_context.store.getAs<model::Pod>(key.first, key.second);
                if (!current || current->metadata.uid != uid || model::isPodTerminating(*current))
                    return;
                model::Pod waiting = *current;
                waiting.status.reason = "ImagePullBackOff";
                const auto backingOff = m_context.store.update(std::move(waiting));
                m_context.events.record(*backingOff, "Normal", "BackOff",
                                        "Back-off pulling image \"" + image + "\"", kComponent,
                                        current->spec.nodeName);
                m_context.events.record(*backingOff, "Warning", "Failed", "Error: ImagePullBackOff",
                                        kComponent, current->spec.nodeName);
            });
    m_context.clock.schedule(
            m_context.delay(kStartSeconds + backOff), [this, key, uid = pod.metadata.uid, attempt] {
                const auto current = m_context.store.getAs<model::Pod>(key.first, key.second);
                if (!current || current->metadata.uid != uid || model::isPodTerminating(*current))
                    return;
                for (const auto &c : current->spec.containers)
                    if (const auto again = model::imagePullFailure(c.image)) {
                        m_context.events.normal(*current, "Pulling",
                                                "Pulling image \"" + c.image + "\"", kComponent,
                                                current->spec.nodeName);
                        pullFailed(*current, c, *again, attempt + 1);
                        return;
                    }
                startContainers(key, uid); // the image was changed since
            });
}

void Kubelet::markReady(const NamespacedName &key, const std::string &uid)
{
    const auto pod = m_context.store.getAs<model::Pod>(key.first, key.second);
    if (!pod || pod->metadata.uid != uid || model::isPodTerminating(*pod))
        return;
    const auto now = std::chrono::system_clock::now();
    model::Pod next = *pod;
    setCondition(next, "ContainersReady", true, now);
    setCondition(next, "Ready", true, now);
    m_context.store.update(std::move(next));
}

void Kubelet::killPod(const model::Pod &pod)
{
    if (!m_killing.insert(pod.metadata.uid).second)
        return;
    if (pod.status.phase == "Running")
        for (const auto &c : pod.spec.containers)
            m_context.events.normal(pod, "Killing", "Stopping container " + c.name, kComponent,
                                    pod.spec.nodeName);
    const double grace = double(pod.metadata.deletionGracePeriodSeconds.value_or(
            pod.spec.terminationGracePeriodSeconds));
    const ObjectKey key{ "Pod", pod.metadata.namespace_, pod.metadata.name };
    m_context.clock.schedule(m_context.delay(std::min(grace, kMaxGraceSeconds)),
                             [this, key, uid = pod.metadata.uid] {
                                 const auto current = m_context.store.get(key);
                                 if (current && model::meta(*current).uid == uid)
                                     m_context.store.remove(key);
                             });
}

} // namespace clusterlab::cluster
