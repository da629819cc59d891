// bench/api: the Kubernetes API as kubectl uses it, over real sockets.
//  1. scale -> routable: PATCH .../deployments/backend/scale (as `kubectl scale` does), then
//     a watch on the Service's EndpointSlices until every replica is a ready endpoint and the
//     data plane serves each Pod (checked on the engine strand, after its sync), at pace 0;
//     p50/p99 over 100 runs (3 -> 5 replicas, then back to 3, unmeasured).
//  2. list + watch with 3000 Pods: LIST as JSON and as a Table (what `kubectl get pods`
//     asks for), and the events a watch receives while a Deployment scales 0 -> 3000.
// Not a test: nothing is asserted. Run: build/bench/api/bench_api
#include "dataplane.h"
#include "engine.h"
#include "manifest/decode.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace clusterlab;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

int freePort()
{
    asio::io_context io;
    asio::ip::tcp::acceptor acceptor(io, { asio::ip::make_address("127.0.0.1"), 0 });
    return acceptor.local_endpoint().port();
}

/// prefixOf reads the server URL's token path from ClusterLab's kubeconfig.
std::string prefixOf(const std::string &kubeconfig)
{
    std::ifstream in(kubeconfig);
    std::string line;
    while (std::getline(in, line))
        if (auto at = line.find("server: http://"); at != std::string::npos) {
            const std::string url = line.substr(at + 15);
            return url.substr(url.find('/'));
        }
    return {};
}

/// Client is one keep-alive HTTP/1.1 connection to the API, as kubectl keeps one.
class Client
{
public:
    Client(int port, std::string prefix) : m_stream(m_io), m_prefix(std::move(prefix))
    {
        m_stream.connect(
                { asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port) });
    }

    http::response<http::string_body> send(http::verb method, const std::string &target,
                                           const std::string &body = {},
                                           const std::string &contentType = "application/json",
                                           const std::string &accept = "application/json")
    {
        http::request<http::string_body> request(method, m_prefix + target, 11);
        request.set(http::field::host, "127.0.0.1");
        request.set(http::field::accept, accept);
        request.set(http::field::user_agent, "bench_api");
        if (!body.empty())
            request.set(http::field::content_type, contentType);
        request.body() = body;
        request.prepare_payload();
        http::write(m_stream, request);
        http::response<http::string_body> response;
        http::read(m_stream, m_buffer, response);
        return response;
    }

    /// startWatch sends a watch request and reads its headers; then nextLine() reads events.
    void startWatch(const std::string &target)
    {
        http::request<http::empty_body> request(http::verb::get, m_prefix + target, 11);
        request.set(http::field::host, "127.0.0.1");
        http::write(m_stream, request);
        m_parser.emplace();
        m_parser->body_limit(boost::none);
        http::read_header(m_stream, m_buffer, *m_parser);
    }

    /// nextLine returns the next complete watch event line.
    std::string nextLine()
    {
        for (;;) {
            if (auto nl = m_pending.find('\n'); nl != std::string::npos) {
                std::string line = m_pending.substr(0, nl);
                m_pending.erase(0, nl + 1);
                return line;
            }
            char chunk[65536];
            m_parser->get().body().data = chunk;
            m_parser->get().body().size = sizeof chunk;
            beast::error_code ec;
            http::read_some(m_stream, m_buffer, *m_parser, ec);
            if (ec && ec != http::error::need_buffer)
                return {};
            m_pending.append(chunk, sizeof chunk - m_parser->get().body().size);
            m_bytes += sizeof chunk - m_parser->get().body().size;
        }
    }

    std::size_t bytes() const { return m_bytes; }

private:
    asio::io_context m_io;
    beast::tcp_stream m_stream;
    std::string m_prefix;
    beast::flat_buffer m_buffer;
    std::optional<http::response_parser<http::buffer_body>> m_parser;
    std::string m_pending;
    std::size_t m_bytes = 0;
};

constexpr const char *kDeployment = R"({"apiVersion":"apps/v1","kind":"Deployment",
 "metadata":{"name":"backend"},"spec":{"replicas":%d,"selector":{"matchLabels":{"app":"backend"}},
 "template":{"metadata":{"labels":{"app":"backend"}},"spec":{"containers":[{"name":"web",
 "image":"nginx:1.25","ports":[{"containerPort":80}]}]}}}})";
constexpr const char *kService =
        R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"backend"},
 "spec":{"selector":{"app":"backend"},"ports":[{"port":80,"targetPort":80}]}})";

std::string deployment(int replicas)
{
    char text[1024];
    std::snprintf(text, sizeof text, kDeployment, replicas);
    return text;
}

/// readyEndpoints counts the ready addresses of an EndpointSlice event line.
int readyEndpoints(const std::string &line)
{
    const json::value event = json::parse(line);
    const auto *endpoints = event.at("object").as_object().if_contains("endpoints");
    int ready = 0;
    if (endpoints && endpoints->is_array())
        for (const auto &e : endpoints->as_array())
            ready += e.at("conditions").at("ready").as_bool();
    return ready;
}

/// serving says, on the engine strand (after the data plane's sync), whether every Running
/// backend Pod has its workload listening.
bool serving(Engine &engine, int want)
{
    return engine
            .call([&engine, want](cluster::Cluster &c) {
                int count = 0;
                for (const auto &pod : c.store().listOf<model::Pod>("default"))
                    if (pod->status.phase == "Running" && !model::isPodTerminating(*pod))
                        count += engine.dataPlane()->podServing(pod->metadata.uid);
                return count >= want;
            })
            .get();
}

double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, std::size_t(p * double(values.size())))];
}

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void scaleToRoutable()
{
    EngineOptions options;
    options.pace = 0;
    options.usersRate = 0;
    options.apiPort = freePort();
    options.kubeconfigPath = "/tmp/clusterlab-bench-api-" + std::to_string(options.apiPort);
    Engine engine(options);
    engine.start();
    Client client(options.apiPort, prefixOf(engine.kubeconfigPath()));
    client.send(http::verb::post, "/apis/apps/v1/namespaces/default/deployments", deployment(3));
    client.send(http::verb::post, "/api/v1/namespaces/default/services", kService);
    std::vector<double> samples;
    const std::string scale = "/apis/apps/v1/namespaces/default/deployments/backend/scale";
    for (int run = 0; run < 100; ++run) {
        while (!serving(engine, 3))
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        const auto list = json::parse(client.send(http::verb::get,
                                                  "/apis/discovery.k8s.io/v1/namespaces/default/"
                                                  "endpointslices?labelSelector=kubernetes.io%2F"
                                                  "service-name%3Dbackend")
                                              .body());
        const std::string rv(list.at("metadata").at("resourceVersion").as_string());
        Client watch(options.apiPort, prefixOf(engine.kubeconfigPath()));
        watch.startWatch("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?watch=1&"
                         "labelSelector=kubernetes.io%2Fservice-name%3Dbackend&resourceVersion="
                         + rv);
        const auto start = Clock::now();
        client.send(http::verb::patch, scale, R"({"spec":{"replicas":5}})",
                    "application/merge-patch+json");
        while (readyEndpoints(watch.nextLine()) < 5) { }
        while (!serving(engine, 5))
            std::this_thread::sleep_for(std::chrono::microseconds(100));
        samples.push_back(msSince(start));
        client.send(http::verb::patch, scale, R"({"spec":{"replicas":3}})",
                    "application/merge-patch+json");
    }
    std::printf("%-40s %10.2f %10.2f %10.2f\n", "scale 3->5 until routable (100 runs)",
                percentile(samples, 0.5), percentile(samples, 0.99),
                *std::max_element(samples.begin(), samples.end()));
    engine.stop();
}

void listAndWatch3000()
{
    EngineOptions options;
    options.nodes = 16; // a node's /24 holds at most 253 Pods
    options.pace = 0;
    options.dataPlane = false; // the API, not 3000 listening sockets
    options.apiPort = freePort();
    options.kubeconfigPath = "/tmp/clusterlab-bench-api-" + std::to_string(options.apiPort);
    Engine engine(options);
    engine.start();
    const std::string prefix = prefixOf(engine.kubeconfigPath());
    Client client(options.apiPort, prefix);
    client.send(http::verb::post, "/apis/apps/v1/namespaces/default/deployments", deployment(0));
    const auto list =
            json::parse(client.send(http::verb::get, "/api/v1/namespaces/default/pods").body());
    Client watch(options.apiPort, prefix);
    watch.startWatch("/api/v1/namespaces/default/pods?watch=1&resourceVersion="
                     + std::string(list.at("metadata").at("resourceVersion").as_string()));
    const auto start = Clock::now();
    client.send(http::verb::patch, "/apis/apps/v1/namespaces/default/deployments/backend/scale",
                R"({"spec":{"replicas":3000}})", "application/merge-patch+json");
    std::set<std::string> running;
    std::size_t events = 0;
    while (running.size() < 3000) {
        const std::string line = watch.nextLine();
        if (line.empty())
            break;
        ++events;
        if (line.find(R"("phase":"Running")") != std::string::npos
            && line.find(R"("type":"Ready","status":"True")") != std::string::npos) {
            const json::value event = json::parse(line);
            running.insert(std::string(event.at("object").at("metadata").at("name").as_string()));
        }
    }
    const double watchMs = msSince(start);
    std::printf("%-40s %10s %10s %10s %10s\n", "3000 Pods", "ms (p50)", "ms (p99)", "MB",
                "events/s");
    std::printf("%-40s %10.0f %10s %10.1f %10.0f\n",
                ("watch while scaling 0->3000: " + std::to_string(events) + " events").c_str(),
                watchMs, "-", double(watch.bytes()) / 1e6, double(events) / watchMs * 1e3);
    for (const auto &[label, accept] :
         { std::pair<const char *, const char *>{ "LIST as JSON (-o json), 10 runs",
                                                  "application/json" },
           { "LIST as a Table (kubectl get), 10 runs",
             "application/json;as=Table;v=v1;g=meta.k8s.io,application/json" } }) {
        std::vector<double> ms;
        std::size_t size = 0;
        for (int i = 0; i < 10; ++i) {
            const auto t = Clock::now();
            size = client.send(http::verb::get, "/api/v1/namespaces/default/pods?limit=500", {},
                               "application/json", accept)
                           .body()
                           .size();
            ms.push_back(msSince(t));
        }
        std::printf("%-40s %10.1f %10.1f %10.1f %10s\n", label, percentile(ms, 0.5),
                    percentile(ms, 0.99), double(size) / 1e6, "-");
    }
    engine.stop();
}

} // namespace

int main()
{
    std::printf("%-40s %10s %10s %10s\n", "pace 0, data plane on", "ms (p50)", "ms (p99)",
                "ms (max)");
    scaleToRoutable();
    std::printf("\n");
    listAndWatch3000();
}
