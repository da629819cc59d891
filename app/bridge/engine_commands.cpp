#include "bridge/engine_commands.h"

#include "api/commands.h"
#include "cluster/cluster.h"
#include "model/label_selector.h"

#include <QCoreApplication>
#include <QPointer>
#include <QRegularExpression>
#include <QThreadPool>

#include <boost/json/value.hpp>

namespace clusterlab::app {

EngineCommands::EngineCommands(Engine &engine, QObject *parent)
    : EngineCommands(engine, kCanvasManager, parent)
{
}

EngineCommands::EngineCommands(Engine &engine, std::string manager, QObject *parent)
    : QObject(parent), m_engine(engine), m_manager(std::move(manager))
{
}

namespace {

/// report hands a refusal back to the GUI thread. Thread: any; the QPointer is only
/// dereferenced on the GUI thread, inside the queued functor.
void report(QPointer<EngineCommands> self, const std::string &message)
{
    const QString text = QString::fromStdString(message);
    QMetaObject::invokeMethod(
            qApp,
            [self, text] {
                if (self)
                    emit self->failed(text);
            },
            Qt::QueuedConnection);
}

/// labelsJson is labels as the JSON object a Pod's metadata or a Service's spec holds.
boost::json::object labelsJson(const model::Labels &labels)
{
    boost::json::object raw;
    for (const auto &[key, value] : labels)
        raw[key] = value;
    return raw;
}

/// section is document[name] as an object, made when missing.
boost::json::object &section(boost::json::object &document, const char *name)
{
    boost::json::value &part = document[name];
    if (!part.is_object())
        part = boost::json::object();
    return part.as_object();
}

/// reportIfRefused hands a refused change's message back to the GUI thread.
void reportIfRefused(QPointer<EngineCommands> self, const cluster::ObjectResult &result)
{
    if (!result)
        report(self, result.error().message);
}

/// firstPod is the first Pod by name in ns, not terminating, that target names (a label
/// selector or a name). Engine strand only.
std::optional<model::Pod> firstPod(const cluster::Cluster &c, const std::string &ns,
                                   const std::string &target)
{
    model::LabelSelector selector;
    std::string error;
    const bool bySelector = target.find('=') != std::string::npos
            && model::parseSelectorString(target, selector, error);
    std::optional<model::Pod> first;
    for (const auto &pod : c.store().listOf<model::Pod>(ns)) {
        if (model::isPodTerminating(*pod))
            continue;
        const bool wanted = bySelector ? model::matches(selector, pod->metadata.labels)
                                       : pod->metadata.name == target;
        if (wanted && (!first || pod->metadata.name < first->metadata.name))
            first = *pod;
    }
    return first;
}

} // namespace

void EngineCommands::change(std::function<void(api::Commands &)> work)
{
    m_engine.change(m_manager, std::move(work));
}

void EngineCommands::scale(const QString &kind, const QString &ns, const QString &name,
                           int replicas)
{
    if (replicas < 0)
        return;
    change([self = QPointer<EngineCommands>(this), kind = kind.toStdString(), ns = ns.toStdString(),
            name = name.toStdString(), replicas](api::Commands &c) {
        reportIfRefused(self, c.scale(kind, ns, name, replicas));
    });
}

void EngineCommands::scaleBy(const QString &kind, const QString &ns, const QString &name, int delta)
{
    change([self = QPointer<EngineCommands>(this), kind = kind.toStdString(), ns = ns.toStdString(),
            name = name.toStdString(), delta](api::Commands &c) {
        reportIfRefused(self, c.scaleBy(kind, ns, name, delta));
    });
}

void EngineCommands::deletePod(const QString &ns, const QString &name)
{
    change([self = QPointer<EngineCommands>(this), ns = ns.toStdString(),
            name = name.toStdString()](api::Commands &c) {
        reportIfRefused(self, c.remove("Pod", ns, name));
    });
}

void EngineCommands::setPodLabels(const QString &ns, const QString &name, const QString &labelsText)
{
    model::Labels labels;
    QString error;
    if (!parseLabels(labelsText, labels, error)) {
        emit failed(error);
        return;
    }
    change([self = QPointer<EngineCommands>(this), ns = ns.toStdString(), name = name.toStdString(),
            labels](api::Commands &c) {
        reportIfRefused(self, c.edit("Pod", ns, name, [&](boost::json::object &pod) {
            section(pod, "metadata")["labels"] = labelsJson(labels);
        }));
    });
}

void EngineCommands::setSessionAffinity(const QString &ns, const QString &name, bool clientIP)
{
    change([self = QPointer<EngineCommands>(this), ns = ns.toStdString(), name = name.toStdString(),
            clientIP](api::Commands &c) {
        reportIfRefused(self, c.edit("Service", ns, name, [&](boost::json::object &svc) {
            boost::json::object &spec = section(svc, "spec");
            spec["sessionAffinity"] = clientIP ? "ClientIP" : "None";
            if (!clientIP)
                spec.erase("sessionAffinityConfig");
        }));
    });
}

void EngineCommands::setServiceSelector(const QString &ns, const QString &name,
                                        const model::Labels &selector)
{
    change([self = QPointer<EngineCommands>(this), ns = ns.toStdString(), name = name.toStdString(),
            selector](api::Commands &c) {
        reportIfRefused(self, c.edit("Service", ns, name, [&](boost::json::object &svc) {
            section(svc, "spec")["selector"] = labelsJson(selector);
        }));
    });
}

void EngineCommands::deleteFirstPod(const QString &ns, const QString &target)
{
    change([self = QPointer<EngineCommands>(this), ns = ns.toStdString(),
            target = target.toStdString()](api::Commands &c) {
        const auto pod = firstPod(c.cluster(), ns, target);
        if (!pod) {
            report(self, "no Pod matches " + target + ": nothing to delete");
            return;
        }
        reportIfRefused(self, c.remove("Pod", ns, pod->metadata.name));
    });
}

void EngineCommands::relabelFirstPod(
        const QString &ns, const QString &target,
        const std::map<std::string, std::optional<std::string>> &changes)
{
    change([self = QPointer<EngineCommands>(this), ns = ns.toStdString(),
            target = target.toStdString(), changes](api::Commands &c) {
        const auto pod = firstPod(c.cluster(), ns, target);
        if (!pod) {
            report(self, "no Pod matches " + target + ": nothing to relabel");
            return;
        }
        model::Labels labels = pod->metadata.labels;
        for (const auto &[key, value] : changes)
            if (value)
                labels[key] = *value;
            else
                labels.erase(key);
        reportIfRefused(self,
                        c.edit("Pod", ns, pod->metadata.name, [&](boost::json::object &object) {
                            section(object, "metadata")["labels"] = labelsJson(labels);
                        }));
    });
}

void EngineCommands::clearNamespace(const QString &ns)
{
    change([ns = ns.toStdString()](api::Commands &c) {
        // Owners first, so their controllers do not replace what is deleted after them.
        for (const char *kind : { "Deployment", "StatefulSet", "ReplicaSet",
                                  "ReplicationController", "Service", "Pod" })
            for (const auto &object : c.cluster().store().list(kind, ns)) {
                if (std::string_view(kind) == "Service"
                    && model::meta(*object).name == "kubernetes")
                    continue;
                (void)c.remove(kind, ns, model::meta(*object).name, "Background", 0);
            }
    });
}

void EngineCommands::curl(const QString &ns, const QString &name)
{
    std::shared_future<std::string> answer =
            m_engine.curl(ns.toStdString(), name.toStdString()).share();
    QPointer<EngineCommands> self(this);
    // The wait happens on a pool thread; the GUI thread only receives the queued answer.
    QThreadPool::globalInstance()->start([answer, self, ns, name] {
        const QString text = QString::fromStdString(answer.get());
        QMetaObject::invokeMethod(
                qApp,
                [self, ns, name, text] {
                    if (self)
                        emit self->curlAnswered(ns, name, text);
                },
                Qt::QueuedConnection);
    });
}

void EngineCommands::requestProxyRules(ProxyMode mode, const QString &node)
{
    std::shared_future<ProxyRulesView> rules =
            m_engine.proxyRules(mode, node.toStdString()).share();
    QPointer<EngineCommands> self(this);
    QThreadPool::globalInstance()->start([rules, self] {
        auto view = std::make_shared<const ProxyRulesView>(rules.get());
        QMetaObject::invokeMethod(
                qApp,
                [self, view] {
                    if (self)
                        emit self->proxyRulesReady(view);
                },
                Qt::QueuedConnection);
    });
}

void EngineCommands::apply(std::vector<manifest::DecodedObject> objects)
{
    std::shared_future<cluster::ApplyResult> result =
            m_engine.apply(std::move(objects), cluster::ApplyMode::Apply, m_manager).share();
    QPointer<EngineCommands> self(this);
    QThreadPool::globalInstance()->start([result, self] {
        const cluster::ApplyResult &r = result.get();
        QStringList lines;
        for (const auto &line : r.outcomes)
            lines << QString::fromStdString(line);
        for (const auto &d : r.diagnostics)
            lines << QString::fromStdString(d.format());
        const bool ok = r.ok;
        QMetaObject::invokeMethod(
                qApp,
                [self, ok, lines] {
                    if (self)
                        emit self->applied(ok, lines);
                },
                Qt::QueuedConnection);
    });
}

void EngineCommands::setUsersRate(double perSecond)
{
    m_engine.setUsersRate(perSecond);
}

double EngineCommands::usersRate() const
{
    return m_engine.usersRate();
}

void EngineCommands::setBalanceMode(net::BalanceMode mode)
{
    m_engine.setBalanceMode(mode);
}

bool EngineCommands::parseLabels(const QString &text, model::Labels &labels, QString &error)
{
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    static const QRegularExpression spacedEquals(QStringLiteral("\\s*([=:])\\s*"));
    labels.clear();
    QString compact = text;
    compact.replace(spacedEquals, QStringLiteral("\\1"));
    for (const QString &part : compact.split(separators, Qt::SkipEmptyParts)) {
        const qsizetype eq = part.indexOf(QLatin1Char('='));
        const qsizetype colon = part.indexOf(QLatin1Char(':'));
        const qsizetype at = eq >= 0 ? eq : colon;
        if (at <= 0) {
            error = QStringLiteral("labels: \"%1\" is not key=value").arg(part);
            return false;
        }
        labels[part.left(at).trimmed().toStdString()] = part.mid(at + 1).trimmed().toStdString();
    }
    return true;
}

QString EngineCommands::labelsText(const model::Labels &labels)
{
    QStringList parts;
    for (const auto &[key, value] : labels)
        parts << QString::fromStdString(key + "=" + value);
    return parts.join(QStringLiteral(", "));
}

} // namespace clusterlab::app
