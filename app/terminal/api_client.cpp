#include "terminal/api_client.h"

#include "api/routes.h"
#include "engine.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace clusterlab::app {

namespace json = boost::json;
namespace http = boost::beast::http;

namespace {

/// kEngineWait is how long a request waits for the strand to begin its work before giving up
/// (the engine has stopped, or is stuck); work that has begun is always waited for.
constexpr auto kEngineWait = std::chrono::seconds(30);

std::string stringAt(const json::value &body, const char *key)
{
    if (!body.is_object())
        return {};
    const auto *value = body.as_object().if_contains(key);
    return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

/// invalidText is kubectl's line for a 422 Invalid: `The Kind "name" is invalid: ` and its
/// causes, `field: message`, on the same line when there is one, else one `* ` line each.
std::string invalidText(const json::value &body)
{
    const std::string message = stringAt(body, "message");
    std::string text = "The request is invalid";
    const json::value *details = body.as_object().if_contains("details");
    if (!details || !details->is_object())
        return message.empty() ? text : text + ": " + message;
    const std::string kind = stringAt(*details, "kind");
    const std::string name = stringAt(*details, "name");
    if (!kind.empty() || !name.empty())
        text = "The " + kind + " \"" + name + "\" is invalid";
    else if (!message.empty())
        text += ": " + message;
    std::vector<std::string> causes;
    if (const auto *list = details->as_object().if_contains("causes"); list && list->is_array())
        for (const auto &cause : list->as_array()) {
            const std::string line = stringAt(cause, "field") + ": " + stringAt(cause, "message");
            if (std::find(causes.begin(), causes.end(), line) == causes.end())
                causes.push_back(line);
        }
    if (causes.empty())
        return text;
    if (causes.size() == 1)
        return text + ": " + causes.front();
    text += ": ";
    for (const auto &cause : causes)
        text += "\n* " + cause;
    return text;
}

/// Turn is one piece of work handed to the strand, shared by the waiting thread and the
/// posted handler: whichever comes first decides whether the work runs at all.
struct Turn
{
    std::mutex mutex;
    bool started = false; ///< the strand has begun the work; it will finish it
    bool cancelled = false; ///< the waiter gave up first; the strand must not run it
};

/// runOnStrand runs work on the engine strand and returns once it has run. The work writes
/// into its caller's stack (EngineView::call's result), so this never returns while the
/// strand might still run it: it gives up only when the work has not begun after
/// kEngineWait, and then cancels it, so that it never runs; work that has begun is waited
/// for to its end. A stopped engine that is then destroyed breaks the promise instead,
/// which ends the wait the same way.
void runOnStrand(Engine &engine, const api::EngineView::Work &work)
{
    auto turn = std::make_shared<Turn>();
    auto done = engine.call([turn, work](cluster::Cluster &c) {
        {
            std::lock_guard lock(turn->mutex);
            if (turn->cancelled)
                return;
            turn->started = true;
        }
        work(c);
    });
    if (done.wait_for(kEngineWait) != std::future_status::ready) {
        std::lock_guard lock(turn->mutex);
        if (!turn->started) {
            turn->cancelled = true;
            throw std::runtime_error("the cluster is not answering");
        }
    }
    done.get();
}

} // namespace

std::string ApiReply::errorText(const std::string &context) const
{
    const std::string reason = stringAt(body, "reason");
    const std::string message = stringAt(body, "message");
    if (reason == "Invalid")
        return invalidText(body);
    if (reason.empty())
        return "error: "
                + (message.empty() ? "the server answered " + std::to_string(status) : message);
    return "Error from server (" + reason + "): " + context + message;
}

std::string withFieldManager(const std::string &target, const std::string &manager)
{
    const char separator = target.find('?') == std::string::npos ? '?' : '&';
    return target + separator + "fieldManager=" + manager;
}

struct ApiClient::Impl
{
    explicit Impl(Engine &engine)
        : view(
                [&engine](const api::EngineView::Work &work) {
                    runOnStrand(engine, work);
                },
                {}, engine.apiState())
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

    /// view shares the engine's ApiState: the watch cache and the field managers are the
    /// real kubectl's, so nothing needs detaching when the client goes.
    api::EngineView view;
};

ApiClient::ApiClient(Engine &engine) : m_impl(std::make_unique<Impl>(engine)) { }

ApiClient::~ApiClient() = default;

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
