// tst_export: the demo canvas (real Engine, pace 0) exported as PNG, SVG and to the
// clipboard.
#include "bridge/engine_bridge.h"
#include "bridge/engine_commands.h"
#include "canvas/canvas_scene.h"
#include "canvas/canvas_view.h"
#include "canvas/group_item.h"
#include "canvas/pod_item.h"
#include "canvas/service_item.h"
#include "dataplane.h"
#include "demo_text.h"
#include "export/canvas_export.h"
#include "export/export_dialog.h"

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

private:
    ServiceItem *gate(const QString &name) const;

    Engine *m_engine = nullptr;
    EngineBridge *m_bridge = nullptr;
    EngineCommands *m_commands = nullptr;
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
    m_scene = new CanvasScene;
    m_view = new CanvasView(m_scene);
    m_view->resize(1400, 900);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view));
    m_bridge = new EngineBridge(m_engine);
    m_commands = new EngineCommands(*m_engine);
    DataPlane *dataPlane = m_engine->dataPlane();
    m_scene->setBoundPortFn([dataPlane](const std::string &ip, int port) {
        return dataPlane->forwarder().boundPort(ip, port);
    });
    connect(m_bridge, &EngineBridge::batchReady, m_scene, &CanvasScene::apply);
    m_bridge->prime();
    auto report = manifest::decodeText(demoText(), "three-tier.yaml");
    QVERIFY(!report.hasErrors());
    m_commands->apply(std::move(report.objects));
    QTRY_COMPARE_WITH_TIMEOUT(m_scene->mirror().podUids().size(), 8, 10000);
    QTRY_VERIFY(gate("backend") && gate("redis") && gate("mysql") && gate("frontend"));
    QTRY_COMPARE(int(gate("backend")->edges().size()), 3);
}

void TestExport::cleanupTestCase()
{
    delete m_bridge;
    delete m_commands;
    delete m_view;
    delete m_scene;
    m_engine->stop();
    delete m_engine;
}

ServiceItem *TestExport::gate(const QString &name) const
{
    return m_scene->serviceItem(m_scene->mirror().serviceUid(QStringLiteral("default"), name));
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

QTEST_MAIN(TestExport)
#include "tst_export.moc"
