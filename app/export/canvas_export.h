#pragma once

#include <QByteArray>
#include <QImage>
#include <QRectF>
#include <QSize>
#include <QString>

namespace clusterlab::app {

class CanvasScene;

/// ExportBackground is what shows behind the canvas in an export.
enum class ExportBackground { Theme, Transparent };

/// exportContentRect is the part of the canvas an export shows: every visible item, with a
/// margin, in scene coordinates.
QRectF exportContentRect(const CanvasScene &scene);

/// defaultExportSize is twice the content's size, scaled down to at most 4096 pixels on its
/// longer side and up to at least 1920 wide; the content's aspect ratio is kept.
QSize defaultExportSize(const CanvasScene &scene);

/// renderImage paints the whole canvas into an image of exactly `size`, the content centred
/// with its aspect ratio kept. Selection outlines are left out; packets in flight are kept.
QImage renderImage(CanvasScene &scene, QSize size,
                   ExportBackground background = ExportBackground::Theme);

/// renderSvg is the canvas as an SVG document of `size` pixels (width, height and viewBox),
/// with shapes as paths and text as <text>.
QByteArray renderSvg(CanvasScene &scene, QSize size,
                     ExportBackground background = ExportBackground::Theme);

/// exportPng writes renderImage() to a PNG file; false with *error set when it cannot.
bool exportPng(CanvasScene &scene, const QString &path, QSize size, QString *error = nullptr,
               ExportBackground background = ExportBackground::Theme);

/// exportSvg writes renderSvg() to a file; false with *error set when it cannot.
bool exportSvg(CanvasScene &scene, const QString &path, QSize size, QString *error = nullptr,
               ExportBackground background = ExportBackground::Theme);

/// copyToClipboard puts the canvas on the clipboard as an image (image/png) and as
/// image/svg+xml, both of `size`.
void copyToClipboard(CanvasScene &scene, QSize size,
                     ExportBackground background = ExportBackground::Theme);

} // namespace clusterlab::app
