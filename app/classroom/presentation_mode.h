#pragma once

#include <QByteArray>
#include <QObject>

#include <functional>

class QDockWidget;
class QMainWindow;

namespace clusterlab::app {

/// PresentationMode is the projector layout: full screen, the canvas fitted and drawn in
/// high contrast with slower, larger packets, every panel hidden except the lesson (and the
/// terminal, when a lesson uses it), the menu, tool and status bars gone, large text. Leaving
/// it puts every panel and bar back as it was. The canvas's part (its projector style, fitting
/// it to the new size) is a function the main window gives.
class PresentationMode : public QObject
{
    Q_OBJECT
public:
    /// keep lists the docks that stay visible when presenting; canvas(on) restyles the canvas
    /// and, once the window has its new size, fits it.
    PresentationMode(QMainWindow *window, QList<QDockWidget *> keep,
                     std::function<void(bool on)> canvas);

    bool isOn() const { return m_on; }
    /// setOn enters or leaves presentation mode; fullScreen false keeps the window's size
    /// (screenshots of presentation mode).
    void setOn(bool on, bool fullScreen = true);
    void toggle() { setOn(!m_on); }

signals:
    void toggled(bool on);

private:
    QMainWindow *m_window;
    QList<QDockWidget *> m_keep;
    std::function<void(bool on)> m_canvas;
    QByteArray m_state;
    bool m_on = false;
    bool m_wasFullScreen = false;
    bool m_wasMaximized = false;
};

} // namespace clusterlab::app
