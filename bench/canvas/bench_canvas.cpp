// bench_canvas: how long one canvas frame takes — applying a frame's batch of flow samples
// and counts to the ClusterState (which the canvas follows), one animation step, and rendering the whole view into a QImage — for clusters
// of 30, 300 and 1000 Pods with 100, 1000 and 10000 flows/s. The cluster is a real Engine
// (no data plane) running the demo scaled up; the flows are synthetic samples shaped like the
// forwarder's (users -> frontend -> backend -> redis/mysql).
#include "bridge/bridge_batch.h"
#include "canvas/canvas_scene.h"
#include "canvas/canvas_view.h"
#include "state/cluster_state.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>

#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

using namespace clusterlab;
using namespace clusterlab::app;

namespace {

struct Cluster
{
    std::vector<model::ObjectPtr> objects;
    std::map<std::string, std::vector<std::string>> podIPs; ///< by app label
};

std::string demoText()
{
    std::ifstream file(CLUSTERLAB_SOURCE_DIR "/resources/demo/three-tier.yaml");
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

/// makeCluster runs the demo with `pods` Pods: 30% frontend, 50% backend, 10% each database.
Cluster makeCluster(int pods)
{
    EngineOptions options;
    options.pace = 0;
    options.dataPlane = false;
    Engine engine(options);
    engine.start();
    auto report = manifest::decodeText(demoText(), "three-tier.yaml");
    engine.apply(std::move(report.objects), cluster::ApplyMode::Apply).get();
    const int frontend = pods * 3 / 10, backend = pods / 2, db = (pods - frontend - backend) / 2;
    engine.call([&](cluster::Cluster &c) {
              c.scale("Deployment", "default", "frontend", frontend);
              c.scale("Deployment", "default", "backend", backend);
              c.scale("Deployment", "default", "redis", db);
              c.scale("Deployment", "default", "mysql", pods - frontend - backend - db);
              c.settle();
          }).get();
    Cluster out;
    for (const char *kind : { "Node", "Service", "Endpoints", "Deployment", "ReplicaSet", "Pod" })
        for (const auto &object : engine.list(kind).get()) {
            out.objects.push_back(object);
            if (const auto *pod = std::get_if<model::Pod>(object.get()))
                out.podIPs[pod->metadata.labels.at("app")].push_back(pod->status.podIP);
        }
    engine.stop();
    return out;
}

struct Flows
{
    std::mt19937 random{ 7 };
    std::map<net::ServicePortKey, net::PortCounts> counts;
    double carry = 0;

    net::FlowSample sample(const std::string &client, const std::string &service,
                           const std::string &endpoint, bool ended)
    {
        net::FlowSample s;
        s.ended = ended;
        s.event.clientIP = client;
        s.event.serviceNamespace = "default";
        s.event.serviceName = service;
        s.event.endpointIP = endpoint;
        return s;
    }

    const std::string &pick(const std::vector<std::string> &ips)
    {
        return ips[random() % ips.size()];
    }

    /// frame makes the samples of one 60 Hz frame at `rate` flows/s, and counts them exactly.
    void frame(const Cluster &cluster, double rate, BridgeBatch &batch)
    {
        carry += rate / 60.0;
        const int flows = int(carry);
        carry -= flows;
        for (int i = 0; i < flows; ++i) {
            std::string client = "127.0.0.1", service = "frontend", target = "frontend";
            switch (i % 4) {
            case 1:
                client = pick(cluster.podIPs.at("frontend"));
                service = target = "backend";
                break;
            case 2:
                client = pick(cluster.podIPs.at("backend"));
                service = target = (i % 8 == 2) ? "redis" : "mysql";
                break;
            default:
                break;
            }
            const std::string endpoint = pick(cluster.podIPs.at(target));
            batch.flows.push_back(sample(client, service, endpoint, false));
            batch.flows.push_back(sample(client, service, endpoint, true));
            net::ServicePortKey key{ "default", service, "", "TCP", 80 };
            auto &port = counts[key];
            ++port.connections[0];
            ++port.connectionsPerEndpointIP[endpoint];
        }
        batch.hasCounts = true;
        batch.counts = counts;
    }
};

struct Result
{
    double meanMs = 0, p95Ms = 0;
    std::size_t packets = 0;
    int streams = 0;
};

Result measure(const Cluster &cluster, double rate)
{
    ClusterState state;
    CanvasScene scene(state);
    CanvasView view(&scene);
    view.resize(1600, 1000);
    view.show();
    QCoreApplication::processEvents();
    BridgeBatch initial;
    for (const auto &object : cluster.objects)
        initial.events.push_back({ cluster::WatchEvent::Type::Added, nullptr, object });
    state.apply(initial);
    view.fitToWindow();
    QImage image(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    Flows flows;
    std::vector<double> times;
    for (int frame = 0; frame < 240; ++frame) {
        BridgeBatch batch;
        flows.frame(cluster, rate, batch);
        QElapsedTimer timer;
        timer.start();
        state.apply(batch); // the state once, then the canvas that follows it
        scene.tick(1.0 / 60);
        QPainter painter(&image);
        view.render(&painter);
        painter.end();
        if (frame >= 60) // warm up: caches filled, streams formed
            times.push_back(timer.nsecsElapsed() / 1e6);
    }
    if (rate == 10000 && cluster.podIPs.at("frontend").size() == 90)
        image.save(QStringLiteral("bench_canvas_300_10000.png"));
    std::sort(times.begin(), times.end());
    Result r;
    for (double t : times)
        r.meanMs += t / times.size();
    r.p95Ms = times[times.size() * 95 / 100];
    r.packets = scene.traffic().packets().size();
    for (const auto &s : scene.traffic().segments())
        r.streams += s.streaming;
    return r;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    std::printf("Canvas frame time: apply one frame's batch + one animation step + render the\n"
                "1600x1000 view into a QImage (whole view every frame: the worst case).\n\n");
    std::printf("%6s %9s %10s %10s %9s %8s\n", "Pods", "flows/s", "mean ms", "p95 ms", "packets",
                "streams");
    for (int pods : { 30, 300, 1000 }) {
        const Cluster cluster = makeCluster(pods);
        for (double rate : { 100.0, 1000.0, 10000.0 }) {
            const Result r = measure(cluster, rate);
            std::printf("%6d %9.0f %10.2f %10.2f %9zu %8d\n", pods, rate, r.meanMs, r.p95Ms,
                        r.packets, r.streams);
            std::fflush(stdout);
        }
    }
    std::printf("\nGoal: < 8 ms per frame at 300 Pods and 1000 flows/s.\n");
    return 0;
}
