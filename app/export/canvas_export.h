#pragma once

#include <QByteArray>
#include <QImage>
#include <QRectF>
#include <QSize>
#include <QString>

class QGraphicsScene;

namespace clusterlab::app {

// The canvas is exported as the QGraphicsScene it is: these functions know no canvas item,
// only the scene's items, its background brush (the theme's colour) and its scene rect.

/// ExportBackground is what shows behind the canvas in an export: the scene's background
/// colour (the theme's) or nothing.
enum class ExportBackground { Theme, Transparent };

/// exportContentRect is the part of the canvas an export shows: every visible item but a
/// backdrop spanning the whole scene rect, with a margin, in scene coordinates.
QRectF exportContentRect(const QGraphicsScene &scene);

/// defaultExportSize is twice the content's size, scaled down to at most 4096 pixels on its
/// longer side and up to at least 1920 wide; the content's aspect ratio is kept.
QSize defaultExportSize(const QGraphicsScene &scene);

/// renderImage paints the whole canvas into an image of exactly `size`, the content centred
/// with its aspect ratio kept. Selection outlines are left out; packets in flight are kept.
QImage renderImage(QGraphicsScene &scene, QSize size,
                   ExportBackground background = ExportBackground::Theme);

/// renderSvg is the canvas as an SVG document of `size` pixels (width, height and viewBox),
/// with shapes as paths and text as <text>.
QByteArray renderSvg(QGraphicsScene &scene, QSize size,
                     ExportBackground background = ExportBackground::Theme);

/// exportPng writes renderImage() to a PNG file; false with *error set when it cannot.
bool exportPng(QGraphicsScene &scene, const QString &path, QSize size, QString *error = nullptr,
               ExportBackground background = ExportBackground::Theme);

/// exportSvg writes renderSvg() to a file; false with *error set when it cannot.
bool exportSvg(QGraphicsScene &scene, const QString &path, QSize size, QString *error = nullptr,
               ExportBackground background = ExportBackground::Theme);

/// copyToClipboard puts the canvas on the clipboard as an image (image/png) and as
/// image/svg+xml, both of `size`.
void copyToClipboard(QGraphicsScene &scene, QSize size,
                     ExportBackground background = ExportBackground::Theme);

} // namespace clusterlab::app
