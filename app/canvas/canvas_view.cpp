#include "canvas/canvas_view.h"

#include "canvas/canvas_scene.h"

#include <QKeyEvent>
#include <QLineEdit>
#include <QWheelEvent>

namespace clusterlab::app {

namespace {
constexpr qreal kMinZoom = 0.05;
constexpr qreal kMaxZoom = 3.0;
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
    connect(scene, &CanvasScene::layoutChanged, this, [this] {
        if (m_autoFit)
            applyFit();
    });
}

qreal CanvasView::zoom() const
{
    return transform().m11();
}

void CanvasView::setZoom(qreal zoom)
{
    m_autoFit = false;
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

void CanvasView::applyFit()
{
    const QRectF rect = scene()->sceneRect();
    if (rect.isEmpty() || viewport()->width() < 10)
        return;
    fitInView(rect, Qt::KeepAspectRatio);
    if (zoom() > 1.25)
        setTransform(QTransform::fromScale(1.25, 1.25));
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

} // namespace clusterlab::app
