#pragma once

#include "model/object_meta.h"

#include <QObject>
#include <QPoint>
#include <QString>

class QGraphicsLineItem;

namespace clusterlab::app {

class CanvasScene;
class CanvasView;

/// SelectorDrag lets people drag from a Service's gate onto a group of Pods: the Service's
/// selector becomes the labels that pick that group (its workload's selector, or the labels
/// its bare Pods share). It asks for the change with selectorRequested (the main window sends
/// it to the engine like any update); the canvas redraws the edges from the watch event and
/// the editor's two-way sync rewrites the YAML.
/// It watches the canvas viewport as an event filter. Thread: GUI thread.
class SelectorDrag : public QObject
{
    Q_OBJECT
public:
    SelectorDrag(CanvasView *view, CanvasScene &scene);

    /// pointSelector sets the Service's selector to groupSelector(groupKey).
    void pointSelector(const QString &serviceUid, const QString &groupKey);
    /// groupSelector is the selector that picks the Pods of a canvas group.
    model::Labels groupSelector(const QString &groupKey) const;

signals:
    /// selectorRequested asks to replace the selector of Service ns/name.
    void selectorRequested(const QString &ns, const QString &name, const model::Labels &selector);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void reset();

    CanvasView *m_view;
    CanvasScene &m_scene;
    QGraphicsLineItem *m_line = nullptr;
    QString m_serviceUid;
    QPoint m_pressAt;
};

} // namespace clusterlab::app
