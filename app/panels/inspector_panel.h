#pragma once

#include "widgets/distribution_chart.h"

#include <QHash>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace clusterlab::app {

class ClusterState;
class EngineCommands;

/// InspectorPanel shows the selected object: its status, its YAML as the cluster holds it,
/// a labels editor for a Pod, and for a Service its endpoints with a live chart of requests
/// per endpoint Pod since the last reset, against the share each should get. It reads the
/// ClusterState and refreshes after each of its changes.
class InspectorPanel : public QWidget
{
    Q_OBJECT
public:
    InspectorPanel(const ClusterState &state, EngineCommands &commands, QWidget *parent = nullptr);

    /// setServiceColour gives the chart its Service's colour (the highlight colour without).
    void setServiceColour(ServiceColour colour) { m_colour = std::move(colour); }
    void showObject(const QString &uid);
    /// refresh re-reads the object and the counts (after each batch).
    void refresh();
    QString shownUid() const { return m_uid; }
    QString yamlText() const;

private:
    void refreshService();
    void resetChart();

    const ClusterState &m_state;
    EngineCommands &m_commands;
    ServiceColour m_colour;
    QString m_uid;
    std::uint64_t m_version = 0;
    QLabel *m_title;
    QLabel *m_status;
    QWidget *m_podBox;
    QLineEdit *m_labels;
    QWidget *m_serviceBox;
    QLabel *m_serviceNote;
    QCheckBox *m_affinity;
    DistributionChart *m_chart;
    QPushButton *m_reset;
    QPlainTextEdit *m_yaml;
    QHash<QString, quint64> m_baseline; ///< endpoint IP -> count at the last reset
};

} // namespace clusterlab::app
