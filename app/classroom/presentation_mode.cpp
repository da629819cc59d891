#include "classroom/presentation_mode.h"

#include <QDockWidget>
#include <QMainWindow>
#include <QMenuBar>
#include <QStatusBar>
#include <QToolBar>

namespace clusterlab::app {

namespace {
constexpr int kStateVersion = 1000; // never mistaken for a saved window state
}

PresentationMode::PresentationMode(QMainWindow *window, QList<QDockWidget *> keep,
                                   std::function<void(bool on)> canvas)
    : QObject(window), m_window(window), m_keep(std::move(keep)), m_canvas(std::move(canvas))
{
}

void PresentationMode::setOn(bool on, bool fullScreen)
{
    if (on == m_on)
        return;
    m_on = on;
    if (on) {
        m_state = m_window->saveState(kStateVersion);
        m_wasFullScreen = m_window->isFullScreen();
        m_wasMaximized = m_window->isMaximized();
        for (QDockWidget *dock : m_window->findChildren<QDockWidget *>())
            dock->setVisible(m_keep.contains(dock));
        for (QToolBar *bar : m_window->findChildren<QToolBar *>())
            bar->hide();
        m_window->menuBar()->hide();
        m_window->statusBar()->hide();
        if (fullScreen)
            m_window->showFullScreen();
    } else {
        m_window->menuBar()->show();
        m_window->statusBar()->show();
        for (QToolBar *bar : m_window->findChildren<QToolBar *>())
            bar->show();
        m_window->restoreState(m_state, kStateVersion);
        if (!m_wasFullScreen) {
            if (m_wasMaximized)
                m_window->showMaximized();
            else
                m_window->showNormal();
        }
    }
    if (m_canvas)
        m_canvas(on);
    emit toggled(on);
}

} // namespace clusterlab::app
