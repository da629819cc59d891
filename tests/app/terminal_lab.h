#pragma once

// The fixture of the tst_terminal_* tests: a real engine on loopback with its API on a free
// port and the demo applied and serving, a Terminal panel forced to the built-in kubectl and
// one with the real kubectl when installed, and readers of what the engine holds.

#include "demo_text.h"
#include "engine.h"
#include "free_port.h"
#include "manifest/decode.h"
#include "model/object.h"
#include "model/pod.h"
#include "model/service.h"
#include "terminal/terminal_panel.h"

#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace terminal_test {

using namespace clusterlab;
using namespace clusterlab::app;

/// Ran is what one command printed and how it ended.
struct Ran
{
    bool done = false;
    int exitCode = -99;
    QString output;
};

inline Ran runCommand(TerminalPanel &panel, const QString &line, int timeoutMsec = 30000)
{
    QSignalSpy spy(&panel, &TerminalPanel::finished);
    panel.run(line);
    if (spy.isEmpty() && !spy.wait(timeoutMsec))
        return {};
    return { true, spy.at(0).at(1).toInt(), spy.at(0).at(2).toString() };
}

inline constexpr const char *kBackendService = R"(apiVersion: v1
kind: Service
metadata:
  name: backend
spec:
  selector:
    app: backend
  ports:
  - port: 80
    targetPort: 80
)";

/// inServiceRange says whether ip is a ClusterIP: in 127.96.0.0/12.
inline bool inServiceRange(const QString &ip)
{
    static const QRegularExpression range(
            QStringLiteral("^127\\.(9[6-9]|10[0-9]|11[01])\\.\\d+\\.\\d+$"));
    return range.match(ip).hasMatch();
}

/// columnOf is where a header's column starts.
inline qsizetype columnOf(const QString &header, const QString &name)
{
    return header.indexOf(QRegularExpression(QStringLiteral("\\b%1\\b").arg(name)));
}

/// TerminalLab is the engine and the two panels the terminal tests type into.
/// Thread: GUI thread.
struct TerminalLab
{
    void start()
    {
        QVERIFY(dir.isValid());
        const int apiPort = freePort(); // a free port for the API
        EngineOptions options;
        options.pace = 0;
        options.usersRate = 0;
        options.apiPort = apiPort;
        options.kubeconfigPath = dir.filePath(QStringLiteral("kubeconfig")).toStdString();
        engine = new Engine(options);
        engine->start();
        auto report = manifest::decodeText(demoText(), "three-tier.yaml");
        QVERIFY(!report.hasErrors());
        QVERIFY(engine->apply(std::move(report.objects), cluster::ApplyMode::Apply).get().ok);
        // Every tier serves before the tests start.
        QTRY_VERIFY_WITH_TIMEOUT(
                engine->curl("default", "backend", "/hostname").get().rfind("backend-", 0) == 0,
                15000);
        QFile file(dir.filePath(QStringLiteral("backend-service.yaml")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(kBackendService);
        file.close();

        builtin = new TerminalPanel(*engine);
        builtin->setBuiltinKubectl(true);
        builtin->setWorkingDirectory(dir.path());
        panel = new TerminalPanel(*engine);
        panel->setKubeconfig(QString::fromStdString(engine->kubeconfigPath()));
        panel->setWorkingDirectory(dir.path());
        panel->show();
    }

    void stop()
    {
        delete panel;
        delete builtin;
        if (engine)
            engine->stop();
        delete engine;
    }

    QString clusterIP(const std::string &service) const
    {
        for (const auto &object : engine->list("Service").get())
            if (const auto *svc = std::get_if<model::Service>(object.get());
                svc && svc->metadata.name == service && svc->metadata.namespace_ == "default")
                return QString::fromStdString(svc->spec.clusterIP);
        return {};
    }

    QStringList podNames(const std::string &app) const
    {
        QStringList names;
        for (const auto &object : engine->list("Pod").get()) {
            const auto &meta = model::meta(*object);
            const auto label = meta.labels.find("app");
            if (label != meta.labels.end() && label->second == app && !meta.deletionTimestamp)
                names << QString::fromStdString(meta.name);
        }
        return names;
    }

    QStringList podIPs(const std::string &app) const
    {
        QStringList ips;
        for (const auto &object : engine->list("Pod").get())
            if (const auto *pod = std::get_if<model::Pod>(object.get());
                pod && pod->metadata.labels.count("app") && pod->metadata.labels.at("app") == app)
                ips << QString::fromStdString(pod->status.podIP);
        return ips;
    }

    QString podIP(const std::string &app) const
    {
        for (const auto &object : engine->list("Pod").get())
            if (const auto *pod = std::get_if<model::Pod>(object.get()); pod
                && pod->metadata.labels.count("app") && pod->metadata.labels.at("app") == app
                && !pod->metadata.deletionTimestamp && pod->status.phase == "Running")
                return QString::fromStdString(pod->status.podIP);
        return {};
    }

    Engine *engine = nullptr;
    TerminalPanel *builtin = nullptr; ///< forced built-in kubectl
    TerminalPanel *panel = nullptr; ///< real kubectl when installed
    QTemporaryDir dir;
};

} // namespace terminal_test
