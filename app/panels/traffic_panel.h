#pragma once

#include <QElapsedTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSlider;

namespace clusterlab::app {

class ClusterState;
class EngineCommands;

/// TrafficPanel holds the traffic controls: the users' request rate (0 pauses), how the
/// Services pick a Pod (random as iptables, round-robin, least connections as IPVS), session
/// affinity for every Service, and the live totals (from the ClusterState's counts, after each
/// of its changes).
class TrafficPanel : public QWidget
{
    Q_OBJECT
public:
    TrafficPanel(const ClusterState &state, EngineCommands &commands, QWidget *parent = nullptr);

    void setUsersRate(double perSecond);
    double usersRate() const;
    /// refresh updates the totals from the state's counts.
    void refresh();

signals:
    void usersRateChanged(double perSecond);

private:
    const ClusterState &m_state;
    EngineCommands &m_commands;
    QDoubleSpinBox *m_rate;
    QSlider *m_slider;
    QComboBox *m_mode;
    QCheckBox *m_affinity;
    QLabel *m_totals;
    QElapsedTimer m_sinceTotals;
    quint64 m_lastTotal = 0;
    double m_perSecond = 0;
};

} // namespace clusterlab::app
