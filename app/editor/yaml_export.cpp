#include "editor/yaml_export.h"

#include "state/cluster_mirror.h"
#include "state/object_yaml.h"

#include <QApplication>
#include <QDir>
#include <QDrag>
#include <QMimeData>
#include <QMouseEvent>
#include <QSaveFile>
#include <QUrl>

namespace clusterlab::app {

namespace {

bool madeByPeople(const model::Object &object)
{
    return model::controllerOf(model::meta(object)) == nullptr;
}

} // namespace

QString clusterYaml(const ClusterMirror &mirror)
{
    QStringList documents;
    auto add = [&documents](const model::ObjectPtr &object) {
        if (object && madeByPeople(*object) && ClusterMirror::shown(*object))
            documents << objectYaml(*object);
    };
    for (const GroupRef &group : mirror.workloads())
        add(mirror.objectByKey(group.key));
    QStringList services = mirror.serviceUids();
    services.sort();
    for (const QString &uid : services)
        add(mirror.object(uid));
    QStringList pods = mirror.podUids();
    pods.sort();
    for (const QString &uid : pods)
        add(mirror.object(uid));
    if (documents.isEmpty())
        return {};
    for (QString &document : documents)
        if (!document.endsWith(QLatin1Char('\n')))
            document += QLatin1Char('\n');
    return QStringLiteral("---\n") + documents.join(QStringLiteral("---\n"));
}

QString objectYamlOf(const ClusterMirror &mirror, const QString &uid)
{
    const model::ObjectPtr object = mirror.object(uid);
    return object ? objectYaml(*object) : QString();
}

QString exportFileName(const ClusterMirror &mirror, const QString &uid)
{
    const model::ObjectPtr object = uid.isEmpty() ? nullptr : mirror.object(uid);
    if (!object)
        return QStringLiteral("cluster.yaml");
    return QString::fromStdString(model::kindOf(*object)).toLower() + QLatin1Char('-')
            + QString::fromStdString(model::meta(*object).name) + QStringLiteral(".yaml");
}

ExportButton::ExportButton(std::function<QString(const QString &)> yaml,
                           std::function<QString(const QString &)> fileName,
                           std::function<QString()> selectedUid, QWidget *parent)
    : QToolButton(parent),
      m_yaml(std::move(yaml)),
      m_fileName(std::move(fileName)),
      m_selectedUid(std::move(selectedUid))
{
    setText(QStringLiteral("Export"));
    setPopupMode(QToolButton::InstantPopup);
    setToolTip(QStringLiteral("Export the cluster, or the object selected on the canvas, as "
                              "YAML: pick a file, or drag this button to a folder"));
}

void ExportButton::mousePressEvent(QMouseEvent *event)
{
    m_pressAt = event->position().toPoint();
    m_pressed = event->button() == Qt::LeftButton;
    QToolButton::mousePressEvent(event);
}

void ExportButton::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_pressed
        || (event->position().toPoint() - m_pressAt).manhattanLength()
                < QApplication::startDragDistance()) {
        QToolButton::mouseMoveEvent(event);
        return;
    }
    m_pressed = false;
    setDown(false);
    QString uid = m_selectedUid();
    QString yaml = m_yaml(uid);
    if (yaml.isEmpty()) {
        uid.clear();
        yaml = m_yaml(uid);
    }
    if (yaml.isEmpty())
        return;
    const QString folder = QDir::tempPath() + QStringLiteral("/clusterlab-export");
    QDir().mkpath(folder);
    const QString path = folder + QLatin1Char('/') + m_fileName(uid);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(yaml.toUtf8()) < 0 || !file.commit())
        return;
    auto *mime = new QMimeData;
    mime->setUrls({ QUrl::fromLocalFile(path) });
    mime->setText(yaml);
    auto *drag = new QDrag(this);
    drag->setMimeData(mime);
    drag->exec(Qt::CopyAction);
}

} // namespace clusterlab::app
