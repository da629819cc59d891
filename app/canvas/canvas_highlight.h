#pragma once

#include <QString>

class QGraphicsItem;

namespace clusterlab::app {

class ClusterState;
class HighlightItem;
struct CanvasItems;

/// CanvasHighlight finds the item a lesson or a test names ("svc/backend", "deploy/web",
/// "pod/NAME", a group key or a uid) and keeps the highlight outline around it: as it moves,
/// once it appears, and on whatever stands for it (a Pod of a collapsed group is shown by its
/// group). Thread: GUI thread.
class CanvasHighlight
{
public:
    /// CanvasHighlight reads items and state's mirror, and moves outline (an item of the scene).
    CanvasHighlight(const CanvasItems &items, const ClusterState &state, HighlightItem *outline);

    /// itemFor finds the item a reference names (see CanvasScene::itemFor); nullptr for none.
    QGraphicsItem *itemFor(const QString &ref) const;
    /// point outlines what ref names until clear(); returns whether it is on the canvas now.
    bool point(const QString &ref);
    void clear();
    /// active says whether a reference is being followed (shown or not).
    bool active() const { return !m_ref.isEmpty(); }
    /// item is the item outlined now (nullptr for none).
    QGraphicsItem *item() const;
    HighlightItem *outline() const { return m_outline; }
    /// resolveAgain looks the reference up again: its item may have come or gone.
    void resolveAgain();
    /// follow puts the outline around the item where it is now, or hides it.
    void follow();
    /// advance animates the outline; returns whether it still moves.
    bool advance(double seconds);

private:
    /// ItemRef says where an item is kept: its type id and its key in that type's hash.
    struct ItemRef
    {
        int type = 0;
        QString key;
    };

    ItemRef resolve(const QString &ref) const;
    ItemRef resolvePod(const QString &ns, const QString &name) const;
    QGraphicsItem *itemOf(const ItemRef &ref) const;

    const CanvasItems &m_items;
    const ClusterState &m_state;
    HighlightItem *m_outline;
    QString m_ref; ///< what point() was given, resolved again after each batch
    ItemRef m_target;
};

} // namespace clusterlab::app
