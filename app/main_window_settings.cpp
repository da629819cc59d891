// MainWindow's settings: window layout, zoom, panels, view mode, theme and dragged tiers,
// kept between runs with QSettings.
#include "canvas/canvas_scene.h"
#include "canvas/canvas_view.h"
#include "main_window.h"
#include "main_window_actions.h"

#include <QSettings>

namespace clusterlab::app {

namespace {
constexpr int kStateVersion = 3; // 2: the YAML editor dock is real; 3: it is a tab on the right
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState(kStateVersion));
    settings.setValue(QStringLiteral("canvas/zoom"), m_view->zoom());
    settings.setValue(QStringLiteral("canvas/autoFit"), m_view->autoFit());
    settings.setValue(QStringLiteral("canvas/nodeView"),
                      m_scene->viewMode() == CanvasScene::ViewMode::Nodes);
    settings.setValue(QStringLiteral("canvas/theme"), m_themeChoice);
    QVariantMap tiers;
    for (const auto &[tier, offset] : m_scene->tierOffsets().asKeyValueRange())
        tiers.insert(tier, offset);
    settings.setValue(QStringLiteral("canvas/tierOffsets"), tiers);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray(), kStateVersion);
    applyTheme(settings.value(QStringLiteral("canvas/theme"), QStringLiteral("system")).toString());
    m_scene->setViewMode(settings.value(QStringLiteral("canvas/nodeView")).toBool()
                                 ? CanvasScene::ViewMode::Nodes
                                 : CanvasScene::ViewMode::Lanes);
    QHash<QString, QPointF> offsets;
    const QVariantMap tiers = settings.value(QStringLiteral("canvas/tierOffsets")).toMap();
    for (auto it = tiers.cbegin(); it != tiers.cend(); ++it)
        offsets.insert(it.key(), it.value().toPointF());
    m_scene->setTierOffsets(offsets);
    if (settings.value(QStringLiteral("canvas/autoFit"), true).toBool())
        m_view->fitToWindow();
    else
        m_view->setZoom(settings.value(QStringLiteral("canvas/zoom"), 1.0).toDouble());
    m_actions->syncFromWindow();
}

} // namespace clusterlab::app
