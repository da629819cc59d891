#pragma once

#include "engine.h"

#include <QObject>
#include <QString>

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace clusterlab::app {

/// EngineCommands turns what people do in the window into changes through the engine's one
/// command interface (Engine::change, api::Commands): scale, delete a Pod, edit labels, a
/// selector, session affinity, apply; plus curl, users rate and forwarding mode. Every change
/// takes the API's write path and is recorded in managedFields under this object's manager
/// ("clusterlab-canvas", "clusterlab-lesson", ...). Results come back as watch events through
/// the bridge; refusals and the curl answer come back as queued signals.
/// Thread: GUI thread; never waits on the engine.
class EngineCommands : public QObject
{
    Q_OBJECT
public:
    static constexpr const char *kCanvasManager = "clusterlab-canvas";
    static constexpr const char *kLessonManager = "clusterlab-lesson";

    /// Changes are recorded under manager (the canvas's, unless given).
    explicit EngineCommands(Engine &engine, QObject *parent = nullptr);
    EngineCommands(Engine &engine, std::string manager, QObject *parent = nullptr);

    const std::string &manager() const { return m_manager; }
    /// scale sets a workload's replicas (the number typed in).
    void scale(const QString &kind, const QString &ns, const QString &name, int replicas);
    /// scaleBy changes replicas by delta from what the engine holds when it runs: + pressed
    /// twice before the first change is shown scales by two.
    void scaleBy(const QString &kind, const QString &ns, const QString &name, int delta);
    void deletePod(const QString &ns, const QString &name);
    /// setPodLabels replaces a Pod's labels with "key=value, key=value" text.
    void setPodLabels(const QString &ns, const QString &name, const QString &labelsText);
    void setSessionAffinity(const QString &ns, const QString &name, bool clientIP);
    /// setServiceSelector replaces a Service's selector (an empty one selects no Pods).
    void setServiceSelector(const QString &ns, const QString &name, const model::Labels &selector);
    /// deleteFirstPod deletes the first Pod by name (not terminating) that target names: a
    /// label selector ("app=backend") or a Pod name. Looked up on the engine strand, so it
    /// sees Pods an earlier command just created. failed() when none matches.
    void deleteFirstPod(const QString &ns, const QString &target);
    /// relabelFirstPod sets (value) or removes (nullopt) labels on that same first Pod.
    void relabelFirstPod(const QString &ns, const QString &target,
                         const std::map<std::string, std::optional<std::string>> &changes);
    /// clearNamespace deletes every workload, Service (but `kubernetes`) and Pod in ns at once,
    /// with no grace period: a lesson starting over. Ordered after earlier commands.
    void clearNamespace(const QString &ns);
    /// curl sends one request to the Service from this computer; curlAnswered follows.
    void curl(const QString &ns, const QString &name);
    void setUsersRate(double perSecond);
    double usersRate() const;
    void setBalanceMode(net::BalanceMode mode);
    /// requestProxyRules asks for kube-proxy's rules on node in mode; proxyRulesReady follows.
    void requestProxyRules(ProxyMode mode, const QString &node);
    /// apply writes decoded manifests all-or-nothing; applied() reports the outcome.
    void apply(std::vector<manifest::DecodedObject> objects);

    /// parseLabels reads "a=b, c=d" (commas or spaces); false with a message when malformed.
    static bool parseLabels(const QString &text, model::Labels &labels, QString &error);
    /// labelsText writes labels the way parseLabels reads them.
    static QString labelsText(const model::Labels &labels);

signals:
    void failed(const QString &message);
    void curlAnswered(const QString &ns, const QString &name, const QString &answer);
    /// applied lists kubectl-style outcome lines, or the problems when nothing was written.
    void applied(bool ok, const QStringList &lines);
    void proxyRulesReady(std::shared_ptr<const ProxyRulesView> view);

private:
    void change(std::function<void(api::Commands &)> work);

    Engine &m_engine;
    std::string m_manager;
};

} // namespace clusterlab::app
