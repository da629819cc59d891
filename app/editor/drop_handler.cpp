#include "editor/drop_handler.h"

#include "editor/document_applier.h"
#include "editor/editor_dock.h"
#include "editor/manifest_document.h"
#include "editor/template_palette.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QGraphicsView>
#include <QMimeData>
#include <QUrl>

namespace clusterlab::app {

namespace {

QStringList localPaths(const QMimeData *data)
{
    QStringList paths;
    if (!data->hasUrls())
        return paths;
    for (const QUrl &url : data->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    return paths;
}

} // namespace

DropHandler::DropHandler(QWidget *window, QGraphicsView *canvas, EditorDock &editor)
    : QObject(window), m_canvas(canvas), m_editor(editor)
{
    window->setAcceptDrops(true);
    window->installEventFilter(this);
    if (canvas) {
        canvas->viewport()->setAcceptDrops(true);
        canvas->viewport()->installEventFilter(this);
    }
}

bool DropHandler::accepts(const QMimeData *data)
{
    return data
            && (data->hasFormat(QString::fromLatin1(kTemplateMimeType))
                || !localPaths(data).isEmpty() || (!data->hasUrls() && data->hasText()));
}

bool DropHandler::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::DragEnter:
    case QEvent::DragMove: {
        auto *drag = static_cast<QDragMoveEvent *>(event);
        if (!accepts(drag->mimeData()))
            return false;
        drag->setDropAction(Qt::CopyAction);
        drag->accept();
        return true;
    }
    case QEvent::Drop: {
        auto *dropEvent = static_cast<QDropEvent *>(event);
        if (!accepts(dropEvent->mimeData()))
            return false;
        drop(dropEvent, m_canvas && watched == m_canvas->viewport());
        dropEvent->setDropAction(Qt::CopyAction);
        dropEvent->accept();
        return true;
    }
    default:
        return false;
    }
}

void DropHandler::drop(const QDropEvent *event, bool onCanvas)
{
    const QMimeData *data = event->mimeData();
    if (data->hasFormat(QString::fromLatin1(kTemplateMimeType))) {
        const QString id = QString::fromUtf8(data->data(QString::fromLatin1(kTemplateMimeType)));
        std::optional<QPointF> at;
        if (onCanvas)
            at = m_canvas->mapToScene(event->position().toPoint());
        m_editor.applier().dropTemplate(id, at);
        return;
    }
    if (QStringList paths = localPaths(data); !paths.isEmpty()) {
        if (m_take)
            paths.removeIf([this](const QString &path) {
                return m_take(path);
            });
        if (!paths.isEmpty())
            m_editor.openPaths(paths, true);
        return;
    }
    ManifestDocument *document = m_editor.newDocument(data->text(), QStringLiteral("Dropped text"));
    document->setModified(true); // nothing on disk holds it yet
    m_editor.applyDocument(document);
}

} // namespace clusterlab::app
