#include "canvas/animation_clock.h"

namespace clusterlab::app {

AnimationClock::AnimationClock(Step step, QObject *parent)
    : QObject(parent), m_step(std::move(step))
{
    m_timer.setInterval(16);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &AnimationClock::tick);
}

void AnimationClock::wake()
{
    if (m_timer.isActive())
        return;
    m_elapsed.start();
    m_timer.start();
}

void AnimationClock::tick()
{
    // A long stall (a modal menu, a slow frame) is not replayed: at most 100 ms per step.
    const double seconds = std::min(m_elapsed.restart() / 1000.0, 0.1);
    ++m_ticks;
    if (!m_step(seconds))
        m_timer.stop();
}

} // namespace clusterlab::app
