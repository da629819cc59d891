#pragma once

#include <QString>
#include <QToolButton>

#include <functional>

namespace clusterlab::app {

class ClusterMirror;

/// clusterYaml is every object the canvas shows that people make (workloads, Services, bare
/// Pods; not what controllers make), as YAML documents. Thread: GUI thread.
QString clusterYaml(const ClusterMirror &mirror);

/// objectYamlOf is one object (by uid) as YAML; empty when unknown. Thread: GUI thread.
QString objectYamlOf(const ClusterMirror &mirror, const QString &uid);

/// exportFileName suggests "cluster.yaml" or "service-backend.yaml".
QString exportFileName(const ClusterMirror &mirror, const QString &uid);

/// ExportButton is the Export menu button that can also be dragged out to a file manager:
/// the drag carries a file (the selected object, else the whole cluster) written to a
/// temporary folder, plus its text.
class ExportButton : public QToolButton
{
    Q_OBJECT
public:
    ExportButton(std::function<QString(const QString &)> yaml,
                 std::function<QString(const QString &)> fileName,
                 std::function<QString()> selectedUid, QWidget *parent = nullptr);

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;

private:
    std::function<QString(const QString &)> m_yaml;
    std::function<QString(const QString &)> m_fileName;
    std::function<QString()> m_selectedUid;
    QPoint m_pressAt;
    bool m_pressed = false;
};

} // namespace clusterlab::app
