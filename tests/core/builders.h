#pragma once

// Builders for tests, in the style of Kubernetes' test helpers: a valid object with the usual
// defaults, then a mutator that changes what the test is about.
//   auto svc = makeService("default", "web", [](model::Service &s) { s.spec.clusterIP = "None"; });

#include "model/object.h"

#include <string>
#include <utility>

namespace clusterlab::testing {

struct NoChange
{
    template <class T>
    void operator()(T &) const
    {
    }
};

inline void addPort(model::Service &svc, const std::string &name, std::int64_t port,
                    model::IntOrString targetPort, const std::string &protocol = "TCP")
{
    model::ServicePort p;
    p.name = name;
    p.port = port;
    p.targetPort = std::move(targetPort);
    p.protocol = protocol;
    svc.spec.ports.push_back(std::move(p));
}

inline void addPort(model::Container &container, const std::string &name,
                    std::int64_t containerPort, const std::string &protocol = "TCP")
{
    container.ports.push_back({ name, containerPort, 0, protocol });
}

inline model::Container makeContainer(const std::string &name = "web",
                                      const std::string &image = "nginx:1.25")
{
    model::Container c;
    c.name = name;
    c.image = image;
    addPort(c, "http", 80);
    return c;
}

template <class T>
T named(const std::string &ns, const std::string &name)
{
    T object;
    object.metadata.namespace_ = ns;
    object.metadata.name = name;
    return object; // no raw: an object built in code, not read from a manifest
}

/// makeService: a ClusterIP Service selecting app=<name>, port 80 -> 80.
template <class Mutate = NoChange>
model::Service makeService(const std::string &ns, const std::string &name, Mutate &&mutate = {})
{
    auto svc = named<model::Service>(ns, name);
    svc.spec.selector = model::Labels{ { "app", name } };
    addPort(svc, "", 80, model::IntOrString::fromInt(80));
    mutate(svc);
    return svc;
}

/// makePod: a Pod labelled app=<name> with one nginx container serving http on 80.
template <class Mutate = NoChange>
model::Pod makePod(const std::string &ns, const std::string &name, Mutate &&mutate = {})
{
    auto pod = named<model::Pod>(ns, name);
    pod.metadata.labels = { { "app", name } };
    pod.spec.containers = { makeContainer() };
    mutate(pod);
    return pod;
}

inline model::PodTemplateSpec makeTemplate(const std::string &app)
{
    model::PodTemplateSpec tmpl;
    tmpl.metadata.labels = { { "app", app } };
    tmpl.spec.containers = { makeContainer() };
    return tmpl;
}

/// makeDeployment: 3 replicas of app=<name>, RollingUpdate with the default 25% / 25%.
template <class Mutate = NoChange>
model::Deployment makeDeployment(const std::string &ns, const std::string &name,
                                 Mutate &&mutate = {})
{
    auto d = named<model::Deployment>(ns, name);
    d.metadata.labels = { { "app", name } };
    d.spec.replicas = 3;
    d.spec.selector = model::LabelSelector{ { { "app", name } }, {} };
    d.spec.template_ = makeTemplate(name);
    mutate(d);
    return d;
}

/// makeReplicaSet: a standalone ReplicaSet of 3 replicas of app=<name>.
template <class Mutate = NoChange>
model::ReplicaSet makeReplicaSet(const std::string &ns, const std::string &name,
                                 Mutate &&mutate = {})
{
    auto rs = named<model::ReplicaSet>(ns, name);
    rs.spec.replicas = 3;
    rs.spec.selector = model::LabelSelector{ { { "app", name } }, {} };
    rs.spec.template_ = makeTemplate(name);
    mutate(rs);
    return rs;
}

/// makeStatefulSet: 3 replicas of app=<name>, serviceName <name>, OrderedReady.
template <class Mutate = NoChange>
model::StatefulSet makeStatefulSet(const std::string &ns, const std::string &name,
                                   Mutate &&mutate = {})
{
    auto set = named<model::StatefulSet>(ns, name);
    set.spec.replicas = 3;
    set.spec.serviceName = name;
    set.spec.selector = model::LabelSelector{ { { "app", name } }, {} };
    set.spec.template_ = makeTemplate(name);
    mutate(set);
    return set;
}

} // namespace clusterlab::testing
