#pragma once

#include <QColor>
#include <QFont>
#include <QPalette>
#include <QString>

class QGraphicsItem;

namespace clusterlab::app {

/// CanvasTheme holds every colour the canvas paints with, light or dark.
struct CanvasTheme
{
    bool dark = false;
    QColor background, laneFill, laneAltFill, laneBorder, laneText;
    QColor tierFill, tierBorder, tierText;
    QColor cardFill, cardBorder, text, subtext, selection;
    QColor running, notReady, pending, creating, terminating, failed;
    QColor edge, refused, buttonFill, buttonText;

    /// forPalette picks light or dark from the palette's window colour (the system theme).
    static CanvasTheme forPalette(const QPalette &palette);
    static CanvasTheme light();
    static CanvasTheme dark_();
    /// serviceColour gives Service number i its own colour (never red: red means refused).
    QColor serviceColour(int index) const;
};

/// themeOf returns the theme of the CanvasScene an item is in (light when in none).
const CanvasTheme &themeOf(const QGraphicsItem *item);

/// canvasFont is the UI font at a point size, bold or not.
QFont canvasFont(qreal pointSize, bool bold = false);

/// elided shortens text to fit width with an ellipsis.
QString elided(const QString &text, const QFont &font, qreal width);

} // namespace clusterlab::app
