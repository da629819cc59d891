#include "canvas/canvas_view.h"

#include "canvas/canvas_scene.h"

#include <QKeyEvent>
#include <QLineEdit>
#include <QWheelEvent>

#include <utility>

namespace clusterlab::app {

namespace {
constexpr qreal kMinZoom = 0.05;
constexpr qreal kMaxZoom = 3.0;
constexpr qreal kMaxFitZoom = 1.25;
constexpr qreal kFitMargin = 40; ///< the scene's own margin: a fit of it shows no scroll bars
} // namespace

CanvasView::CanvasView(CanvasScene *scene, QWidget *parent)
    : QGraphicsView(scene, parent), m_scene(scene)
{
    setRenderHint(QPainter::Antialiasing);
    setRenderHint(QPainter::TextAntialiasing);
    setViewportUpdateMode(SmartViewportUpdate);
    setOptimizationFlags(DontAdjustForAntialiasing);
    setTransformationAnchor(AnchorUnderMouse);
    setResizeAnchor(AnchorViewCenter);
    setDragMode(ScrollHandDrag);
    setFrameShape(QFrame::NoFrame);
    setFocusPolicy(Qt::StrongFocus);
    connect(scene, &CanvasScene::newCluster, this, &CanvasView::fitAndFollow);
    connect(scene, &CanvasScene::layoutChanged, this, &CanvasView::onLayoutChanged);
}

qreal CanvasView::zoom() const
{
    return transform().m11();
}

void CanvasView::setZoom(qreal zoom)
{
    m_autoFit = false;
    m_following.invalidate();
    zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
    setTransform(QTransform::fromScale(zoom, zoom));
}

void CanvasView::zoomBy(qreal factor)
{
    setZoom(zoom() * factor);
}

void CanvasView::fitToWindow()
{
    m_autoFit = true;
    applyFit();
}

void CanvasView::fitAndFollow()
{
    m_autoFit = true;
    m_following.start();
    applyFit();
}

void CanvasView::onLayoutChanged()
{
    if (!m_autoFit)
        return;
    if (m_following.isValid() && m_following.elapsed() > kFollowMs)
        m_following.invalidate();
    if (m_following.isValid() || !contentFits())
        applyFit();
}

void CanvasView::applyFit()
{
    const QRectF rect =
            m_scene->contentRect().adjusted(-kFitMargin, -kFitMargin, kFitMargin, kFitMargin);
    if (rect.isEmpty() || viewport()->width() < 10 || viewport()->height() < 10)
        return;
    fitInView(rect, Qt::KeepAspectRatio);
    if (zoom() > kMaxFitZoom) { // a small cluster is not blown up
        setTransform(QTransform::fromScale(kMaxFitZoom, kMaxFitZoom));
        centerOn(rect.center());
    }
}

bool CanvasView::contentFits() const
{
    const QRect shown = mapFromScene(m_scene->contentRect()).boundingRect();
    return shown.isEmpty() || viewport()->rect().contains(shown);
}

void CanvasView::editInline(const QRectF &sceneRect, const QString &text,
                            std::function<void(const QString &)> done)
{
    delete m_editor;
    m_editor = new QLineEdit(viewport());
    QRect at = mapFromScene(sceneRect).boundingRect();
    at.setWidth(std::max(at.width(), 240));
    at.setHeight(std::max(at.height(), m_editor->sizeHint().height()));
    m_editor->setGeometry(at);
    m_editor->setText(text);
    m_editor->selectAll();
    m_editor->show();
    m_editor->setFocus();
    QLineEdit *editor = m_editor;
    connect(editor, &QLineEdit::returnPressed, this, [this, editor, done] {
        const QString value = editor->text();
        editor->deleteLater();
        m_editor = nullptr;
        setFocus();
        done(value);
    });
    connect(editor, &QLineEdit::editingFinished, this, [this, editor] {
        if (m_editor == editor && !editor->hasFocus()) {
            editor->deleteLater();
            m_editor = nullptr;
        }
    });
}

void CanvasView::wheelEvent(QWheelEvent *event)
{
    const qreal steps = event->angleDelta().y() / 120.0;
    if (steps == 0) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    zoomBy(std::pow(1.15, steps));
    event->accept();
}

void CanvasView::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape && m_editor) {
        m_editor->deleteLater();
        m_editor = nullptr;
        return;
    }
    if (event->key() == Qt::Key_Delete || event->key() == Qt::Key_Backspace) {
        m_scene->deleteSelectedPods();
        event->accept();
        return;
    }
    QGraphicsView::keyPressEvent(event);
}

void CanvasView::mousePressEvent(QMouseEvent *event)
{
    setDragMode((event->modifiers() & Qt::ShiftModifier) ? RubberBandDrag : ScrollHandDrag);
    QGraphicsView::mousePressEvent(event);
}

void CanvasView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (m_autoFit)
        applyFit();
}

void CanvasView::showEvent(QShowEvent *event)
{
    QGraphicsView::showEvent(event);
    // A restored or earlier zoom is no good for what this run shows: fit it in.
    if (!std::exchange(m_shownOnce, true))
        fitAndFollow();
}

} // namespace clusterlab::app
