#pragma once

#include <QObject>

#include <functional>

class QDropEvent;
class QGraphicsView;
class QMimeData;
class QWidget;

namespace clusterlab::app {

class EditorDock;

/// DropHandler takes drops anywhere on the main window: manifest files (several) or folders
/// open in tabs and are applied; dropped text opens as a new document and is applied; a
/// template from the palette is fitted to the lane it lands on (on the canvas) and added to
/// the current document. It watches the window and the canvas viewport as an event filter.
class DropHandler : public QObject
{
    Q_OBJECT
public:
    DropHandler(QWidget *window, QGraphicsView *canvas, EditorDock &editor);

    /// accepts says whether a drop of data would be taken.
    static bool accepts(const QMimeData *data);
    /// setFileTaker lets someone else take dropped files first (a lesson file opens as a
    /// lesson, not a manifest): take(path) returns true when it took the file.
    void setFileTaker(std::function<bool(const QString &path)> take) { m_take = std::move(take); }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void drop(const QDropEvent *event, bool onCanvas);

    QGraphicsView *m_canvas;
    EditorDock &m_editor;
    std::function<bool(const QString &path)> m_take;
};

} // namespace clusterlab::app
