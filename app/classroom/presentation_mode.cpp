#include "classroom/presentation_mode.h"

#include "canvas/canvas_scene.h"
#include "canvas/canvas_view.h"
#include "main_window.h"

#include <QDockWidget>
#include <QMenuBar>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>

namespace clusterlab::app {

namespace {
constexpr int kStateVersion = 1000; // never mistaken for a saved window state
}

PresentationMode::PresentationMode(MainWindow *window, QList<QDockWidget *> keep)
    : QObject(window), m_window(window), m_keep(std::move(keep))
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
    m_window->scene()->setPresentation(on);
    emit toggled(on);
    // Fit once the window has its new size.
    QTimer::singleShot(0, m_window->view(), &CanvasView::fitToWindow);
}

} // namespace clusterlab::app
