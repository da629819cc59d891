#include "cluster/cluster.h"

#include "cluster/bootstrap.h"
#include "cluster/cluster_ip_allocator.h"
#include "cluster/deleter.h"
#include "cluster/deployment_controller.h"
#include "cluster/endpoints_controller.h"
#include "cluster/event_recorder.h"
#include "cluster/garbage_collector.h"
#include "cluster/kubelet.h"
#include "cluster/load_balancer_controller.h"
#include "cluster/namespace_controller.h"
#include "cluster/namespace_defaults_controller.h"
#include "cluster/node_port_allocator.h"
#include "cluster/random.h"
#include "cluster/replica_set_controller.h"
#include "cluster/scheduler.h"
#include "cluster/stateful_set_controller.h"

#include <algorithm>
#include <array>

namespace clusterlab::cluster {

namespace {

/// kMaxRounds bounds one reconcile: controllers that kept re-queuing each other forever would
/// be a bug, and a frozen engine the worst way to show it.
constexpr int kMaxRounds = 10000;

bool isScalable(const std::string &kind)
{
    return kind == "Deployment" || kind == "ReplicaSet" || kind == "StatefulSet"
            || kind == "ReplicationController";
}

} // namespace

struct Cluster::Impl
{
    explicit Impl(Options opts)
        : options(opts),
          random(opts.seed),
          store(random),
          events(store, clock),
          deleter(store),
          clusterIPs(random),
          nodePorts(random),
          registry(store, clusterIPs, nodePorts, random, events),
          applier(store, registry),
          context{ store, random, clock, events, deleter, options.pace },
          garbageCollector(context),
          namespaces(context),
          namespaceDefaults(context),
          deployments(context),
          replicaSets(context),
          statefulSets(context),
          scheduler(context),
          kubelet(context),
          endpoints(context),
          loadBalancers(context)
    {
    }

    Options options;
    Random random;
    Store store;
    DueQueue clock;
    EventRecorder events;
    Deleter deleter;
    ClusterIpAllocator clusterIPs;
    NodePortAllocator nodePorts;
    Registry registry;
    Applier applier;
    ControllerContext context;
    GarbageCollector garbageCollector;
    NamespaceController namespaces;
    NamespaceDefaultsController namespaceDefaults;
    DeploymentController deployments;
    ReplicaSetController replicaSets;
    StatefulSetController statefulSets;
    Scheduler scheduler;
    Kubelet kubelet;
    EndpointsController endpoints;
    LoadBalancerController loadBalancers;
    /// In the order they sync each round: owners before what they own.
    std::array<Controller *, 10> controllers{ &garbageCollector, &namespaces,  &namespaceDefaults,
                                              &deployments,      &replicaSets, &statefulSets,
                                              &scheduler,        &kubelet,     &endpoints,
                                              &loadBalancers };
    bool reconciling = false;
};

Cluster::Cluster(Options options) : m_impl(std::make_unique<Impl>(options))
{
    m_impl->options.nodes = std::clamp(options.nodes, 1, 254);
    m_impl->options.pace = std::max(0.0, options.pace);
    m_impl->store.watch([impl = m_impl.get()](const WatchEvent &event) {
        if (std::holds_alternative<model::Event>(event.object()))
            return;
        impl->clusterIPs.observe(event);
        impl->nodePorts.observe(event);
        for (auto *controller : impl->controllers)
            controller->observe(event);
    });
    bootstrap(m_impl->registry, m_impl->options.nodes);
    reconcile();
}

Cluster::~Cluster() = default;

void Cluster::recordEvent(const model::Object &involved, const std::string &type,
                          const std::string &reason, const std::string &message,
                          const std::string &component)
{
    m_impl->events.record(involved, type, reason, message, component);
}

Store &Cluster::store()
{
    return m_impl->store;
}

const Store &Cluster::store() const
{
    return m_impl->store;
}

ObjectResult Cluster::create(model::Object object, WriteMode mode)
{
    auto result = m_impl->registry.create(std::move(object), mode);
    reconcile();
    return result;
}

ObjectResult Cluster::update(model::Object object, WriteMode mode)
{
    auto result = m_impl->registry.update(std::move(object), mode);
    reconcile();
    return result;
}

ObjectResult Cluster::remove(const std::string &kind, const std::string &ns,
                             const std::string &name, std::string_view propagation,
                             std::optional<std::int64_t> gracePeriodSeconds, WriteMode mode)
{
    const model::KindInfo *info = model::kindInfo(kind);
    if (!info)
        return Error{ Error::Code::NotFound,
                      "the server could not find the requested resource",
                      {} };
    const auto policy = parsePropagation(propagation);
    if (!policy)
        return Error{ Error::Code::Invalid,
                      "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported "
                      "value: \""
                              + std::string(propagation)
                              + "\": supported values: \"Foreground\", \"Background\", \"Orphan\"",
                      { { "propagationPolicy", "FieldValueNotSupported",
                          "Unsupported value: \"" + std::string(propagation)
                                  + "\": supported values: \"Foreground\", \"Background\", "
                                    "\"Orphan\"" } } };
    const ObjectKey key{ kind, info->namespaced ? (ns.empty() ? "default" : ns) : "", name };
    const auto existing = m_impl->store.get(key);
    if (!existing)
        return notFound(kind, name);
    if (kind == "Namespace"
        && (name == "default" || name == "kube-system" || name == "kube-public"))
        return forbidden(kind, name, "this namespace may not be deleted");
    if (mode == WriteMode::DryRun)
        return existing;
    auto object = m_impl->deleter.remove(key, *policy, gracePeriodSeconds);
    reconcile();
    if (auto current = m_impl->store.get(key))
        return current;
    return object;
}

ObjectResult Cluster::scale(const std::string &kind, const std::string &ns, const std::string &name,
                            std::int64_t replicas, WriteMode mode)
{
    if (!isScalable(kind))
        return Error{ Error::Code::NotFound,
                      "the server could not find the requested resource",
                      {} };
    const auto object = m_impl->store.get(kind, ns.empty() ? "default" : ns, name);
    if (!object)
        return notFound(kind, name);
    if (replicas < 0) {
        std::vector<manifest::FieldError> causes{ { "spec.replicas", "FieldValueInvalid",
                                                    "Invalid value: " + std::to_string(replicas)
                                                            + ": must be greater than or equal "
                                                              "to 0" } };
        return Error{ Error::Code::Invalid,
                      manifest::invalidMessage("Scale.autoscaling", name, causes), causes };
    }
    model::Object next = *object;
    std::visit(
            [&](auto &o) {
                if constexpr (requires { o.spec.replicas; })
                    o.spec.replicas = replicas;
            },
            next);
    // Through the registry like every other write: validation, resourceVersion, generation.
    return update(std::move(next), mode);
}

ApplyResult Cluster::apply(const std::vector<manifest::DecodedObject> &objects, ApplyMode mode)
{
    auto result = m_impl->applier.apply(objects, mode);
    reconcile();
    return result;
}

std::optional<Duration> Cluster::nextDue() const
{
    return m_impl->clock.nextDue();
}

void Cluster::advance(Duration d)
{
    const Duration deadline = m_impl->clock.now() + std::max(d, Duration(0));
    // Everything due at one instant runs, then the controllers react once to all of it, as
    // they would to a burst of watch events.
    while (const auto next = m_impl->clock.nextDue()) {
        const Duration instant = m_impl->clock.now() + *next;
        if (instant > deadline)
            break;
        while (m_impl->clock.runNext(instant)) { }
        reconcile();
    }
    m_impl->clock.moveTo(deadline);
}

void Cluster::settle(Duration max)
{
    const Duration deadline = m_impl->clock.now() + max;
    while (const auto next = m_impl->clock.nextDue()) {
        if (m_impl->clock.now() + *next > deadline)
            break;
        advance(*next);
    }
}

Duration Cluster::now() const
{
    return m_impl->clock.now();
}

double Cluster::pace() const
{
    return m_impl->options.pace;
}

void Cluster::setPace(double pace)
{
    m_impl->options.pace = std::max(0.0, pace);
}

void Cluster::reconcile()
{
    if (m_impl->reconciling)
        return;
    m_impl->reconciling = true;
    for (int round = 0; round < kMaxRounds; ++round) {
        bool worked = false;
        for (auto *controller : m_impl->controllers) {
            if (controller->pending()) {
                controller->sync();
                worked = true;
            }
        }
        if (!worked)
            break;
    }
    m_impl->reconciling = false;
}

} // namespace clusterlab::cluster
