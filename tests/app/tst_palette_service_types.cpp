// tst_palette_service_types: each Service type in the template palette, dropped on the demo's
// backend lane in the real main window, works end to end with the real client a user would
// reach for: curl on a node port and on a LoadBalancer address, dig for a headless Service's
// Pod IPs and for an ExternalName's CNAME.
#include "canvas/canvas_view.h"
#include "canvas/lane_item.h"
#include "dataplane.h"
#include "editor/code_editor.h"
#include "editor_lab.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace clusterlab;
using namespace clusterlab::app;
using namespace editor_test;

namespace {

/// run starts a real client and returns its standard output ("" when it failed).
QString run(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(10000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        process.kill();
        return {};
    }
    return QString::fromUtf8(process.readAllStandardOutput());
}

QString curlPod(const QString &address, int port)
{
    const QString out = run(QStringLiteral("curl"),
                            { "-s", "-m", "5", "-H", "Accept: application/json",
                              QStringLiteral("http://%1:%2/").arg(address).arg(port) });
    return QJsonDocument::fromJson(out.toUtf8()).object().value("pod").toString();
}

} // namespace

class TestPaletteServiceTypes : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void dropped_data();
    void dropped();

private:
    /// dropOnBackend drops the palette's template on the backend lane and waits for the
    /// Service it names; the Service as the window sees it once `ready` says so.
    const model::Service *dropOnBackend(const QString &templateId, const QString &name);
    QStringList dig(const QString &name, const QString &type = QStringLiteral("A"));

    EditorLab m_lab;
};

void TestPaletteServiceTypes::initTestCase()
{
    for (const char *tool : { "curl", "dig" })
        if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty())
            QSKIP("curl and dig are needed (apt-get install curl dnsutils)");
    m_lab.start(QStringLiteral("tst_palette_service_types"));
    m_lab.ensureDemo();
}

void TestPaletteServiceTypes::cleanupTestCase()
{
    m_lab.stop();
}

const model::Service *TestPaletteServiceTypes::dropOnBackend(const QString &templateId,
                                                             const QString &name)
{
    CanvasScene *scene = m_lab.window->scene();
    LaneItem *backendLane = nullptr;
    for (LaneItem *lane : scene->lanes())
        if (lane->title() == QLatin1String("backend"))
            backendLane = lane;
    if (!backendLane)
        return nullptr;
    CanvasView *view = m_lab.window->view();
    view->ensureVisible(backendLane->sceneBoundingRect());
    QMimeData data;
    data.setData(QString::fromLatin1(kTemplateMimeType), templateId.toUtf8());
    if (!drop(view->viewport(), &data,
              view->mapFromScene(backendLane->sceneBoundingRect().center())))
        return nullptr;
    const ClusterMirror &mirror = m_lab.window->state()->mirror();
    if (!QTest::qWaitFor(
                [&] {
                    return !mirror.serviceUid(QStringLiteral("default"), name).isEmpty();
                },
                10000))
        return nullptr;
    return mirror.service(mirror.serviceUid(QStringLiteral("default"), name));
}

QStringList TestPaletteServiceTypes::dig(const QString &name, const QString &type)
{
    QStringList out =
            run(QStringLiteral("dig"),
                { "@127.96.0.10", "-p", QString::number(m_lab.engine->dataPlane()->dnsPort()),
                  "+short", name + QStringLiteral(".default.svc.cluster.local"), type })
                    .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    out.sort();
    return out;
}

void TestPaletteServiceTypes::dropped_data()
{
    QTest::addColumn<QString>("templateId");
    QTest::addColumn<QString>("name");
    QTest::newRow("NodePort") << "service-nodeport"
                              << "backend-nodeport";
    QTest::newRow("LoadBalancer") << "service-loadbalancer"
                                  << "backend-loadbalancer";
    QTest::newRow("Headless") << "service-headless"
                              << "backend-headless";
    QTest::newRow("ExternalName") << "service-externalname"
                                  << "backend-externalname";
}

void TestPaletteServiceTypes::dropped()
{
    QFETCH(QString, templateId);
    QFETCH(QString, name);
    const model::Service *service = dropOnBackend(templateId, name);
    QVERIFY2(service, qPrintable(m_lab.editor()->tabs().current()->text()));
    const ClusterMirror &mirror = m_lab.window->state()->mirror();
    const QString uid = mirror.serviceUid(QStringLiteral("default"), name);
    const auto current = [&] {
        return mirror.service(uid);
    };
    const QString type = QString::fromStdString(service->spec.type);
    if (type == QLatin1String("NodePort")) {
        const int nodePort = int(service->spec.ports.at(0).nodePort);
        QVERIFY2(nodePort >= 30000 && nodePort <= 32767, qPrintable(QString::number(nodePort)));
        for (const QString node : { "127.244.1.1", "127.244.2.1", "127.244.3.1", "127.0.0.1" })
            QTRY_VERIFY2_WITH_TIMEOUT(curlPod(node, nodePort).startsWith("backend-"),
                                      qPrintable(node), 10000);
    } else if (type == QLatin1String("LoadBalancer")) {
        QTRY_VERIFY_WITH_TIMEOUT(!current()->status.loadBalancerIngress.empty(), 10000);
        const QString address =
                QString::fromStdString(current()->status.loadBalancerIngress.front().ip);
        QVERIFY2(address.startsWith("127.250.0."), qPrintable(address));
        const int port = int(current()->spec.ports.at(0).port);
        QTRY_VERIFY_WITH_TIMEOUT(curlPod(address, port).startsWith("backend-"), 10000);
    } else if (service->spec.clusterIP == "None") {
        QStringList podIPs;
        for (const auto &endpoint : mirror.endpointsOf(*service))
            podIPs << endpoint.ip;
        podIPs.sort();
        QCOMPARE(podIPs.size(), 3);
        QTRY_COMPARE_WITH_TIMEOUT(dig(name), podIPs, 10000);
    } else {
        QCOMPARE(type, QString("ExternalName"));
        QVERIFY(service->spec.clusterIP.empty());
        QTRY_COMPARE_WITH_TIMEOUT(dig(name, "CNAME"), QStringList{ "example.com." }, 10000);
    }
}

QTEST_MAIN(TestPaletteServiceTypes)
#include "tst_palette_service_types.moc"
