#pragma once

#include <QLabel>

namespace clusterlab::app {

class ClusterState;

/// StatusSummary is the status bar's text: what keeps part of the network from working (the
/// data plane's problems, such as a ClusterIP port it cannot listen on), the cluster's counts,
/// and the commands that reach its Services from a terminal (with the ports really bound).
/// It reads the ClusterState and refreshes after each of its changes.
class StatusSummary : public QLabel
{
    Q_OBJECT
public:
    explicit StatusSummary(const ClusterState &state, QWidget *parent = nullptr);

    void refresh();
    /// setKubeconfig adds `KUBECONFIG=... kubectl` to the commands ("" = no API running).
    void setKubeconfig(const QString &path) { m_kubeconfig = path; }
    /// commandsToTry lists one terminal command per Service, as the headless mode prints.
    QStringList commandsToTry() const;
    /// problemsText is the data plane's problems as shown ("" when there are none).
    QString problemsText() const;

private:
    const ClusterState &m_state;
    QString m_kubeconfig;
};

} // namespace clusterlab::app
