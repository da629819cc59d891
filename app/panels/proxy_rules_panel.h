#pragma once

#include "proxy_rules_view.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTimer;

namespace clusterlab::app {

class ClusterState;
class EngineCommands;

/// ProxyRulesPanel shows the rules a real kube-proxy would program on one node for the
/// cluster as it is now, in iptables, IPVS or nftables mode: iptables-save style with
/// ClusterLab's connection counts, the rules the last connection matched highlighted, so a
/// class sees the 1/3, 1/2, 1 probability cascade spread the traffic. It asks the engine
/// again every second while it is visible (never waiting: the answer comes as a signal).
class ProxyRulesPanel : public QWidget
{
    Q_OBJECT
public:
    ProxyRulesPanel(const ClusterState &state, EngineCommands &commands, QWidget *parent = nullptr);

    /// show takes a view (from EngineCommands::proxyRulesReady).
    void showView(const std::shared_ptr<const ProxyRulesView> &view);
    /// text is what the listing shows now; highlighted the lines marked as matched.
    QString text() const;
    QStringList highlighted() const;
    /// setFilter keeps only the rules of Services whose "namespace/name" contains text.
    void setFilter(const QString &text);
    void setMode(ProxyMode mode);
    /// setPresentation sets the rules in a font a projector's back row can read.
    void setPresentation(bool on);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void request();
    void refillNodes();

    const ClusterState &m_state;
    EngineCommands &m_commands;
    QComboBox *m_mode;
    QComboBox *m_node;
    QLineEdit *m_filter;
    QLabel *m_last;
    QPlainTextEdit *m_listing;
    QTimer *m_timer;
    std::shared_ptr<const ProxyRulesView> m_view;
    QStringList m_highlighted;
    bool m_waiting = false;
};

} // namespace clusterlab::app
