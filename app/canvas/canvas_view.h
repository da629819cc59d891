#pragma once

#include <QGraphicsView>

class QLineEdit;

namespace clusterlab::app {

class CanvasScene;

/// CanvasView shows the canvas: wheel zooms around the cursor, dragging the background pans,
/// Shift-drag selects, Delete deletes the selected Pods, fit-to-window follows the layout
/// until people zoom themselves. It also hosts the inline editors (labels, replicas).
class CanvasView : public QGraphicsView
{
    Q_OBJECT
public:
    explicit CanvasView(CanvasScene *scene, QWidget *parent = nullptr);

    qreal zoom() const;
    void setZoom(qreal zoom);
    void zoomBy(qreal factor);
    /// fitToWindow shows the whole canvas, and keeps doing so as it grows.
    void fitToWindow();
    bool autoFit() const { return m_autoFit; }
    /// editInline opens a one-line editor over a scene rectangle; done(text) on Enter.
    void editInline(const QRectF &sceneRect, const QString &text,
                    std::function<void(const QString &)> done);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void applyFit();

    CanvasScene *m_scene;
    QLineEdit *m_editor = nullptr;
    bool m_autoFit = true;
};

} // namespace clusterlab::app
