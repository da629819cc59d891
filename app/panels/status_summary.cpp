#include "panels/status_summary.h"

#include "canvas/canvas_scene.h"
#include "canvas/service_item.h"

namespace clusterlab::app {

StatusSummary::StatusSummary(const CanvasScene &scene, QWidget *parent)
    : QLabel(parent), m_scene(scene)
{
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setTextFormat(Qt::PlainText);
    // A long line of commands must never widen the window; the tooltip has them all.
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    setMinimumWidth(200);
}

QStringList StatusSummary::commandsToTry() const
{
    QStringList commands;
    if (!m_kubeconfig.isEmpty())
        commands << QStringLiteral("KUBECONFIG=%1 kubectl get pods -o wide").arg(m_kubeconfig);
    QList<const ServiceItem *> gates;
    for (const QString &uid : m_scene.mirror().serviceUids())
        if (const ServiceItem *gate = m_scene.serviceItem(uid))
            gates << gate;
    std::sort(gates.begin(), gates.end(), [](const ServiceItem *a, const ServiceItem *b) {
        return a->display().name < b->display().name;
    });
    for (const ServiceItem *gate : std::as_const(gates)) {
        const ServiceDisplay &d = gate->display();
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

void StatusSummary::refresh()
{
    const ClusterMirror &mirror = m_scene.mirror();
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
    setText(commands.isEmpty() ? counts
                               : counts + QStringLiteral("    Try from a terminal:  ")
                            + commands.join(QStringLiteral("   ·   ")));
    setToolTip(commands.join(QLatin1Char('\n')));
}

} // namespace clusterlab::app
