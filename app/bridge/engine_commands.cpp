#include "bridge/engine_commands.h"

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
        if (auto *metadata = changed.raw.if_contains("metadata");
            metadata && metadata->is_object()) {
            boost::json::object rawLabels;
            for (const auto &[key, value] : labels)
                rawLabels[key] = value;
            metadata->as_object()["labels"] = std::move(rawLabels);
        }
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
        if (auto *spec = changed.raw.if_contains("spec"); spec && spec->is_object())
            spec->as_object()["sessionAffinity"] = changed.spec.sessionAffinity;
        if (auto r = c.update(std::move(changed)); !r)
            report(self, r.error().message);
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
