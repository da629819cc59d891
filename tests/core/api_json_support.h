#pragma once

// What the tst_api_* tests share: requests sent as kubectl 1.31 sends them (JSON, with the
// test token), the objects most tests create first, and the columns of a Table answer.

#include "api/routes.h"
#include "api_test_support.h"

#include <QString>
#include <QStringList>

#include <boost/beast/http/verb.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include <string>

namespace clusterlab::test {

/// kTableAccept is the Accept header of kubectl get: a Table, else plain JSON.
constexpr const char *kTableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/"
                                     "json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

constexpr const char *kBackendService = R"({"apiVersion":"v1","kind":"Service",
    "metadata":{"name":"backend","namespace":"default"},
    "spec":{"type":"ClusterIP","selector":{"app":"backend"},
            "ports":[{"port":80,"targetPort":80}]}})";

constexpr const char *kBackendDeployment = R"({"apiVersion":"apps/v1","kind":"Deployment",
    "metadata":{"name":"backend","labels":{"app":"backend"}},
    "spec":{"replicas":3,"selector":{"matchLabels":{"app":"backend"}},
            "template":{"metadata":{"labels":{"app":"backend"}},
                        "spec":{"containers":[{"name":"web","image":"nginx:1.25",
                                               "ports":[{"containerPort":80}]}]}}}})";

/// JsonLab sends requests as kubectl 1.31 does: JSON, with the test token.
struct JsonLab : RouteLab
{
    api::ApiResponse send(boost::beast::http::verb method, const std::string &target,
                          const std::string &body = {},
                          const std::string &contentType = "application/json",
                          const std::string &accept = "application/json",
                          const std::string &token = kToken)
    {
        return request(method, target, body, contentType, accept,
                       "kubectl/v1.31.9 (linux/amd64) kubernetes/test", token);
    }

    /// createBackend creates Deployment backend (3 replicas) and Service backend as kubectl
    /// would, and lets the cluster settle; false when either was refused.
    bool createBackend()
    {
        namespace http = boost::beast::http;
        const bool created =
                code(send(http::verb::post, "/apis/apps/v1/namespaces/default/deployments",
                          kBackendDeployment))
                        == 201
                && code(send(http::verb::post, "/api/v1/namespaces/default/services",
                             kBackendService))
                        == 201;
        cluster.settle();
        return created;
    }

    boost::json::object sendJson(boost::beast::http::verb method, const std::string &target,
                                 const std::string &body = {},
                                 const std::string &contentType = "application/json",
                                 const std::string &accept = "application/json")
    {
        const auto response = send(method, target, body, contentType, accept);
        return boost::json::parse(response.message.body()).as_object();
    }
};

/// columnsOf names a Table's columns: all of them when wide, else those of priority 0.
inline QStringList columnsOf(const boost::json::object &table, bool wide)
{
    QStringList out;
    for (const auto &c : table.at("columnDefinitions").as_array())
        if (wide || c.at("priority").as_int64() == 0)
            out << str(c.at("name"));
    return out;
}

} // namespace clusterlab::test
