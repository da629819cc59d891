#include "panels/status_summary.h"

#include "state/cluster_state.h"
#include "state/service_display.h"

namespace clusterlab::app {

StatusSummary::StatusSummary(const ClusterState &state, QWidget *parent)
    : QLabel(parent), m_state(state)
{
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setTextFormat(Qt::PlainText);
    // A long line of commands must never widen the window; the tooltip has them all.
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    setMinimumWidth(200);
    connect(&state, &ClusterState::changed, this, &StatusSummary::refresh);
}

QStringList StatusSummary::commandsToTry() const
{
    QStringList commands;
    if (!m_kubeconfig.isEmpty())
        commands << QStringLiteral("KUBECONFIG=%1 kubectl get pods -o wide").arg(m_kubeconfig);
    QList<ServiceDisplay> shown;
    for (const QString &uid : m_state.mirror().serviceUids())
        if (const model::Service *service = m_state.mirror().service(uid))
            shown << serviceDisplayOf(*service, m_state.facts());
    std::sort(shown.begin(), shown.end(), [](const ServiceDisplay &a, const ServiceDisplay &b) {
        return a.name < b.name;
    });
    for (const ServiceDisplay &d : std::as_const(shown)) {
        if (d.address.isEmpty() || d.clusterIP == QLatin1String("None"))
            continue;
        const QString host = d.address.section(QLatin1Char(':'), 0, 0);
        const QString port = d.address.section(QLatin1Char(':'), 1, 1);
        if (port == QLatin1String("6379") || d.name.contains(QLatin1String("redis")))
            commands << QStringLiteral("redis-cli -h %1 -p %2 PING").arg(host, port);
        else if (port == QLatin1String("3306") || d.name.contains(QLatin1String("mysql")))
            commands << QStringLiteral("mariadb -h %1 -P %2 -u root").arg(host, port);
        else
            commands << QStringLiteral("curl http://%1/")
                                .arg(port == QLatin1String("80") ? host : d.address);
    }
    return commands;
}

QString StatusSummary::problemsText() const
{
    const auto &problems = m_state.facts().problems;
    if (problems.empty())
        return {};
    QString text = QStringLiteral("⚠ ") + QString::fromStdString(problems.front());
    if (problems.size() > 1)
        text += QStringLiteral(" (and %1 more network problem%2)")
                        .arg(problems.size() - 1)
                        .arg(problems.size() > 2 ? "s" : "");
    return text;
}

void StatusSummary::refresh()
{
    const ClusterMirror &mirror = m_state.mirror();
    int running = 0, pods = 0;
    for (const QString &uid : mirror.podUids())
        if (const model::Pod *pod = mirror.pod(uid)) {
            ++pods;
            running += pod->status.phase == "Running" && !model::isPodTerminating(*pod);
        }
    const QString counts = QStringLiteral("%1 nodes · %2 Pods (%3 running) · %4 Services")
                                   .arg(mirror.nodeNames().size())
                                   .arg(pods)
                                   .arg(running)
                                   .arg(mirror.serviceUids().size());
    const QStringList commands = commandsToTry();
    QString text = commands.isEmpty() ? counts
                                      : counts + QStringLiteral("    Try from a terminal:  ")
                    + commands.join(QStringLiteral("   ·   "));
    QStringList tip = commands;
    if (const QString problems = problemsText(); !problems.isEmpty()) {
        // First, where the status bar is never cut off: part of the network does not work.
        text = problems + QStringLiteral("    ") + text;
        QStringList all;
        for (const std::string &problem : m_state.facts().problems)
            all << QString::fromStdString(problem);
        tip.prepend(QStringLiteral("The network has problems:\n  ")
                    + all.join(QStringLiteral("\n  ")) + QLatin1Char('\n'));
    }
    setText(text);
    setToolTip(tip.join(QLatin1Char('\n')));
}

} // namespace clusterlab::app
