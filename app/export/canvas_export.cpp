#include "export/canvas_export.h"

#include <QBuffer>
#include <QClipboard>
#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QGuiApplication>
#include <QMimeData>
#include <QPainter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSvgGenerator>

namespace clusterlab::app {

namespace {

constexpr qreal kMargin = 24;
constexpr int kLongestSide = 4096;

/// ExportGuard readies the scene for one render and puts it back afterwards: no selection
/// outlines (without telling the inspector), no item caches (an SVG gets vectors, not the
/// cached pixmaps), and no scene background (the export paints its own, or none).
class ExportGuard
{
public:
    explicit ExportGuard(QGraphicsScene &scene) : m_scene(scene), m_brush(scene.backgroundBrush())
    {
        const QSignalBlocker blocker(&m_scene);
        m_selected = m_scene.selectedItems();
        for (QGraphicsItem *item : std::as_const(m_selected))
            item->setSelected(false);
        for (QGraphicsItem *item : m_scene.items())
            if (item->cacheMode() != QGraphicsItem::NoCache) {
                m_cached.append({ item, item->cacheMode() });
                item->setCacheMode(QGraphicsItem::NoCache);
            }
        m_scene.setBackgroundBrush(Qt::NoBrush);
    }
    ~ExportGuard()
    {
        const QSignalBlocker blocker(&m_scene);
        m_scene.setBackgroundBrush(m_brush);
        for (const auto &[item, mode] : std::as_const(m_cached))
            item->setCacheMode(mode);
        for (QGraphicsItem *item : std::as_const(m_selected))
            item->setSelected(true);
    }
    ExportGuard(const ExportGuard &) = delete;
    ExportGuard &operator=(const ExportGuard &) = delete;

private:
    QGraphicsScene &m_scene;
    QBrush m_brush;
    QList<QGraphicsItem *> m_selected;
    QList<QPair<QGraphicsItem *, QGraphicsItem::CacheMode>> m_cached;
};

void paintCanvas(QGraphicsScene &scene, QPainter &painter, QSize size, ExportBackground background)
{
    const QRectF source = exportContentRect(scene);
    const QColor themeColour = scene.backgroundBrush().color(); // the guard takes the brush away
    const ExportGuard guard(scene);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing
                           | QPainter::SmoothPixmapTransform);
    if (background == ExportBackground::Theme)
        painter.fillRect(QRect(QPoint(), size), themeColour);
    // QGraphicsScene::render keeps the aspect ratio at the top left; a slide wants it centred.
    const QSizeF fitted = source.size().scaled(QSizeF(size), Qt::KeepAspectRatio);
    const QRectF target(
            QPointF((size.width() - fitted.width()) / 2, (size.height() - fitted.height()) / 2),
            fitted);
    scene.render(&painter, target, source, Qt::IgnoreAspectRatio);
}

bool writeFile(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool validSize(QSize size, QString *error)
{
    if (size.width() > 0 && size.height() > 0 && size.width() <= 16384 && size.height() <= 16384)
        return true;
    if (error)
        *error = QStringLiteral("Invalid size %1 × %2: each side must be between 1 and 16384")
                         .arg(size.width())
                         .arg(size.height());
    return false;
}

QByteArray pngBytes(const QImage &image)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

} // namespace

QRectF exportContentRect(const QGraphicsScene &scene)
{
    QRectF content;
    const QRectF whole = scene.sceneRect();
    for (QGraphicsItem *item : scene.items()) {
        // A backdrop that spans the whole scene (the canvas's traffic layer) is drawn but
        // sets no bounds: what it draws lies between the other items.
        const QRectF bounds = item->sceneBoundingRect();
        if (item->isVisible() && !bounds.contains(whole))
            content |= bounds;
    }
    if (content.isEmpty())
        content = scene.sceneRect();
    return content.adjusted(-kMargin, -kMargin, kMargin, kMargin);
}

QSize defaultExportSize(const QGraphicsScene &scene)
{
    QSizeF size = exportContentRect(scene).size() * 2;
    if (std::max(size.width(), size.height()) > kLongestSide)
        size.scale(kLongestSide, kLongestSide, Qt::KeepAspectRatio);
    if (size.width() < 1920)
        size *= 1920 / size.width();
    return size.toSize().expandedTo(QSize(1, 1));
}

QImage renderImage(QGraphicsScene &scene, QSize size, ExportBackground background)
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return image;
    image.fill(Qt::transparent);
    QPainter painter(&image);
    paintCanvas(scene, painter, size, background);
    painter.end();
    return image;
}

QByteArray renderSvg(QGraphicsScene &scene, QSize size, ExportBackground background)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(), size));
    generator.setTitle(QStringLiteral("ClusterLab canvas"));
    QPainter painter(&generator);
    paintCanvas(scene, painter, size, background);
    painter.end();
    // QSvgGenerator gives the size in millimetres; slides and browsers want pixels.
    const qsizetype open = bytes.indexOf("<svg");
    const qsizetype close = bytes.indexOf('>', open);
    if (open >= 0 && close > open) {
        QString root = QString::fromUtf8(bytes.mid(open, close - open));
        root.replace(QRegularExpression(QStringLiteral("\\bwidth=\"[^\"]*\"")),
                     QStringLiteral("width=\"%1\"").arg(size.width()));
        root.replace(QRegularExpression(QStringLiteral("\\bheight=\"[^\"]*\"")),
                     QStringLiteral("height=\"%1\"").arg(size.height()));
        bytes.replace(open, close - open, root.toUtf8());
    }
    return bytes;
}

bool exportPng(QGraphicsScene &scene, const QString &path, QSize size, QString *error,
               ExportBackground background)
{
    if (!validSize(size, error))
        return false;
    const QImage image = renderImage(scene, size, background);
    if (image.isNull()) {
        if (error)
            *error = QStringLiteral("Not enough memory for a %1 × %2 image")
                             .arg(size.width())
                             .arg(size.height());
        return false;
    }
    return writeFile(path, pngBytes(image), error);
}

bool exportSvg(QGraphicsScene &scene, const QString &path, QSize size, QString *error,
               ExportBackground background)
{
    if (!validSize(size, error))
        return false;
    return writeFile(path, renderSvg(scene, size, background), error);
}

void copyToClipboard(QGraphicsScene &scene, QSize size, ExportBackground background)
{
    if (!validSize(size, nullptr))
        return;
    const QImage image = renderImage(scene, size, background);
    auto *mime = new QMimeData;
    mime->setImageData(image);
    mime->setData(QStringLiteral("image/png"), pngBytes(image));
    mime->setData(QStringLiteral("image/svg+xml"), renderSvg(scene, size, background));
    QGuiApplication::clipboard()->setMimeData(mime);
}

} // namespace clusterlab::app
