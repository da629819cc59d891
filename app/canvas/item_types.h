#pragma once

#include <QGraphicsItem>

namespace clusterlab::app {

/// Type ids of every canvas item, for type() and qgraphicsitem_cast.
enum CanvasItemType {
    LaneItemType = QGraphicsItem::UserType + 1,
    TierItemType,
    GroupItemType,
    PodItemType,
    PodGridItemType,
    ServiceItemType,
    EdgeItemType,
    OutsideItemType,
    NodeItemType,
    TrafficLayerType,
    CurlBubbleItemType,
    HighlightItemType,
    EntryItemType,
};

/// Z order of the canvas layers, back to front.
namespace z {
inline constexpr qreal kLane = 0;
inline constexpr qreal kTier = 1;
inline constexpr qreal kGroup = 2;
inline constexpr qreal kEdge = 3;
inline constexpr qreal kPod = 4;
inline constexpr qreal kService = 5;
inline constexpr qreal kTraffic = 6;
inline constexpr qreal kHighlight = 6.5;
inline constexpr qreal kBubble = 7;
} // namespace z

} // namespace clusterlab::app
