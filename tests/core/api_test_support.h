#pragma once
// What tst_api_* and tst_protobuf_* share: a Cluster with pace 0 standing in for the engine, the
// view the routes see of it, and small readers of the answers.
#include "api/routes.h"
#include "cluster/cluster.h"

#include <QString>

#include <boost/beast/http/field.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <string>

namespace clusterlab::test {

constexpr const char *kToken = "test-token";

/// RouteLab is a cluster and the view the routes see of it; every call settles the cluster,
/// as the engine's timers would.
struct RouteLab
{
    cluster::Cluster cluster{ { 3, 1, 0.0 } };
    api::EngineView view{ [this](const api::EngineView::Work &work) {
                             work(cluster);
                             cluster.settle();
                         },
                          kToken };

    ~RouteLab() { view.detach(); }

    /// request sends one request through the routes; an empty token sends no Authorization.
    api::ApiResponse request(boost::beast::http::verb method, const std::string &target,
                             const std::string &body, const std::string &contentType,
                             const std::string &accept, const std::string &userAgent,
                             const std::string &token)
    {
        namespace http = boost::beast::http;
        api::Request request(method, target, 11);
        if (!token.empty())
            request.set(http::field::authorization, "Bearer " + token);
        request.set(http::field::accept, accept);
        request.set(http::field::user_agent, userAgent);
        if (!body.empty())
            request.set(http::field::content_type, contentType);
        request.body() = body;
        request.prepare_payload();
        return api::handleRequest(request, view);
    }
};

inline int code(const api::ApiResponse &response)
{
    return int(response.message.result_int());
}

inline QString str(const boost::json::value &value)
{
    return value.is_string() ? QString::fromStdString(std::string(value.get_string()))
                             : QString::fromStdString(boost::json::serialize(value));
}

inline boost::json::value at(const boost::json::value &root, const std::string &pointer)
{
    boost::system::error_code ec;
    const boost::json::value *found = root.find_pointer(pointer, ec);
    return found ? *found : boost::json::value();
}

} // namespace clusterlab::test
