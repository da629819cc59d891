// tst_export: the demo canvas (real Engine, pace 0) exported as PNG, SVG and to the
// clipboard, and the canvas's presentation style and highlight.
#include "bridge/engine_bridge.h"
#include "bridge/engine_commands.h"
#include "canvas/animation_clock.h"
#include "canvas/canvas_scene.h"
#include "canvas/canvas_view.h"
#include "canvas/group_item.h"
#include "canvas/highlight_item.h"
#include "canvas/pod_item.h"
#include "canvas/service_item.h"
#include "demo_text.h"
#include "export/canvas_export.h"
#include "export/export_dialog.h"
#include "state/cluster_state.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QMimeData>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace clusterlab;
using namespace clusterlab::app;

namespace {

/// distinctColours counts the colours of every 3rd pixel.
int distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    return int(colours.size());
}

/// hasColour says whether some pixel is within 8 per channel of colour.
bool hasColour(const QImage &image, const QColor &colour)
{
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QRgb p = image.pixel(x, y);
            if (std::abs(qRed(p) - colour.red()) <= 8 && std::abs(qGreen(p) - colour.green()) <= 8
                && std::abs(qBlue(p) - colour.blue()) <= 8 && qAlpha(p) == 255)
                return true;
        }
    return false;
}

} // namespace

class TestExport : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void pngHasTheRequestedSizeAndTheCanvas_data();
    void pngHasTheRequestedSizeAndTheCanvas();
    void transparentBackgroundLeavesTheCornersClear();
    void svgHasTheRequestedSizeAndTextAsText();
    void clipboardHoldsPngAndSvg();
    void exportLeavesSelectionAndInspectorAlone();
    void exportFailsWithAMessage();
    void dialogKeepsTheCanvasProportions();
    void presentationIsHighContrastWithSlowerLargerPackets();
    void presentationFollowsThemeChangesAndRestoresThem();
    void highlightResolvesReferences_data();
    void highlightResolvesReferences();
    void highlightOutlinesTheGateAndShowsInExports();
    void screenshotsForALook();

private:
    ServiceItem *gate(const QString &name) const;

    Engine *m_engine = nullptr;
    EngineBridge *m_bridge = nullptr;
    EngineCommands *m_commands = nullptr;
    ClusterState *m_state = nullptr;
    CanvasScene *m_scene = nullptr;
    CanvasView *m_view = nullptr;
    QTemporaryDir m_dir;
};

void TestExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    EngineOptions options;
    options.pace = 0;
    options.usersRate = 0;
    m_engine = new Engine(options);
    m_engine->start();
    m_state = new ClusterState;
    m_scene = new CanvasScene(*m_state);
    m_view = new CanvasView(m_scene);
    m_view->resize(1400, 900);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view));
    m_bridge = new EngineBridge(m_engine);
    m_commands = new EngineCommands(*m_engine);
    connect(m_bridge, &EngineBridge::batchReady, m_state, &ClusterState::apply);
    m_bridge->prime();
    auto report = manifest::decodeText(demoText(), "three-tier.yaml");
    QVERIFY(!report.hasErrors());
    m_commands->apply(std::move(report.objects));
    QTRY_COMPARE_WITH_TIMEOUT(m_state->mirror().podUids().size(), 8, 10000);
    QTRY_VERIFY(gate("backend") && gate("redis") && gate("mysql") && gate("frontend"));
    QTRY_COMPARE(int(gate("backend")->edges().size()), 3);
}

void TestExport::cleanupTestCase()
{
    delete m_bridge;
    delete m_commands;
    delete m_view;
    delete m_scene;
    delete m_state;
    m_engine->stop();
    delete m_engine;
}

ServiceItem *TestExport::gate(const QString &name) const
{
    return m_scene->serviceItem(m_state->mirror().serviceUid(QStringLiteral("default"), name));
}

void TestExport::pngHasTheRequestedSizeAndTheCanvas_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addRow("the default size is twice the canvas or 1920 wide") << QSize();
    QTest::addRow("a slide is 1920 by 1080 with the canvas centred") << QSize(1920, 1080);
    QTest::addRow("a portrait handout letterboxes the canvas") << QSize(900, 1400);
}

void TestExport::pngHasTheRequestedSizeAndTheCanvas()
{
    QFETCH(QSize, size);
    if (size.isEmpty()) {
        size = defaultExportSize(*m_scene);
        QVERIFY(size.width() >= 1920);
    }
    const QString path = m_dir.filePath(QStringLiteral("canvas.png"));
    QString error;
    QVERIFY2(exportPng(*m_scene, path, size, &error), qPrintable(error));
    QImage image(path);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), size);
    QVERIFY2(distinctColours(image) > 40, qPrintable(QString::number(distinctColours(image))));
    QVERIFY(hasColour(image, gate("backend")->colour()));
    QVERIFY(hasColour(image, m_scene->theme().running)); // the Pods' state strips
    QCOMPARE(QColor(image.pixel(0, 0)), m_scene->theme().background);
}

void TestExport::transparentBackgroundLeavesTheCornersClear()
{
    const QImage image = renderImage(*m_scene, QSize(1200, 900), ExportBackground::Transparent);
    QCOMPARE(image.size(), QSize(1200, 900));
    QCOMPARE(qAlpha(image.pixel(0, 0)), 0);
    QCOMPARE(qAlpha(image.pixel(1199, 899)), 0);
    QVERIFY(hasColour(image, gate("backend")->colour()));
}

void TestExport::svgHasTheRequestedSizeAndTextAsText()
{
    const QString path = m_dir.filePath(QStringLiteral("canvas.svg"));
    QString error;
    QVERIFY2(exportSvg(*m_scene, path, QSize(1600, 1000), &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    QVERIFY(xml.readNextStartElement());
    QCOMPARE(xml.name(), QLatin1String("svg"));
    QCOMPARE(xml.attributes().value("width"), QLatin1String("1600"));
    QCOMPARE(xml.attributes().value("height"), QLatin1String("1000"));
    QCOMPARE(xml.attributes().value("viewBox"), QLatin1String("0 0 1600 1000"));
    QStringList texts;
    int paths = 0;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == QLatin1String("text"))
            texts << xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
        else if (xml.isStartElement() && xml.name() == QLatin1String("path"))
            ++paths;
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY2(texts.contains(QStringLiteral("svc/backend")), qPrintable(texts.join('|')));
    QVERIFY(texts.contains(QStringLiteral("This computer")));
    QVERIFY(paths > 20); // vector shapes, not one embedded picture
    QSvgRenderer renderer(path);
    QVERIFY(renderer.isValid());
    QCOMPARE(renderer.defaultSize(), QSize(1600, 1000));
}

void TestExport::clipboardHoldsPngAndSvg()
{
    QClipboard *clipboard = QGuiApplication::clipboard();
    if (!clipboard)
        QSKIP("this platform has no clipboard");
    copyToClipboard(*m_scene, QSize(1280, 720));
    const QMimeData *mime = clipboard->mimeData();
    if (!mime || (!mime->hasImage() && mime->formats().isEmpty()))
        QSKIP("this platform's clipboard keeps nothing");
    QCOMPARE(clipboard->image().size(), QSize(1280, 720));
    QVERIFY(mime->hasFormat(QStringLiteral("image/png")));
    QVERIFY(mime->hasFormat(QStringLiteral("image/svg+xml")));
    QImage png;
    QVERIFY(png.loadFromData(mime->data(QStringLiteral("image/png")), "PNG"));
    QCOMPARE(png.size(), QSize(1280, 720));
    QVERIFY(mime->data(QStringLiteral("image/svg+xml")).contains("svc/backend"));
}

void TestExport::exportLeavesSelectionAndInspectorAlone()
{
    ServiceItem *backend = gate("backend");
    m_scene->clearSelection();
    backend->setSelected(true);
    QCOMPARE(m_scene->selectedUid(), backend->uid());
    QSignalSpy selected(m_scene, &CanvasScene::objectSelected);
    const QImage image = renderImage(*m_scene, QSize(1000, 700));
    QVERIFY(backend->isSelected());
    QCOMPARE(selected.count(), 0);
    QCOMPARE(m_scene->selectedUid(), backend->uid());
    QCOMPARE(backend->cacheMode(), QGraphicsItem::DeviceCoordinateCache);
    QCOMPARE(m_scene->backgroundBrush().color(), m_scene->theme().background);
    m_scene->clearSelection();
    QCOMPARE(renderImage(*m_scene, QSize(1000, 700)), image); // no selection outline in it
}

void TestExport::exportFailsWithAMessage()
{
    QString error;
    QVERIFY(!exportPng(*m_scene, m_dir.filePath(QStringLiteral("no/such/dir/x.png")),
                       QSize(100, 100), &error));
    QVERIFY2(error.contains(QStringLiteral("Cannot write")), qPrintable(error));
    QVERIFY(!exportSvg(*m_scene, m_dir.filePath(QStringLiteral("x.svg")), QSize(0, 10), &error));
    QVERIFY2(error.contains(QStringLiteral("Invalid size")), qPrintable(error));
}

void TestExport::dialogKeepsTheCanvasProportions()
{
    ExportDialog dialog(*m_scene);
    const QRectF content = exportContentRect(*m_scene);
    const QSize start = dialog.exportSize();
    QCOMPARE(start, defaultExportSize(*m_scene));
    QVERIFY(std::abs(double(start.width()) / start.height() - content.width() / content.height())
            < 0.01);
    auto *width = dialog.findChildren<QSpinBox *>().value(0);
    QVERIFY(width);
    width->setValue(start.width() / 2);
    QVERIFY(std::abs(dialog.exportSize().height() - start.height() / 2) <= 1);
    dialog.setFormat(ExportDialog::Format::Svg);
    const QString path = m_dir.filePath(QStringLiteral("dialog.svg"));
    QString error;
    QVERIFY2(dialog.saveTo(path, &error), qPrintable(error));
    QSvgRenderer renderer(path);
    QVERIFY(renderer.isValid());
    QCOMPARE(renderer.defaultSize(), dialog.exportSize());
}

void TestExport::presentationIsHighContrastWithSlowerLargerPackets()
{
    const CanvasTheme before = m_scene->theme();
    const QColor backendBefore = gate("backend")->colour();
    QVERIFY(!m_scene->presentation());
    QSignalSpy changed(m_scene, &CanvasScene::presentationChanged);
    m_scene->setPresentation(true);
    QCOMPARE(changed.count(), 1);
    QVERIFY(m_scene->presentation());
    const CanvasTheme &shown = m_scene->theme();
    QVERIFY(shown.contrast);
    QVERIFY(shown.background != before.background);
    QCOMPARE(shown.background, QColor(Qt::white));
    QCOMPARE(m_scene->backgroundBrush().color(), QColor(Qt::white));
    QVERIFY(shown.text.lightness() < 30); // near black on white
    QVERIFY(shown.subtext.lightness() < 60); // nothing important in pale grey
    QVERIFY(shown.fontScale > 1 && shown.strokeScale > 1);
    QCOMPARE(shown.packetScale, 1.8);
    QCOMPARE(m_scene->traffic().hopSeconds(), TrafficModel::kHopSeconds * 1.6);
    QVERIFY(gate("backend")->colour() != backendBefore);
    m_scene->setPresentation(false);
    QCOMPARE(changed.count(), 2);
    QVERIFY(m_scene->theme() == before);
    QCOMPARE(m_scene->backgroundBrush().color(), before.background);
    QCOMPARE(m_scene->traffic().hopSeconds(), TrafficModel::kHopSeconds);
    QCOMPARE(gate("backend")->colour(), backendBefore);
}

void TestExport::presentationFollowsThemeChangesAndRestoresThem()
{
    const CanvasTheme before = m_scene->theme();
    m_scene->setPresentation(true);
    m_scene->setTheme(CanvasTheme::dark_()); // the window's theme menu while presenting
    QVERIFY(m_scene->theme().contrast); // still presenting
    m_scene->setPresentation(false);
    QVERIFY(m_scene->theme() == CanvasTheme::dark_());
    m_scene->setTheme(before);
    QVERIFY(m_scene->theme() == before);
}

void TestExport::highlightResolvesReferences_data()
{
    QTest::addColumn<QString>("ref");
    QTest::addColumn<int>("type"); // 0: nothing
    QTest::addRow("svc/backend is the backend gate") << "svc/backend" << int(ServiceItemType);
    QTest::addRow("a namespace can be given") << "svc/default/redis" << int(ServiceItemType);
    QTest::addRow("deploy/backend is the backend group") << "deploy/backend" << int(GroupItemType);
    QTest::addRow("a group key works as it is")
            << "Deployment/default/frontend" << int(GroupItemType);
    QTest::addRow("pod/NAME is its card") << "pod/*" << int(PodItemType);
    QTest::addRow("a Service that does not exist is nothing") << "svc/nope" << 0;
    QTest::addRow("an unknown kind is nothing") << "cm/backend" << 0;
    QTest::addRow("a bare name is nothing") << "backend" << 0;
}

void TestExport::highlightResolvesReferences()
{
    QFETCH(QString, ref);
    QFETCH(int, type);
    if (ref == QLatin1String("pod/*")) { // Pod names are generated: take one
        const QString uid = m_state->mirror().podUids().value(0);
        ref = QStringLiteral("pod/")
                + QString::fromStdString(m_state->mirror().pod(uid)->metadata.name);
    }
    QGraphicsItem *item = m_scene->itemFor(ref);
    QCOMPARE(item ? item->type() : 0, type);
    QCOMPARE(m_scene->highlight(ref), type != 0);
    QCOMPARE(m_scene->highlightedItem(), item);
    QCOMPARE(m_scene->highlightOutline()->isVisible(), type != 0);
    m_scene->clearHighlight();
    QVERIFY(!m_scene->highlightedItem());
    QVERIFY(!m_scene->highlightOutline()->isVisible());
}

void TestExport::highlightOutlinesTheGateAndShowsInExports()
{
    ServiceItem *backend = gate("backend");
    QVERIFY(m_scene->highlight(QStringLiteral("svc/backend")));
    QCOMPARE(m_scene->highlightedItem(), backend);
    HighlightItem *outline = m_scene->highlightOutline();
    QVERIFY(outline->isVisible());
    QVERIFY(outline->sceneBoundingRect().contains(backend->mapRectToScene(QRectF(0, 0, 200, 90))));
    // It pulses with the animation clock, and follows the gate when it moves.
    QTRY_VERIFY(m_scene->clock().running());
    backend->moveBy(30, 0);
    m_scene->tick(0.02);
    QVERIFY(outline->target().contains(backend->mapRectToScene(QRectF(0, 0, 200, 90))));
    backend->moveBy(-30, 0);
    const QImage image = renderImage(*m_scene, QSize(1600, 1000));
    QVERIFY(hasColour(image, m_scene->theme().highlight));
    m_scene->clearHighlight();
    QVERIFY(!m_scene->highlightedItem());
    QVERIFY(!hasColour(renderImage(*m_scene, QSize(1600, 1000)), m_scene->theme().highlight));
    QTRY_VERIFY_WITH_TIMEOUT(!m_scene->clock().running(), 5000); // nothing pulses any more
}

void TestExport::screenshotsForALook()
{
    // CLUSTERLAB_SHOT_DIR=/tmp writes the demo as a class would see it, to look at.
    const QString dir = qEnvironmentVariable("CLUSTERLAB_SHOT_DIR");
    if (dir.isEmpty())
        QSKIP("set CLUSTERLAB_SHOT_DIR to write the screenshots");
    for (int i = 0; i < 6; ++i)
        m_commands->curl("default", "frontend");
    QTRY_VERIFY(!m_scene->traffic().packets().empty());
    m_scene->tick(0.2);
    const QSize size = defaultExportSize(*m_scene);
    QVERIFY(exportPng(*m_scene, dir + QStringLiteral("/export-normal.png"), size));
    QVERIFY(exportSvg(*m_scene, dir + QStringLiteral("/export-normal.svg"), size));
    m_scene->setPresentation(true);
    m_scene->highlight(QStringLiteral("svc/backend"));
    for (int i = 0; i < 6; ++i)
        m_commands->curl("default", "frontend");
    QTRY_VERIFY(!m_scene->traffic().packets().empty());
    m_scene->tick(0.3); // on their way, not all at their start
    QVERIFY(exportPng(*m_scene, dir + QStringLiteral("/export-presentation.png"), size));
    m_scene->highlight(QStringLiteral("deploy/backend"));
    QVERIFY(exportPng(*m_scene, dir + QStringLiteral("/export-presentation-deploy.png"),
                      QSize(1920, 1080)));
    m_scene->clearHighlight();
    m_scene->setPresentation(false);
}

QTEST_MAIN(TestExport)
#include "tst_export.moc"
