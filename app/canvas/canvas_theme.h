#pragma once

#include <QColor>
#include <QFont>
#include <QPalette>
#include <QString>

class QGraphicsItem;

namespace clusterlab::app {

/// CanvasTheme holds every colour the canvas paints with (light, dark or high contrast) and
/// the scales of its text, outlines and packets.
struct CanvasTheme
{
    bool dark = false;
    bool contrast = false; ///< the projector palette: saturated service colours
    QColor background, laneFill, laneAltFill, laneBorder, laneText;
    QColor tierFill, tierBorder, tierText;
    QColor cardFill, cardBorder, text, subtext, selection;
    QColor running, notReady, pending, creating, terminating, failed;
    QColor edge, refused, buttonFill, buttonText;
    QColor highlight; ///< the outline that points at an item (CanvasScene::highlight)
    qreal fontScale = 1; ///< of every canvas font (CanvasFont)
    qreal strokeScale = 1; ///< of card, gate, group and edge outlines
    qreal packetScale = 1; ///< of the packets' diameter

    /// forPalette picks light or dark from the palette's window colour (the system theme).
    static CanvasTheme forPalette(const QPalette &palette);
    static CanvasTheme light();
    static CanvasTheme dark_();
    /// highContrast reads on a washed-out projector: white, near-black text and thick dark
    /// outlines, saturated service colours, text 1.25× and packets 1.8× larger.
    static CanvasTheme highContrast();
    /// serviceColour gives Service number i its own colour (never red: red means refused).
    QColor serviceColour(int index) const;
    bool operator==(const CanvasTheme &) const = default;
};

/// themeOf returns the theme of the CanvasScene an item is in (light when in none).
const CanvasTheme &themeOf(const QGraphicsItem *item);

/// canvasFont is the UI font at a point size, bold or not.
QFont canvasFont(qreal pointSize, bool bold = false);

/// CanvasFont is a canvas font that follows the theme's fontScale. It keeps the font at the
/// last scale asked for, so painting allocates nothing until the scale changes. Items keep
/// them as function statics. Thread: GUI thread.
class CanvasFont
{
public:
    explicit CanvasFont(qreal pointSize, bool bold = false);
    /// of is the font at the theme's scale.
    const QFont &of(const CanvasTheme &theme) const;
    /// fitting is the font at the theme's scale when text fits width in it, else at scale 1:
    /// an address is better small than cut.
    const QFont &fitting(const CanvasTheme &theme, const QString &text, qreal width) const;

private:
    qreal m_pointSize;
    QFont m_base;
    mutable QFont m_font;
    mutable qreal m_scale = 1;
};

/// elided shortens text to fit width with an ellipsis.
QString elided(const QString &text, const QFont &font, qreal width);

} // namespace clusterlab::app
