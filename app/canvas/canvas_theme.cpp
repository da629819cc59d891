#include "canvas/canvas_theme.h"

#include "canvas/canvas_scene.h"

#include <QFontMetricsF>
#include <QGraphicsItem>

namespace clusterlab::app {

CanvasTheme CanvasTheme::forPalette(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128 ? dark_() : light();
}

CanvasTheme CanvasTheme::light()
{
    CanvasTheme t;
    t.dark = false;
    t.background = QColor(0xf4, 0xf6, 0xf9);
    t.laneFill = QColor(0xff, 0xff, 0xff);
    t.laneAltFill = QColor(0xe9, 0xee, 0xf5);
    t.laneBorder = QColor(0xd5, 0xdc, 0xe6);
    t.laneText = QColor(0x3b, 0x48, 0x5c);
    t.tierFill = QColor(0xf8, 0xfa, 0xfc);
    t.tierBorder = QColor(0xc4, 0xcd, 0xda);
    t.tierText = QColor(0x4a, 0x58, 0x6e);
    t.cardFill = QColor(0xff, 0xff, 0xff);
    t.cardBorder = QColor(0xb8, 0xc2, 0xd0);
    t.text = QColor(0x1b, 0x24, 0x33);
    t.subtext = QColor(0x5a, 0x67, 0x7a);
    t.selection = QColor(0x1a, 0x73, 0xe8);
    t.running = QColor(0x1e, 0x9e, 0x4a);
    t.notReady = QColor(0xe0, 0x9b, 0x00);
    t.pending = QColor(0x8a, 0x94, 0xa6);
    t.creating = QColor(0x2b, 0x7d, 0xd8);
    t.terminating = QColor(0xc2, 0x4d, 0x2c);
    t.failed = QColor(0xd0, 0x21, 0x21);
    t.edge = QColor(0x8a, 0x96, 0xa8);
    t.refused = QColor(0xe5, 0x1c, 0x23);
    t.buttonFill = QColor(0xe3, 0xe9, 0xf2);
    t.buttonText = QColor(0x1b, 0x24, 0x33);
    t.highlight = QColor(0xff, 0x8a, 0x00);
    return t;
}

CanvasTheme CanvasTheme::dark_()
{
    CanvasTheme t;
    t.dark = true;
    t.background = QColor(0x16, 0x19, 0x1f);
    t.laneFill = QColor(0x1e, 0x22, 0x2a);
    t.laneAltFill = QColor(0x24, 0x29, 0x33);
    t.laneBorder = QColor(0x33, 0x3a, 0x47);
    t.laneText = QColor(0xb8, 0xc3, 0xd4);
    t.tierFill = QColor(0x26, 0x2b, 0x35);
    t.tierBorder = QColor(0x44, 0x4d, 0x5c);
    t.tierText = QColor(0xb0, 0xbb, 0xcc);
    t.cardFill = QColor(0x2d, 0x33, 0x3f);
    t.cardBorder = QColor(0x4b, 0x55, 0x66);
    t.text = QColor(0xe8, 0xec, 0xf2);
    t.subtext = QColor(0xa3, 0xae, 0xbf);
    t.selection = QColor(0x5c, 0xa8, 0xff);
    t.running = QColor(0x3d, 0xc4, 0x6a);
    t.notReady = QColor(0xf0, 0xb4, 0x29);
    t.pending = QColor(0x8d, 0x97, 0xa8);
    t.creating = QColor(0x4c, 0x9b, 0xf0);
    t.terminating = QColor(0xe8, 0x73, 0x4f);
    t.failed = QColor(0xff, 0x4d, 0x4d);
    t.edge = QColor(0x7d, 0x88, 0x9b);
    t.refused = QColor(0xff, 0x3b, 0x3b);
    t.buttonFill = QColor(0x3a, 0x42, 0x51);
    t.buttonText = QColor(0xe8, 0xec, 0xf2);
    t.highlight = QColor(0xff, 0xb3, 0x00);
    return t;
}

CanvasTheme CanvasTheme::highContrast()
{
    // Projectors wash out pale colours and thin lines: nothing important is light grey, every
    // outline is dark and thick, and the fills are only there to separate areas.
    CanvasTheme t;
    t.dark = false;
    t.contrast = true;
    t.background = QColor(0xff, 0xff, 0xff);
    t.laneFill = QColor(0xf1, 0xf3, 0xf6);
    t.laneAltFill = QColor(0xe4, 0xe8, 0xee);
    t.laneBorder = QColor(0x20, 0x20, 0x20);
    t.laneText = QColor(0x00, 0x00, 0x00);
    t.tierFill = QColor(0xfb, 0xfc, 0xfd);
    t.tierBorder = QColor(0x30, 0x30, 0x30);
    t.tierText = QColor(0x00, 0x00, 0x00);
    t.cardFill = QColor(0xff, 0xff, 0xff);
    t.cardBorder = QColor(0x14, 0x14, 0x14);
    t.text = QColor(0x00, 0x00, 0x00);
    t.subtext = QColor(0x26, 0x26, 0x26);
    t.selection = QColor(0x00, 0x44, 0xff);
    t.running = QColor(0x00, 0x7a, 0x2e);
    t.notReady = QColor(0xb8, 0x6e, 0x00);
    t.pending = QColor(0x4a, 0x4a, 0x4a);
    t.creating = QColor(0x00, 0x55, 0xd4);
    t.terminating = QColor(0xa8, 0x2c, 0x00);
    t.failed = QColor(0xc8, 0x00, 0x00);
    t.edge = QColor(0x30, 0x30, 0x30);
    t.refused = QColor(0xe0, 0x00, 0x00);
    t.buttonFill = QColor(0xe0, 0xe4, 0xea);
    t.buttonText = QColor(0x00, 0x00, 0x00);
    t.highlight = QColor(0xff, 0x6a, 0x00);
    t.fontScale = 1.25;
    t.strokeScale = 2;
    t.packetScale = 1.8;
    return t;
}

QColor CanvasTheme::serviceColour(int index) const
{
    static const QColor lightColours[] = { QColor(0x1f, 0x6f, 0xeb), QColor(0x8e, 0x44, 0xd6),
                                           QColor(0xe0, 0x7b, 0x00), QColor(0x0b, 0x9c, 0x8c),
                                           QColor(0xc2, 0x3d, 0x96), QColor(0x2e, 0x9d, 0x3a),
                                           QColor(0x5b, 0x6b, 0xd8), QColor(0xa0, 0x7a, 0x00) };
    static const QColor darkColours[] = { QColor(0x4d, 0x9b, 0xff), QColor(0xb3, 0x7a, 0xff),
                                          QColor(0xff, 0xa3, 0x2e), QColor(0x2e, 0xd1, 0xbd),
                                          QColor(0xf0, 0x6d, 0xc2), QColor(0x62, 0xd2, 0x6f),
                                          QColor(0x8e, 0x9b, 0xff), QColor(0xe6, 0xc0, 0x3a) };
    // Saturated and dark enough to read as text and lines on white through a projector.
    // Orange comes last: it is the highlight's colour.
    static const QColor contrastColours[] = { QColor(0x00, 0x4c, 0xe0), QColor(0x7a, 0x12, 0xd4),
                                              QColor(0x00, 0x80, 0x74), QColor(0xc0, 0x00, 0x7a),
                                              QColor(0x8a, 0x60, 0x00), QColor(0x33, 0x33, 0xc4),
                                              QColor(0x1c, 0x7c, 0x1c), QColor(0xd0, 0x5a, 0x00) };
    const int i = ((index % 8) + 8) % 8;
    if (contrast)
        return contrastColours[i];
    return dark ? darkColours[i] : lightColours[i];
}

const CanvasTheme &themeOf(const QGraphicsItem *item)
{
    static const CanvasTheme fallback = CanvasTheme::light();
    if (item)
        if (auto *scene = qobject_cast<CanvasScene *>(item->scene()))
            return scene->theme();
    return fallback;
}

QFont canvasFont(qreal pointSize, bool bold)
{
    QFont font;
    font.setPointSizeF(pointSize);
    font.setBold(bold);
    return font;
}

CanvasFont::CanvasFont(qreal pointSize, bool bold)
    : m_pointSize(pointSize), m_base(canvasFont(pointSize, bold)), m_font(m_base)
{
}

const QFont &CanvasFont::of(const CanvasTheme &theme) const
{
    if (theme.fontScale != m_scale) {
        m_scale = theme.fontScale;
        m_font.setPointSizeF(m_pointSize * m_scale);
    }
    return m_font;
}

const QFont &CanvasFont::fitting(const CanvasTheme &theme, const QString &text, qreal width) const
{
    const QFont &scaled = of(theme);
    if (theme.fontScale <= 1 || QFontMetricsF(scaled).horizontalAdvance(text) <= width)
        return scaled;
    return m_base;
}

QString elided(const QString &text, const QFont &font, qreal width)
{
    return QFontMetricsF(font).elidedText(text, Qt::ElideMiddle, width);
}

} // namespace clusterlab::app
