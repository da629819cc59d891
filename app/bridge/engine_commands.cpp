#include "bridge/engine_commands.h"

#include "model/label_selector.h"

#include <QCoreApplication>
#include <QPointer>
#include <QRegularExpression>
#include <QThreadPool>

#include <boost/json/value.hpp>

namespace clusterlab::app {

EngineCommands::EngineCommands(Engine &engine, QObject *parent) : QObject(parent), m_engine(engine)
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

/// labelsJson is labels as the raw JSON object a Pod's metadata or a Service's spec holds.
boost::json::object labelsJson(const model::Labels &labels)
{
    boost::json::object raw;
    for (const auto &[key, value] : labels)
        raw[key] = value;
    return raw;
}

/// setRaw puts value at raw[section][field] when raw[section] is an object.
void setRaw(boost::json::object &raw, const char *section, const char *field,
            boost::json::value value)
{
    if (auto *part = raw.if_contains(section); part && part->is_object())
        part->as_object()[field] = std::move(value);
}

} // namespace

void EngineCommands::scale(const QString &kind, const QString &ns, const QString &name,
                           int replicas)
{
    if (replicas < 0)
        return;
    m_engine.post([self = QPointer<EngineCommands>(this), kind = kind.toStdString(),
                   ns = ns.toStdString(), name = name.toStdString(),
                   replicas](cluster::Cluster &c) {
        if (auto r = c.scale(kind, ns, name, replicas); !r)
            report(self, r.error().message);
    });
}

void EngineCommands::deletePod(const QString &ns, const QString &name)
{
    m_engine.post([self = QPointer<EngineCommands>(this), ns = ns.toStdString(),
                   name = name.toStdString()](cluster::Cluster &c) {
        if (auto r = c.remove("Pod", ns, name); !r)
            report(self, r.error().message);
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
    m_engine.post([self = QPointer<EngineCommands>(this), ns = ns.toStdString(),
                   name = name.toStdString(), labels](cluster::Cluster &c) {
        const auto pod = c.store().getAs<model::Pod>(ns, name);
        if (!pod) {
            report(self, "pods \"" + name + "\" not found");
            return;
        }
        model::Pod changed = *pod;
        changed.metadata.labels = labels;
        setRaw(changed.raw, "metadata", "labels", labelsJson(labels));
        if (auto r = c.update(std::move(changed)); !r)
            report(self, r.error().message);
    });
}

void EngineCommands::setSessionAffinity(const QString &ns, const QString &name, bool clientIP)
{
    m_engine.post([self = QPointer<EngineCommands>(this), ns = ns.toStdString(),
                   name = name.toStdString(), clientIP](cluster::Cluster &c) {
        const auto svc = c.store().getAs<model::Service>(ns, name);
        if (!svc) {
            report(self, "services \"" + name + "\" not found");
            return;
        }
        model::Service changed = *svc;
        changed.spec.sessionAffinity = clientIP ? "ClientIP" : "None";
        if (!clientIP)
            changed.spec.sessionAffinityTimeoutSeconds.reset();
        else if (!changed.spec.sessionAffinityTimeoutSeconds)
            changed.spec.sessionAffinityTimeoutSeconds = 10800;
        setRaw(changed.raw, "spec", "sessionAffinity",
               boost::json::string(changed.spec.sessionAffinity));
        if (auto r = c.update(std::move(changed)); !r)
            report(self, r.error().message);
    });
}

void EngineCommands::setServiceSelector(const QString &ns, const QString &name,
                                        const model::Labels &selector)
{
    m_engine.post([self = QPointer<EngineCommands>(this), ns = ns.toStdString(),
                   name = name.toStdString(), selector](cluster::Cluster &c) {
        const auto svc = c.store().getAs<model::Service>(ns, name);
        if (!svc) {
            report(self, "services \"" + name + "\" not found");
            return;
        }
        model::Service changed = *svc;
        changed.spec.selector = selector;
        setRaw(changed.raw, "spec", "selector", labelsJson(selector));
        if (auto r = c.update(std::move(changed)); !r)
            report(self, r.error().message);
    });
}

namespace {

/// firstPod is the first Pod by name in ns, not terminating, that target names (a label
/// selector or a name). Engine strand only.
std::optional<model::Pod> firstPod(cluster::Cluster &c, const std::string &ns,
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

void EngineCommands::deleteFirstPod(const QString &ns, const QString &target)
{
    m_engine.post([self = QPointer<EngineCommands>(this), ns = ns.toStdString(),
                   target = target.toStdString()](cluster::Cluster &c) {
        const auto pod = firstPod(c, ns, target);
        if (!pod) {
            report(self, "no Pod matches " + target + ": nothing to delete");
            return;
        }
        if (auto r = c.remove("Pod", ns, pod->metadata.name); !r)
            report(self, r.error().message);
    });
}

void EngineCommands::relabelFirstPod(
        const QString &ns, const QString &target,
        const std::map<std::string, std::optional<std::string>> &changes)
{
    m_engine.post([self = QPointer<EngineCommands>(this), ns = ns.toStdString(),
                   target = target.toStdString(), changes](cluster::Cluster &c) {
        auto pod = firstPod(c, ns, target);
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
        pod->metadata.labels = labels;
        setRaw(pod->raw, "metadata", "labels", labelsJson(labels));
        if (auto r = c.update(std::move(*pod)); !r)
            report(self, r.error().message);
    });
}

void EngineCommands::clearNamespace(const QString &ns)
{
    m_engine.post([ns = ns.toStdString()](cluster::Cluster &c) {
        // Owners first, so their controllers do not replace what is deleted after them.
        for (const char *kind : { "Deployment", "StatefulSet", "ReplicaSet",
                                  "ReplicationController", "Service", "Pod" })
            for (const auto &object : c.store().list(kind, ns)) {
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

void EngineCommands::apply(std::vector<manifest::DecodedObject> objects)
{
    std::shared_future<cluster::ApplyResult> result =
            m_engine.apply(std::move(objects), cluster::ApplyMode::Apply).share();
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
