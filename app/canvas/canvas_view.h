#pragma once

#include <QElapsedTimer>
#include <QGraphicsView>

class QLineEdit;

namespace clusterlab::app {

class CanvasScene;

/// CanvasView shows the canvas: wheel zooms around the cursor, dragging the background pans,
/// Shift-drag selects, Delete deletes the selected Pods. It fits the whole cluster in when
/// first shown and when a new cluster is loaded (whatever zoom it had), following the layout
/// for kFollowMs while Pods arrive; after that, until people zoom themselves, it fits again
/// only when the window is resized or the cluster outgrows it, so Pods coming and going do
/// not make the zoom jitter. It also hosts the inline editors (labels, replicas).
class CanvasView : public QGraphicsView
{
    Q_OBJECT
public:
    explicit CanvasView(CanvasScene *scene, QWidget *parent = nullptr);

    qreal zoom() const;
    void setZoom(qreal zoom);
    void zoomBy(qreal factor);
    /// kFollowMs is how long after a show or a load every layout change is fitted.
    static constexpr qint64 kFollowMs = 3000;

    /// fitToWindow shows the whole canvas now, and again on a resize or when it outgrows the
    /// window, until people zoom.
    void fitToWindow();
    /// autoFit says whether the view still fits by itself (people have not zoomed since).
    bool autoFit() const { return m_autoFit; }
    /// editInline opens a one-line editor over a scene rectangle; done(text) on Enter.
    void editInline(const QRectF &sceneRect, const QString &text,
                    std::function<void(const QString &)> done);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    /// fitAndFollow fits now and follows every layout change for kFollowMs.
    void fitAndFollow();
    void onLayoutChanged();
    void applyFit();
    bool contentFits() const;

    CanvasScene *m_scene;
    QLineEdit *m_editor = nullptr;
    bool m_autoFit = true;
    bool m_shownOnce = false;
    QElapsedTimer m_following; ///< since the last show or load (invalid: not following)
};

} // namespace clusterlab::app
