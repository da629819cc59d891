#include "canvas/selector_drag.h"

#include "canvas/canvas_scene.h"
#include "canvas/canvas_view.h"
#include "canvas/group_item.h"
#include "canvas/service_item.h"
#include "model/workload_labels.h"

#include <QApplication>
#include <QGraphicsLineItem>
#include <QMouseEvent>
#include <QPen>

namespace clusterlab::app {

namespace {

template <typename Item>
Item *itemAt(const CanvasScene &scene, const QPointF &scenePos)
{
    for (QGraphicsItem *item : scene.items(scenePos))
        for (QGraphicsItem *up = item; up; up = up->parentItem())
            if (auto *found = qgraphicsitem_cast<Item *>(up))
                return found;
    return nullptr;
}

} // namespace

SelectorDrag::SelectorDrag(CanvasView *view, CanvasScene &scene)
    : QObject(view), m_view(view), m_scene(scene)
{
    view->viewport()->installEventFilter(this);
}

model::Labels SelectorDrag::groupSelector(const QString &groupKey) const
{
    if (const model::ObjectPtr object = m_scene.state().mirror().objectByKey(groupKey)) {
        if (const auto *rc = std::get_if<model::ReplicationController>(object.get()))
            return rc->spec.selector;
        const auto [tmpl, selector] = model::workloadLabelsOf(*object);
        if (selector && !selector->matchLabels.empty())
            return selector->matchLabels;
        if (tmpl)
            return tmpl->metadata.labels;
    }
    // Bare Pods: the labels they all share.
    std::optional<model::Labels> shared;
    for (const QString &uid : m_scene.state().mirror().podUids()) {
        const model::Pod *pod = m_scene.state().mirror().pod(uid);
        if (!pod || m_scene.groupKeyOf(uid) != groupKey)
            continue;
        if (!shared) {
            shared = pod->metadata.labels;
            continue;
        }
        std::erase_if(*shared, [pod](const auto &entry) {
            auto it = pod->metadata.labels.find(entry.first);
            return it == pod->metadata.labels.end() || it->second != entry.second;
        });
    }
    return shared.value_or(model::Labels{});
}

void SelectorDrag::pointSelector(const QString &serviceUid, const QString &groupKey)
{
    const model::Service *service = m_scene.state().mirror().service(serviceUid);
    const model::Labels selector = groupSelector(groupKey);
    if (!service || selector.empty())
        return;
    emit selectorRequested(QString::fromStdString(service->metadata.namespace_),
                           QString::fromStdString(service->metadata.name), selector);
}

void SelectorDrag::reset()
{
    delete m_line;
    m_line = nullptr;
    m_serviceUid.clear();
}

bool SelectorDrag::eventFilter(QObject *, QEvent *event)
{
    switch (event->type()) {
    case QEvent::MouseButtonPress: {
        auto *mouse = static_cast<QMouseEvent *>(event);
        reset();
        if (mouse->button() != Qt::LeftButton || mouse->modifiers() != Qt::NoModifier)
            return false;
        const QPointF at = m_view->mapToScene(mouse->position().toPoint());
        if (ServiceItem *gate = itemAt<ServiceItem>(m_scene, at)) {
            m_serviceUid = gate->uid();
            m_pressAt = mouse->position().toPoint();
        }
        return false;
    }
    case QEvent::MouseMove: {
        auto *mouse = static_cast<QMouseEvent *>(event);
        if (m_serviceUid.isEmpty() || !(mouse->buttons() & Qt::LeftButton))
            return false;
        const QPoint pos = mouse->position().toPoint();
        if (!m_line && (pos - m_pressAt).manhattanLength() < 2 * QApplication::startDragDistance())
            return false;
        ServiceItem *gate = m_scene.serviceItem(m_serviceUid);
        if (!gate) {
            reset();
            return false;
        }
        if (!m_line) {
            m_line = new QGraphicsLineItem;
            QPen pen(m_scene.colourOfService(QString::fromStdString(
                             m_scene.state().mirror().service(m_serviceUid)->metadata.name)),
                     3, Qt::DashLine);
            m_line->setPen(pen);
            m_line->setZValue(1000);
            m_scene.addItem(m_line);
            m_view->viewport()->setCursor(Qt::CrossCursor);
        }
        m_line->setLine(QLineF(gate->sceneBoundingRect().center(), m_view->mapToScene(pos)));
        return true; // the canvas neither pans nor rubber-bands while a selector is dragged
    }
    case QEvent::MouseButtonRelease: {
        auto *mouse = static_cast<QMouseEvent *>(event);
        if (m_line) {
            const QPointF at = m_view->mapToScene(mouse->position().toPoint());
            if (GroupItem *group = itemAt<GroupItem>(m_scene, at))
                pointSelector(m_serviceUid, group->display().key);
            m_view->viewport()->unsetCursor();
        }
        reset();
        return false;
    }
    default:
        return false;
    }
}

} // namespace clusterlab::app
