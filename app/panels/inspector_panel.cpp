#include "panels/inspector_panel.h"

#include "bridge/engine_commands.h"
#include "state/cluster_state.h"
#include "state/object_yaml.h"
#include "state/pod_display.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QVBoxLayout>

namespace clusterlab::app {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

} // namespace

InspectorPanel::InspectorPanel(const ClusterState &state, EngineCommands &commands, QWidget *parent)
    : QWidget(parent), m_state(state), m_commands(commands)
{
    auto *layout = new QVBoxLayout(this);
    m_title = new QLabel(QStringLiteral("Select a Pod, a Service or a group on the canvas."));
    m_title->setWordWrap(true);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.2);
    big.setBold(true);
    m_title->setFont(big);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_title);
    layout->addWidget(m_status);

    m_podBox = new QWidget;
    auto *podForm = new QFormLayout(m_podBox);
    podForm->setContentsMargins(0, 0, 0, 0);
    m_labels = new QLineEdit;
    m_labels->setPlaceholderText(QStringLiteral("app=backend, tier=backend"));
    m_labels->setToolTip(QStringLiteral("Press Enter to apply. A Service selects the Pods whose "
                                        "labels match its selector."));
    podForm->addRow(QStringLiteral("Labels"), m_labels);
    connect(m_labels, &QLineEdit::returnPressed, this, [this] {
        if (const model::Pod *pod = m_state.mirror().pod(m_uid))
            m_commands.setPodLabels(qs(pod->metadata.namespace_), qs(pod->metadata.name),
                                    m_labels->text());
    });
    layout->addWidget(m_podBox);

    m_serviceBox = new QWidget;
    auto *serviceLayout = new QVBoxLayout(m_serviceBox);
    serviceLayout->setContentsMargins(0, 0, 0, 0);
    m_affinity = new QCheckBox(QStringLiteral("Session affinity (ClientIP): one client, one Pod"));
    connect(m_affinity, &QCheckBox::clicked, this, [this](bool on) {
        if (const model::Service *svc = m_state.mirror().service(m_uid))
            m_commands.setSessionAffinity(qs(svc->metadata.namespace_), qs(svc->metadata.name), on);
    });
    m_chart = new DistributionChart;
    m_reset = new QPushButton(QStringLiteral("Reset counts"));
    connect(m_reset, &QPushButton::clicked, this, &InspectorPanel::resetChart);
    m_serviceNote = new QLabel;
    m_serviceNote->setWordWrap(true);
    m_serviceNote->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *chartTitle = new QLabel(QStringLiteral("<b>Requests per endpoint Pod</b> since reset"));
    serviceLayout->addWidget(m_affinity);
    serviceLayout->addWidget(chartTitle);
    serviceLayout->addWidget(m_chart);
    serviceLayout->addWidget(m_reset, 0, Qt::AlignLeft);
    serviceLayout->addWidget(m_serviceNote);
    layout->addWidget(m_serviceBox);

    m_yaml = new QPlainTextEdit;
    m_yaml->setReadOnly(true);
    m_yaml->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_yaml->setLineWrapMode(QPlainTextEdit::NoWrap);
    layout->addWidget(m_yaml, 1);
    m_podBox->hide();
    m_serviceBox->hide();
    connect(&state, &ClusterState::changed, this, &InspectorPanel::refresh);
}

QString InspectorPanel::yamlText() const
{
    return m_yaml->toPlainText();
}

void InspectorPanel::showObject(const QString &uid)
{
    if (uid == m_uid)
        return;
    m_uid = uid;
    m_version = 0;
    m_baseline.clear();
    m_yaml->clear();
    resetChart();
    refresh();
}

void InspectorPanel::refresh()
{
    const model::ObjectPtr object = m_state.mirror().object(m_uid);
    m_podBox->setVisible(object && std::holds_alternative<model::Pod>(*object));
    m_serviceBox->setVisible(object && std::holds_alternative<model::Service>(*object));
    if (!object) {
        if (!m_uid.isEmpty())
            m_status->setText(QStringLiteral("This object is gone."));
        return;
    }
    const auto &meta = model::meta(*object);
    m_title->setText(QStringLiteral("%1 %2").arg(qs(model::kindOf(*object)), qs(meta.name)));
    if (meta.resourceVersion != m_version) {
        m_version = meta.resourceVersion;
        const int scroll = m_yaml->verticalScrollBar()->value();
        m_yaml->setPlainText(objectYaml(*object));
        m_yaml->verticalScrollBar()->setValue(scroll);
        if (const auto *pod = std::get_if<model::Pod>(object.get())) {
            const PodDisplay d = podDisplayOf(*pod);
            m_status->setText(
                    QStringLiteral("%1%2 · Pod IP %3 · %4 · namespace %5")
                            .arg(d.status,
                                 d.ready ? QStringLiteral(", Ready")
                                         : QStringLiteral(", not ready"),
                                 d.ip.isEmpty() ? QStringLiteral("none yet") : d.ip,
                                 d.node.isEmpty() ? QStringLiteral("not scheduled") : d.node,
                                 d.ns));
            if (!m_labels->hasFocus())
                m_labels->setText(EngineCommands::labelsText(pod->metadata.labels));
        } else if (const auto *d = std::get_if<model::Deployment>(object.get())) {
            m_status->setText(QStringLiteral("%1 of %2 replicas ready, %3 up to date")
                                      .arg(d->status.readyReplicas)
                                      .arg(d->spec.replicas)
                                      .arg(d->status.updatedReplicas));
        } else if (const auto *s = std::get_if<model::StatefulSet>(object.get())) {
            m_status->setText(QStringLiteral("%1 of %2 replicas ready")
                                      .arg(s->status.readyReplicas)
                                      .arg(s->spec.replicas));
        } else {
            m_status->setText(QStringLiteral("namespace %1 · resourceVersion %2")
                                      .arg(qs(meta.namespace_))
                                      .arg(meta.resourceVersion));
        }
    }
    if (std::holds_alternative<model::Service>(*object))
        refreshService();
}

} // namespace clusterlab::app
