#pragma once

#include <QLabel>

namespace clusterlab::app {

class CanvasScene;

/// StatusSummary is the status bar's text: the cluster's counts and the commands that reach
/// its Services from a terminal (with the ports really bound).
class StatusSummary : public QLabel
{
    Q_OBJECT
public:
    explicit StatusSummary(const CanvasScene &scene, QWidget *parent = nullptr);

    void refresh();
    /// setKubeconfig adds `KUBECONFIG=... kubectl` to the commands ("" = no API running).
    void setKubeconfig(const QString &path) { m_kubeconfig = path; }
    /// commandsToTry lists one terminal command per Service, as the headless mode prints.
    QStringList commandsToTry() const;

private:
    const CanvasScene &m_scene;
    QString m_kubeconfig;
};

} // namespace clusterlab::app
