#include "canvas/canvas_style.h"

namespace clusterlab::app {

namespace {

/// kPresentationSlowdown: packets take 1.6× as long, so a class can follow one request.
constexpr double kPresentationSlowdown = 1.6;

} // namespace

bool CanvasStyle::choose(const CanvasTheme &theme)
{
    m_chosen = theme;
    if (m_presentation)
        return false;
    m_painted = theme;
    return true;
}

bool CanvasStyle::present(bool on)
{
    if (on == m_presentation)
        return false;
    m_presentation = on;
    m_painted = on ? CanvasTheme::highContrast() : m_chosen;
    return true;
}

double CanvasStyle::packetSlowdown() const
{
    return m_presentation ? kPresentationSlowdown : 1.0;
}

QColor CanvasStyle::colourOf(const QString &serviceName)
{
    auto it = m_colourIndex.find(serviceName);
    if (it == m_colourIndex.end())
        it = m_colourIndex.insert(serviceName, int(m_colourIndex.size()));
    return m_painted.serviceColour(*it);
}

} // namespace clusterlab::app
