// tst_editor_canvas: the YAML editor and the canvas in step, on a real Engine in the real main
// window: a template dropped on a lane fits it, canvas scaling, selector and label edits
// rewrite only their part of the YAML, live mode applies each valid pause, and the cluster
// exports as YAML that reads back clean.
#include "bridge/engine_commands.h"
#include "canvas/canvas_view.h"
#include "canvas/group_item.h"
#include "canvas/lane_item.h"
#include "canvas/service_item.h"
#include "editor/code_editor.h"
#include "editor/document_check.h"
#include "editor_lab.h"

#include <QMimeData>
#include <QTest>

using namespace clusterlab;
using namespace clusterlab::app;
using namespace editor_test;

class TestEditorCanvas : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void aTemplateDroppedOnTheBackendLaneSelectsTheBackendPods();
    void scalingOnTheCanvasRewritesOnlyTheReplicasScalar();
    void draggingAGateOntoAGroupPointsItsSelectorAndTheYamlFollows();
    void relabellingAPodRewritesItsLabelsInPlace();
    void theClusterExportsAsYamlThatReadsBackClean();
    void liveModeAppliesEachValidPause();
    void sessionAffinitySetOnTheCanvasIsWrittenIntoSpec();

private:
    EditorLab m_lab;
};

void TestEditorCanvas::initTestCase()
{
    m_lab.start(QStringLiteral("tst_editor_canvas"));
}

void TestEditorCanvas::cleanupTestCase()
{
    m_lab.stop();
}

void TestEditorCanvas::aTemplateDroppedOnTheBackendLaneSelectsTheBackendPods()
{
    m_lab.ensureDemo();
    CanvasScene *scene = m_lab.window->scene();
    LaneItem *backendLane = nullptr;
    QTRY_VERIFY(scene->laneTitles().contains(QStringLiteral("backend")));
    for (LaneItem *lane : scene->lanes())
        if (lane->title() == QLatin1String("backend"))
            backendLane = lane;
    QVERIFY(backendLane);
    CanvasView *view = m_lab.window->view();
    view->ensureVisible(backendLane->sceneBoundingRect());
    const QPointF inLane = backendLane->sceneBoundingRect().center();
    const QPoint at = view->mapFromScene(inLane);
    QVERIFY(view->viewport()->rect().contains(at));
    auto *data = new QMimeData;
    data->setData(QString::fromLatin1(kTemplateMimeType), "service-nodeport");
    QVERIFY(drop(view->viewport(), data, at));
    delete data;
    QVERIFY(m_lab.editor()->tabs().current()->text().contains(
            QLatin1String("name: backend-nodeport")));
    QVERIFY(m_lab.editor()->tabs().current()->text().contains(
            QLatin1String("selector: {app: backend}")));
    const ClusterMirror &mirror = m_lab.window->state()->mirror();
    QTRY_VERIFY_WITH_TIMEOUT(
            !mirror.serviceUid(QStringLiteral("default"), QStringLiteral("backend-nodeport"))
                     .isEmpty(),
            10000);
    const model::Service *service = mirror.service(
            mirror.serviceUid(QStringLiteral("default"), QStringLiteral("backend-nodeport")));
    QVERIFY(service);
    QCOMPARE(service->spec.type, std::string("NodePort"));
    QCOMPARE(int(service->spec.ports.at(0).targetPort.intVal), 80);
    QTRY_COMPARE_WITH_TIMEOUT(int(mirror.endpointsOf(*service).size()), 3, 10000);
}

void TestEditorCanvas::scalingOnTheCanvasRewritesOnlyTheReplicasScalar()
{
    m_lab.ensureDemo();
    ManifestDocument *document = m_lab.demo;
    QVERIFY(document);
    m_lab.editor()->setCurrent(document);
    CanvasScene *scene = m_lab.window->scene();
    const QString key = QStringLiteral("Deployment/default/backend");
    QTRY_VERIFY(scene->groupItem(key));
    QTRY_COMPARE(scene->groupItem(key)->display().desired, 3);
    const QString before = document->text();
    QStringList expected = before.split(QLatin1Char('\n'));
    const qsizetype nameLine = expected.indexOf(QStringLiteral("  name: backend"));
    QVERIFY(nameLine > 0);
    const qsizetype replicasLine = expected.indexOf(QStringLiteral("  replicas: 3"), nameLine);
    QVERIFY(replicasLine > nameLine);
    expected[replicasLine] = QStringLiteral("  replicas: 5");

    scene->scaleGroup(key, 5);
    QTRY_COMPARE_WITH_TIMEOUT(document->text(), expected.join(QLatin1Char('\n')), 10000);
    QVERIFY(document->text().contains(QLatin1String("# three identical frontend Pods")));
    QVERIFY(document->isModified());
    // One edit: one undo gives the text back.
    document->editor()->undo();
    QCOMPARE(document->text(), before);
    document->editor()->redo();
    QCOMPARE(document->text(), expected.join(QLatin1Char('\n')));
    scene->scaleGroup(key, 3);
    QTRY_COMPARE_WITH_TIMEOUT(document->text(), before, 10000);
}

void TestEditorCanvas::draggingAGateOntoAGroupPointsItsSelectorAndTheYamlFollows()
{
    m_lab.ensureDemo();
    ManifestDocument *document = m_lab.demo;
    QVERIFY(document);
    CanvasScene *scene = m_lab.window->scene();
    CanvasView *view = m_lab.window->view();
    const ClusterMirror &mirror = m_lab.window->state()->mirror();
    const QString redisUid = mirror.serviceUid(QStringLiteral("default"), QStringLiteral("redis"));
    QTRY_VERIFY(scene->serviceItem(redisUid));
    QTRY_VERIFY(scene->groupItem(QStringLiteral("Deployment/default/mysql")));
    view->fitToWindow();
    auto dragTo = [&](const QString &groupKey) {
        QWidget *viewport = view->viewport();
        const QPoint from =
                view->mapFromScene(scene->serviceItem(redisUid)->sceneBoundingRect().center());
        const QPoint to =
                view->mapFromScene(scene->groupItem(groupKey)->sceneBoundingRect().center());
        auto send = [viewport](QEvent::Type type, QPoint at, Qt::MouseButtons buttons) {
            QMouseEvent event(type, QPointF(at), viewport->mapToGlobal(QPointF(at)),
                              type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton, buttons,
                              Qt::NoModifier);
            QCoreApplication::sendEvent(viewport, &event);
        };
        send(QEvent::MouseButtonPress, from, Qt::LeftButton);
        send(QEvent::MouseMove, (from + to) / 2, Qt::LeftButton);
        send(QEvent::MouseMove, to, Qt::LeftButton);
        send(QEvent::MouseButtonRelease, to, Qt::NoButton);
    };
    const QString before = document->text();
    QVERIFY(before.contains(QLatin1String("  selector: {app: redis}\n  ports:\n  - port: 6379")));
    dragTo(QStringLiteral("Deployment/default/mysql"));
    QTRY_VERIFY_WITH_TIMEOUT(document->text().contains(QLatin1String(
                                     "  selector: {app: mysql}\n  ports:\n  - port: 6379")),
                             10000);
    const model::Service *redis = mirror.service(redisUid);
    QVERIFY(redis && redis->spec.selector);
    QCOMPARE(redis->spec.selector->at("app"), std::string("mysql"));
    // Only that map changed.
    QCOMPARE(document->text().size(), before.size());
    dragTo(QStringLiteral("Deployment/default/redis"));
    QTRY_COMPARE_WITH_TIMEOUT(document->text(), before, 10000);
}

void TestEditorCanvas::relabellingAPodRewritesItsLabelsInPlace()
{
    const QString yaml = QStringLiteral("apiVersion: v1\nkind: Pod\nmetadata:\n  name: labelled\n"
                                        "  labels:\n    app: labelled   # who selects me\n"
                                        "    tier: cache\n"
                                        "spec:\n  containers:\n  - name: web\n"
                                        "    image: nginx:1.25\n");
    m_lab.applyAndWait(yaml, QStringLiteral("labels"));
    ManifestDocument *document = m_lab.editor()->tabs().current();
    QCOMPARE(document->text(), yaml);
    m_lab.window->commands()->setPodLabels(QStringLiteral("default"), QStringLiteral("labelled"),
                                           QStringLiteral("app=labelled, tier=web, canary=yes"));
    QString expected = yaml;
    expected.replace(QStringLiteral("    tier: cache\n"),
                     QStringLiteral("    tier: web\n    canary: \"yes\"\n"));
    QTRY_COMPARE_WITH_TIMEOUT(document->text(), expected, 10000);
    document->editor()->undo();
    QCOMPARE(document->text(), yaml);
}

void TestEditorCanvas::theClusterExportsAsYamlThatReadsBackClean()
{
    m_lab.ensureDemo();
    const ClusterMirror &mirror = m_lab.window->state()->mirror();
    const QString yaml = m_lab.editor()->exportYaml();
    QVERIFY(yaml.contains(QLatin1String("kind: Deployment")));
    QVERIFY(yaml.contains(QLatin1String("name: backend")));
    QVERIFY(!yaml.contains(QLatin1String("pod-template-hash"))); // no controller-made Pods
    const DocumentCheck check = checkDocument(yaml, QStringLiteral("cluster.yaml"), &mirror);
    QVERIFY2(!check.hasErrors, qPrintable(errorsOf(check.problems)));
    const QString backend = mirror.serviceUid(QStringLiteral("default"), QStringLiteral("backend"));
    const QString one = m_lab.editor()->exportYaml(backend);
    QVERIFY(one.contains(QLatin1String("kind: Service")));
    const DocumentCheck oneCheck = checkDocument(one, QStringLiteral("service.yaml"), &mirror);
    QVERIFY2(!oneCheck.hasErrors, qPrintable(errorsOf(oneCheck.problems)));
    QCOMPARE(int(oneCheck.report.objects.size()), 1);
}

void TestEditorCanvas::liveModeAppliesEachValidPause()
{
    ManifestDocument *document = m_lab.editor()->newDocument(
            QStringLiteral("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: live\n"
                           "spec:\n  replicas: 1\n  selector:\n    matchLabels: {app: live}\n"
                           "  template:\n    metadata:\n      labels: {app: live}\n"
                           "    spec:\n      containers:\n      - name: web\n"
                           "        image: nginx:1.25\n"),
            QStringLiteral("live"));
    const QString key = QStringLiteral("Deployment/default/live");
    m_lab.editor()->applier().setLive(true);
    QTRY_VERIFY_WITH_TIMEOUT(m_lab.window->scene()->groupItem(key), 10000);
    QTRY_COMPARE(m_lab.window->scene()->groupItem(key)->display().desired, 1);
    // Typing a valid change applies it after the pause; typing a broken one does not.
    document->editor()->jumpTo(6, 13);
    QTextCursor cursor = document->editor()->textCursor();
    cursor.movePosition(QTextCursor::Right, QTextCursor::KeepAnchor);
    cursor.insertText(QStringLiteral("2"));
    QTRY_COMPARE_WITH_TIMEOUT(m_lab.window->scene()->groupItem(key)->display().desired, 2, 10000);
    cursor.movePosition(QTextCursor::Left, QTextCursor::KeepAnchor);
    cursor.insertText(QStringLiteral("two"));
    QTRY_VERIFY(document->check().hasErrors);
    QTRY_VERIFY(!document->checkPending());
    m_lab.editor()->applier().setLive(false);
    QCOMPARE(m_lab.window->scene()->groupItem(key)->display().desired, 2);
}

void TestEditorCanvas::sessionAffinitySetOnTheCanvasIsWrittenIntoSpec()
{
    m_lab.ensureDemo();
    ManifestDocument *document = m_lab.demo;
    QVERIFY(document);
    const QString before = document->text();
    const QString spec = QStringLiteral("spec:\n  type: ClusterIP        # the default");
    QCOMPARE(before.count(spec), 1);
    m_lab.window->commands()->setSessionAffinity(QStringLiteral("default"),
                                                 QStringLiteral("backend"), true);
    QString expected = before;
    expected.replace(spec,
                     QStringLiteral("spec:\n  sessionAffinity: ClientIP\n  type: ClusterIP "
                                    "       # the default"));
    QTRY_COMPARE_WITH_TIMEOUT(document->text(), expected, 10000);
    m_lab.window->commands()->setSessionAffinity(QStringLiteral("default"),
                                                 QStringLiteral("backend"), false);
    expected.replace(QStringLiteral("sessionAffinity: ClientIP"),
                     QStringLiteral("sessionAffinity: None"));
    QTRY_COMPARE_WITH_TIMEOUT(document->text(), expected, 10000);
}

QTEST_MAIN(TestEditorCanvas)
#include "tst_editor_canvas.moc"
