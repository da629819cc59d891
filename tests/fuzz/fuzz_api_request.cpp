// libFuzzer target: the API server's request handling. The bytes are what a client wrote on
// the connection; they go through Boost.Beast's request parser with the limits the server's
// session sets (core/api/api_server.cpp), and each whole request, keep-alive ones one after
// another, goes to handleRequest (core/api/routes.h) as the session passes it. Nothing may
// crash, throw out of handleRequest, or answer 500 (an internal error is a bug).
// No sockets and no data plane: a Cluster with pace 0 stands in for the engine, as in
// tests/core/api_test_support.h. It is built once and rebuilt after any input that wrote to
// it, so every input starts from the same state and memory stays bounded.
#include "api/routes.h"
#include "cluster/cluster.h"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace {

namespace api = clusterlab::api;
namespace cluster = clusterlab::cluster;
namespace http = boost::beast::http;

/// kToken is the bearer token the seed requests carry (Authorization or the token path).
constexpr const char *kToken = "fuzz-token";
/// kMaxRequests bounds the keep-alive requests read from one input.
constexpr int kMaxRequests = 8;

/// Lab is the cluster and the view the routes see of it; every call settles the cluster, as
/// the engine's timers would.
struct Lab
{
    Lab()
    {
        cluster.settle();
        pristine = cluster.store().resourceVersion();
    }
    ~Lab() { view.detach(); }

    cluster::Cluster cluster{ { 3, 1, 0.0 } };
    api::EngineView view{ [this](const api::EngineView::Work &work) {
                             work(cluster);
                             cluster.settle();
                         },
                          kToken };
    std::uint64_t pristine = 0;
};

std::unique_ptr<Lab> &lab()
{
    static std::unique_ptr<Lab> instance;
    if (!instance || instance->cluster.store().resourceVersion() != instance->pristine)
        instance = std::make_unique<Lab>();
    return instance;
}

/// handle answers one request and stops the run on a 500, printing the answer.
bool handle(const api::Request &request, api::EngineView &view)
{
    const api::ApiResponse response = api::handleRequest(request, view);
    if (response.message.result() == http::status::internal_server_error) {
        std::fprintf(stderr, "500 for %s %s: %s\n", std::string(request.method_string()).c_str(),
                     std::string(request.target()).c_str(), response.message.body().c_str());
        std::abort();
    }
    // A watch answer is where the session starts streaming; there is nothing more to read.
    return !response.watch && response.message.keep_alive();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    Lab &current = *lab();
    boost::asio::const_buffer input(data, size);
    for (int i = 0; i < kMaxRequests && input.size() > 0; ++i) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(api::kMaxBodyBytes);
        boost::beast::error_code ec;
        while (input.size() > 0 && !parser.is_done()) {
            const std::size_t used = parser.put(input, ec);
            input += used;
            if (ec == http::error::need_more && used > 0) {
                ec = {};
                continue;
            }
            if (ec)
                break;
        }
        if (ec == http::error::need_more || (!ec && !parser.is_done()))
            parser.put_eof(ec); // the client closed: end of input
        if (ec || !parser.is_done())
            return 0; // the session answers 413 or closes; the routes see nothing
        api::Request request = parser.release();
        if (!handle(request, current.view))
            break;
    }
    return 0;
}
