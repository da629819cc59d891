#pragma once

#include "canvas/canvas_theme.h"

#include <QHash>

namespace clusterlab::app {

/// CanvasStyle says how the canvas is painted: the theme chosen (light or dark), whether the
/// projector style is on (then CanvasTheme::highContrast() is painted and packets are 1.6×
/// slower), and which palette colour each Service has. It decides; CanvasScene applies.
/// Thread: GUI thread.
class CanvasStyle
{
public:
    /// painted is the theme painted now: the high-contrast one while presenting.
    const CanvasTheme &painted() const { return m_painted; }
    bool presentation() const { return m_presentation; }
    /// choose sets the light or dark theme; returns whether the painted one changes now (not
    /// while presenting: it comes back when the presentation ends).
    bool choose(const CanvasTheme &theme);
    /// present turns the projector style on or off; returns whether that changed anything.
    /// Off paints the theme last chosen, exactly.
    bool present(bool on);
    /// packetSlowdown is how much longer packets take: 1.6 while presenting, else 1.
    double packetSlowdown() const;
    /// colourOf gives each Service name its own palette colour in the painted theme; a name
    /// keeps its palette index for the scene's lifetime.
    QColor colourOf(const QString &serviceName);

private:
    CanvasTheme m_painted = CanvasTheme::light();
    CanvasTheme m_chosen = m_painted; ///< the light or dark theme, while presenting too
    bool m_presentation = false;
    QHash<QString, int> m_colourIndex; ///< Service name -> palette index
};

} // namespace clusterlab::app
