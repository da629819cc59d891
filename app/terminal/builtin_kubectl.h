#pragma once

#include "terminal/api_client.h"
#include "terminal/kubectl_result.h"

#include <QString>
#include <QStringList>

namespace clusterlab {
class Engine;
}

namespace clusterlab::app {

/// BuiltinKubectl is the subset of kubectl the terminal runs when no real kubectl can: get,
/// describe, create -f, apply -f, delete, scale and label, printing what kubectl prints. It
/// parses the command line and hands it to the class for its verb (KubectlGet,
/// KubectlDescribe, KubectlManifestWrites, KubectlObjectWrites), which all talk to the API
/// server's own handler through one ApiClient, as the real kubectl does: reads, writes,
/// validation, messages and managedFields are the API's.
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
    ApiClient m_api;
    QString m_workingDirectory;
};

} // namespace clusterlab::app
