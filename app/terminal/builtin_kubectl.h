#pragma once

#include "terminal/api_client.h"
#include "terminal/kubectl_args.h"

#include <QString>
#include <QStringList>

#include <boost/json/value.hpp>

#include <string>

namespace clusterlab {
class Engine;
}

namespace clusterlab::app {

class DescribeText;

/// KubectlResult is what a kubectl command printed and how it ended.
struct KubectlResult
{
    int exitCode = 0;
    std::string out;
    std::string err;
};

/// BuiltinKubectl is the subset of kubectl the terminal runs when no real kubectl can:
/// get, describe, create -f, apply -f, delete, scale and label, printing what kubectl prints.
/// Reads and label go through the API server's own handler, writes of manifests through the
/// engine's apply, so objects, Tables and error messages are the cluster's own.
/// Thread: a worker thread only; every command waits for the engine strand.
class BuiltinKubectl
{
public:
    /// workingDirectory is where relative -f paths are read from.
    BuiltinKubectl(Engine &engine, QString workingDirectory);

    /// run executes argv after "kubectl".
    KubectlResult run(const QStringList &args);

    /// verbs lists the verbs the subset knows, for the message about any other.
    static QStringList verbs();

private:
    KubectlResult get(const KubectlArgs &args);
    KubectlResult getObjects(const KubectlArgs &args);
    KubectlResult describe(const KubectlArgs &args);
    std::string describeObject(const std::string &kind, const boost::json::value &object);
    void describeService(DescribeText &out, const boost::json::value &service);
    void describeDeployment(DescribeText &out, const boost::json::value &deployment);
    void describeEvents(DescribeText &out, const std::string &kind, const std::string &ns,
                        const std::string &name);
    KubectlResult applyFiles(const KubectlArgs &args, bool create);
    KubectlResult remove(const KubectlArgs &args);
    KubectlResult removeFiles(const KubectlArgs &args);
    KubectlResult scale(const KubectlArgs &args);
    KubectlResult label(const KubectlArgs &args);

    Engine &m_engine;
    QString m_workingDirectory;
    ApiClient m_api;
};

} // namespace clusterlab::app
