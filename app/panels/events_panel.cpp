#include "panels/events_panel.h"

#include "state/cluster_state.h"

#include <QHeaderView>
#include <QTime>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace clusterlab::app {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

QString clock(model::Time time)
{
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch());
    return QDateTime::fromMSecsSinceEpoch(ms.count()).toString(QStringLiteral("HH:mm:ss"));
}

} // namespace

EventsPanel::EventsPanel(const ClusterState &state, QWidget *parent)
    : QWidget(parent), m_state(state), m_tree(new QTreeWidget)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setHeaderLabels({ QStringLiteral("LAST SEEN"), QStringLiteral("TYPE"),
                              QStringLiteral("REASON"), QStringLiteral("OBJECT"),
                              QStringLiteral("MESSAGE") });
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(0, 80);
    m_tree->setColumnWidth(1, 70);
    m_tree->setColumnWidth(2, 130);
    m_tree->setColumnWidth(3, 240);
    layout->addWidget(m_tree);
    connect(&state, &ClusterState::changed, this, &EventsPanel::onStateChanged);
}

void EventsPanel::onStateChanged(const StateChange &change)
{
    apply(*change.batch);
    if (change.facts)
        showProblems(m_state.facts().problems);
}

void EventsPanel::showProblems(const std::vector<std::string> &problems)
{
    QSet<QString> now;
    for (const std::string &problem : problems) {
        const QString text = qs(problem);
        now.insert(text);
        if (!m_problems.contains(text))
            addRow(QStringLiteral("problem:") + text,
                   { QTime::currentTime().toString(QStringLiteral("HH:mm:ss")),
                     QStringLiteral("Warning"), QStringLiteral("NetworkProblem"),
                     QStringLiteral("data plane"), text },
                   true);
    }
    m_problems = now;
    trim();
}

void EventsPanel::addRow(const QString &key, const QStringList &columns, bool warning)
{
    if (QTreeWidgetItem *old = m_rows.take(key))
        delete m_tree->takeTopLevelItem(m_tree->indexOfTopLevelItem(old));
    auto *row = new QTreeWidgetItem(columns);
    row->setToolTip(4, columns.value(4));
    if (warning)
        for (int c = 0; c < 5; ++c)
            row->setForeground(c, QColor(0xd0, 0x30, 0x20));
    m_tree->insertTopLevelItem(0, row);
    m_rows.insert(key, row);
}

void EventsPanel::trim()
{
    while (m_tree->topLevelItemCount() > kMaxRows) {
        QTreeWidgetItem *last = m_tree->takeTopLevelItem(m_tree->topLevelItemCount() - 1);
        m_rows.remove(m_rows.key(last));
        delete last;
    }
}

void EventsPanel::apply(const BridgeBatch &batch)
{
    for (const cluster::WatchEvent &watch : batch.events) {
        if (watch.type == cluster::WatchEvent::Type::Deleted || !watch.current)
            continue;
        const auto *event = std::get_if<model::Event>(watch.current.get());
        if (!event)
            continue;
        const auto &ref = event->involvedObject;
        QString message = qs(event->message);
        if (event->count > 1)
            message += QStringLiteral(" (x%1)").arg(event->count);
        addRow(qs(event->metadata.uid),
               { clock(event->lastTimestamp), qs(event->type), qs(event->reason),
                 qs(ref.kind).toLower() + QLatin1Char('/') + qs(ref.name), message },
               event->type == "Warning");
    }
    trim();
}

int EventsPanel::rowCount() const
{
    return m_tree->topLevelItemCount();
}

QStringList EventsPanel::rowText(int row) const
{
    QStringList out;
    if (QTreeWidgetItem *item = m_tree->topLevelItem(row))
        for (int c = 0; c < item->columnCount(); ++c)
            out << item->text(c);
    return out;
}

} // namespace clusterlab::app
