#pragma once

// A running engine with its real data plane for the Service type tests: manifests in, then the
// real curl and dig against node ports, LoadBalancer addresses and kube-dns.
#include "dataplane.h"
#include "engine.h"
#include "manifest/decode.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include <string>

namespace clusterlab::testing {

struct ClientRun
{
    int exitCode = -1;
    QString out, err;
};

inline ClientRun runTool(const QString &program, const QStringList &arguments,
                         int timeoutMs = 10000)
{
    QProcess process;
    process.start(program, arguments);
    ClientRun result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = QStringLiteral("timed out");
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

/// ServiceTypesLab runs an engine (3 nodes, pace 0) on the given manifests.
class ServiceTypesLab
{
public:
    explicit ServiceTypesLab(const std::string &text) : engine(options())
    {
        engine.start();
        apply(text);
    }

    static EngineOptions options()
    {
        EngineOptions o;
        o.seed = 7;
        o.pace = 0;
        o.usersRate = 0;
        return o;
    }

    cluster::ApplyResult apply(const std::string &text)
    {
        auto report = manifest::decodeText(text, "test.yaml");
        auto result = engine.apply(std::move(report.objects), cluster::ApplyMode::Apply).get();
        settle();
        return result;
    }

    /// settle lets the cluster's virtual time run (the cloud's provisioning delay included)
    /// and waits until the data plane has applied the result.
    void settle()
    {
        engine.call([](cluster::Cluster &c) {
                  c.settle();
              }).get();
        engine.call([](cluster::Cluster &) {}).get();
    }

    std::shared_ptr<const model::Service> service(const std::string &name)
    {
        return engine
                .call([name](cluster::Cluster &c) {
                    return c.store().getAs<model::Service>("default", name);
                })
                .get();
    }

    /// events lists "reason: message" of the Events about a Service.
    QStringList events(const std::string &name)
    {
        return engine
                .call([name](cluster::Cluster &c) {
                    QStringList out;
                    for (const auto &e : c.store().listOf<model::Event>("default"))
                        if (e->involvedObject.kind == "Service" && e->involvedObject.name == name)
                            out << QString::fromStdString(e->reason + ": " + e->message);
                    return out;
                })
                .get();
    }

    /// podNodes maps each Pod of app=`app` to its node.
    std::map<std::string, std::string> podNodes(const std::string &app)
    {
        return engine
                .call([app](cluster::Cluster &c) {
                    std::map<std::string, std::string> out;
                    for (const auto &pod : c.store().select("Pod", "default", { { "app", app } }))
                        out[model::meta(*pod).name] = std::get<model::Pod>(*pod).spec.nodeName;
                    return out;
                })
                .get();
    }

    int dnsPort() { return engine.dataPlane()->dnsPort(); }

    Engine engine;
};

/// curlJson fetches http://address:port/ and returns the Pod's JSON answer (or the failure).
inline QJsonObject curlJson(const QString &address, int port, int *exitCode = nullptr)
{
    const auto run = runTool("curl",
                             { "-s", "-m", "5", "-H", "Accept: application/json",
                               QStringLiteral("http://%1:%2/").arg(address).arg(port) });
    if (exitCode)
        *exitCode = run.exitCode;
    return QJsonDocument::fromJson(run.out.toUtf8()).object();
}

} // namespace clusterlab::testing
