#pragma once

#include <QtGlobal>

namespace clusterlab::app::metrics {

inline constexpr qreal kPodWidth = 218;
inline constexpr qreal kPodHeight = 80;
inline constexpr qreal kGap = 10;
inline constexpr int kRowsPerColumn = 5; ///< a group grows to the right, column by column
inline constexpr qreal kGroupPad = 10;
inline constexpr qreal kGroupHeader = 50;
inline constexpr qreal kGroupMinWidth = 238;
inline constexpr qreal kGateWidth = 210;
inline constexpr qreal kGateHeight = 92;
inline constexpr qreal kGatePortLine = 17;
inline constexpr qreal kTierPad = 14;
inline constexpr qreal kTierHeader = 30;
inline constexpr qreal kGateToGroup = 70; ///< room for the selector edges
inline constexpr qreal kLaneHeader = 48;
inline constexpr qreal kLaneGap = 80; ///< room for the calls between lanes
inline constexpr qreal kOutsideWidth = 230;
inline constexpr int kCompactAt = 40; ///< groups with more Pods collapse into a grid
inline constexpr int kBusiestShown = 3;
inline constexpr qreal kCell = 13;
inline constexpr qreal kCellGap = 3;
inline constexpr int kGridColumns = 36;

} // namespace clusterlab::app::metrics
