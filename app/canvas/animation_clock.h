#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>

namespace clusterlab::app {

/// AnimationClock is the canvas's one animation timer (elasticnodes): each tick runs one
/// step with the seconds since the last; it stops as soon as a step says nothing moves, and
/// wake() starts it again.
class AnimationClock : public QObject
{
    Q_OBJECT
public:
    using Step = std::function<bool(double seconds)>;

    explicit AnimationClock(Step step, QObject *parent = nullptr);

    void wake();
    bool running() const { return m_timer.isActive(); }
    int ticks() const { return m_ticks; }

private:
    void tick();

    Step m_step;
    QTimer m_timer;
    QElapsedTimer m_elapsed;
    int m_ticks = 0;
};

} // namespace clusterlab::app
