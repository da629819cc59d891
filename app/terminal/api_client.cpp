#include "terminal/api_client.h"

#include "api/routes.h"
#include "engine.h"

#include <boost/json/parse.hpp>

#include <chrono>
#include <stdexcept>

namespace clusterlab::app {

namespace json = boost::json;
namespace http = boost::beast::http;

namespace {

/// kEngineWait bounds a request's wait for the strand: it only runs out when the engine has
/// stopped, and then the work is never run, so nothing refers to this stack afterwards.
constexpr auto kEngineWait = std::chrono::seconds(30);

std::string stringAt(const json::value &body, const char *key)
{
    if (!body.is_object())
        return {};
    const auto *value = body.as_object().if_contains(key);
    return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

} // namespace

std::string ApiReply::errorText() const
{
    const std::string reason = stringAt(body, "reason");
    const std::string message = stringAt(body, "message");
    if (reason == "Invalid")
        return "The " + message;
    if (reason.empty())
        return "error: "
                + (message.empty() ? "the server answered " + std::to_string(status) : message);
    return "Error from server (" + reason + "): " + message;
}

struct ApiClient::Impl
{
    explicit Impl(Engine &engine)
        : view([&engine](const api::EngineView::Work &work) {
              auto done = engine.call([&work](cluster::Cluster &c) {
                  work(c);
              });
              if (done.wait_for(kEngineWait) != std::future_status::ready)
                  throw std::runtime_error("the cluster is not answering");
              done.get();
          })
    {
    }

    ApiReply request(http::verb verb, const std::string &target, const std::string &accept,
                     const std::string &body, const std::string &contentType)
    {
        api::Request request{ verb, target, 11 };
        request.set(http::field::host, "127.0.0.1");
        request.set(http::field::accept, accept);
        request.set(http::field::user_agent, "kubectl/clusterlab-terminal");
        if (!body.empty()) {
            request.set(http::field::content_type, contentType);
            request.body() = body;
        }
        request.prepare_payload();
        ApiReply reply;
        try {
            api::ApiResponse response = api::handleRequest(request, view);
            reply.status = int(response.message.result_int());
            boost::system::error_code ec;
            reply.body = json::parse(response.message.body(), ec);
            if (ec)
                reply.body = json::object{ { "message", response.message.body() } };
        } catch (const std::exception &e) {
            reply.status = 503;
            reply.body = json::object{ { "message", e.what() } };
        }
        return reply;
    }

    api::EngineView view;
};

ApiClient::ApiClient(Engine &engine) : m_impl(std::make_unique<Impl>(engine)) { }

ApiClient::~ApiClient()
{
    m_impl->view.detach();
}

ApiReply ApiClient::get(const std::string &target, bool table)
{
    const std::string accept = table
            ? "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"
            : "application/json";
    return m_impl->request(http::verb::get, target, accept, {}, {});
}

ApiReply ApiClient::send(const std::string &method, const std::string &target,
                         const std::string &body, const std::string &contentType)
{
    const http::verb verb = http::string_to_verb(method);
    return m_impl->request(verb, target, "application/json", body, contentType);
}

} // namespace clusterlab::app
