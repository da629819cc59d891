// tst_editor: the YAML editor against a real Engine (pace 0, users paused) in the real main
// window: file drops open and apply, an invalid drop changes nothing and shows where, a
// template dropped on a lane fits it, canvas scaling rewrites one scalar, autosave restores.
#include "bridge/engine_commands.h"
#include "canvas/canvas_scene.h"
#include "canvas/canvas_view.h"
#include "canvas/group_item.h"
#include "canvas/lane_item.h"
#include "canvas/service_item.h"
#include "editor/code_editor.h"
#include "editor/document_check.h"
#include "editor/editor_dock.h"
#include "editor/manifest_document.h"
#include "editor/problems_view.h"
#include "editor/template_fitter.h"
#include "editor/template_palette.h"
#include "editor/yaml_completion.h"
#include "editor/yaml_highlighter.h"
#include "main_window.h"
#include "test_data.h"

#include <QDir>
#include <QDropEvent>
#include <QMimeData>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

using namespace clusterlab;
using namespace clusterlab::app;

namespace {

QString readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

void writeFile(const QString &path, const QString &text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text.toUtf8());
}

/// drop sends what a file manager or the palette sends: drag enter, then drop.
bool drop(QWidget *target, QMimeData *data, QPoint at = QPoint(40, 40))
{
    QDragEnterEvent enter(at, Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &enter);
    if (!enter.isAccepted())
        return false;
    QDropEvent dropEvent(QPointF(at), Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &dropEvent);
    return dropEvent.isAccepted();
}

QString errorsOf(const EditorProblems &problems)
{
    QStringList lines;
    for (const EditorProblem &p : problems)
        if (!p.warning)
            lines << QStringLiteral("%1:%2: %3").arg(p.line).arg(p.column).arg(p.message);
    return lines.join(QLatin1Char('\n'));
}

} // namespace

class TestEditor : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void everyThirdPartyManifestOpensWithoutAFalseError_data();
    void everyThirdPartyManifestOpensWithoutAFalseError();
    void droppedFilesOpenInTabsAndAreApplied();
    void anInvalidDropChangesNothingAndShowsWhere_data();
    void anInvalidDropChangesNothingAndShowsWhere();
    void droppedTextOpensAsANewDocumentAndIsApplied();
    void warningsAreWarningsAtTheirField_data();
    void warningsAreWarningsAtTheirField();
    void completionOffersFieldNamesAndEnumValues();
    void highlightingTellsKeysValuesCommentsAnchorsAndMarkersApart();
    void tabIndentsWithSpacesAndCtrlSlashTogglesComments();
    void aTemplateDroppedOnTheBackendLaneSelectsTheBackendPods();
    void scalingOnTheCanvasRewritesOnlyTheReplicasScalar();
    void draggingAGateOntoAGroupPointsItsSelectorAndTheYamlFollows();
    void relabellingAPodRewritesItsLabelsInPlace();
    void theClusterExportsAsYamlThatReadsBackClean();
    void liveModeAppliesEachValidPause();
    void sessionAffinitySetOnTheCanvasIsWrittenIntoSpec();
    void savingAsWritesTheFileAndRemembersIt();
    void aFileChangedOnDiskReloadsOrAsksWhenThereAreEdits();
    void autosaveRestoresUnsavedTextInANewWindow();

private:
    EditorDock *editor() const { return m_window->editor(); }
    bool exists(const QString &kind, const QString &name) const;
    void applyAndWait(const QString &yaml, const QString &title);
    void ensureDemo();

    Engine *m_engine = nullptr;
    MainWindow *m_window = nullptr;
    QTemporaryDir m_files;
    ManifestDocument *m_demo = nullptr;
};

void TestEditor::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("ClusterLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_editor"));
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    QVERIFY(m_files.isValid());
    EngineOptions options;
    options.pace = 0;
    options.usersRate = 0;
    m_engine = new Engine(options);
    m_engine->start();
    m_window = new MainWindow(*m_engine);
    m_window->setPersistent(false);
    m_window->resize(1600, 1000);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TestEditor::cleanupTestCase()
{
    delete m_window;
    m_engine->stop();
    delete m_engine;
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
}

bool TestEditor::exists(const QString &kind, const QString &name) const
{
    return m_window->scene()->mirror().objectByKey(kind + QStringLiteral("/default/") + name)
            != nullptr
            || (kind == QLatin1String("Service")
                && !m_window->scene()
                            ->mirror()
                            .serviceUid(QStringLiteral("default"), name)
                            .isEmpty());
}

void TestEditor::applyAndWait(const QString &yaml, const QString &title)
{
    ManifestDocument *document = editor()->newDocument(yaml, title);
    bool done = false, ok = false;
    auto connection =
            connect(editor(), &EditorDock::applied, this, [&](ManifestDocument *d, bool applied) {
                if (d == document)
                    done = true, ok = applied;
            });
    editor()->applyDocument(document);
    QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
    disconnect(connection);
    QVERIFY(ok);
}

void TestEditor::ensureDemo()
{
    if (m_demo)
        return;
    m_demo = editor()->newDocument(templateText(QStringLiteral("three-tier-app")),
                                   QStringLiteral("demo"));
    editor()->applyDocument(m_demo);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->scene()->mirror().podUids().size() >= 8, true, 10000);
}

void TestEditor::everyThirdPartyManifestOpensWithoutAFalseError_data()
{
    QTest::addColumn<QString>("path");
    testdata::addFileRows(testdata::dataDir(QStringLiteral("manifests/third-party")),
                          { "*.yaml", "*.yml", "*.json" }, " opens clean");
}

void TestEditor::everyThirdPartyManifestOpensWithoutAFalseError()
{
    QFETCH(QString, path);
    QVERIFY_DATA_PRESENT(path);
    ManifestDocument *document = editor()->openFile(path);
    QVERIFY(document);
    QCOMPARE(document->text(), readAll(path));
    const DocumentCheck &check = document->check();
    QVERIFY2(!check.hasErrors, qPrintable(errorsOf(check.problems)));
    QVERIFY(!check.report.objects.empty());
    QCOMPARE(editor()->problemsView()->errorCount(), 0);
    QVERIFY(editor()->closeDocument(document));
}

void TestEditor::droppedFilesOpenInTabsAndAreApplied()
{
    const QString yaml = m_files.filePath(QStringLiteral("dropped.yaml"));
    const QString json = m_files.filePath(QStringLiteral("dropped-pod.json"));
    writeFile(yaml,
              QStringLiteral("# a dropped file\n"
                             "apiVersion: apps/v1\n"
                             "kind: Deployment\n"
                             "metadata:\n  name: dropped\n"
                             "spec:\n  replicas: 2\n"
                             "  selector:\n    matchLabels: {app: dropped}\n"
                             "  template:\n    metadata:\n      labels: {app: dropped}\n"
                             "    spec:\n      containers:\n      - name: web\n"
                             "        image: nginx:1.25\n"
                             "        ports:\n        - containerPort: 80\n"
                             "---\n"
                             "apiVersion: v1\nkind: Service\nmetadata:\n  name: dropped\n"
                             "spec:\n  selector: {app: dropped}\n  ports:\n  - port: 80\n"));
    writeFile(json, QStringLiteral(R"({"apiVersion": "v1", "kind": "Pod",
 "metadata": {"name": "dropped-json", "labels": {"app": "dropped-json"}},
 "spec": {"containers": [{"name": "echo", "image": "busybox", "ports": [{"containerPort": 7}]}]}}
)"));
    const int tabsBefore = editor()->documents().size();
    auto *data = new QMimeData;
    data->setUrls({ QUrl::fromLocalFile(yaml), QUrl::fromLocalFile(json) });
    QVERIFY(drop(m_window, data));
    QCOMPARE(editor()->documents().size(), tabsBefore + 2);
    QStringList paths;
    for (ManifestDocument *document : editor()->documents())
        paths << document->path();
    QVERIFY(paths.contains(QFileInfo(yaml).absoluteFilePath()));
    QVERIFY(paths.contains(QFileInfo(json).absoluteFilePath()));
    QTRY_VERIFY_WITH_TIMEOUT(exists(QStringLiteral("Deployment"), QStringLiteral("dropped")),
                             10000);
    QTRY_VERIFY(exists(QStringLiteral("Service"), QStringLiteral("dropped")));
    QTRY_VERIFY(editor()->outputText().contains(QLatin1String("deployment.apps/dropped created")));
    QVERIFY(editor()->outputText().contains(QLatin1String("service/dropped created")));
    QTRY_VERIFY(editor()->outputText().contains(QLatin1String("pod/dropped-json created")));
    delete data;
}

void TestEditor::anInvalidDropChangesNothingAndShowsWhere_data()
{
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    const QString deployment = QStringLiteral(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: %1\n"
            "spec:\n  selector:\n    matchLabels: {app: %1}\n"
            "  template:\n    metadata:\n      labels: {app: %1}\n"
            "    spec:\n      containers:\n      - name: web\n        image: nginx:1.25\n"
            "---\n");
    QTest::addRow("a Service port of 0 is refused where it is written, with the Deployment")
            << deployment.arg(QStringLiteral("invalid-port"))
                    + QStringLiteral(
                            "apiVersion: v1\nkind: Service\nmetadata:\n"
                            "  name: invalid-port\nspec:\n  selector: {app: invalid-port}\n"
                            "  ports:\n  - port: 0\n")
            << 23 << 11
            << QStringLiteral("spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, "
                              "inclusive");
    QTest::addRow("an upper-case name is refused at the name, with the Deployment")
            << deployment.arg(QStringLiteral("invalid-name"))
                    + QStringLiteral("apiVersion: v1\nkind: Service\nmetadata:\n"
                                     "  name: Invalid_Name   # not a DNS label\n"
                                     "spec:\n  ports:\n  - port: 80\n")
            << 19 << 9 << QStringLiteral("metadata.name: Invalid value: \"Invalid_Name\"");
}

void TestEditor::anInvalidDropChangesNothingAndShowsWhere()
{
    QFETCH(QString, yaml);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    const QString path = m_files.filePath(QString::fromLatin1(QTest::currentDataTag()).left(12)
                                          + QStringLiteral(".yaml"));
    writeFile(path, yaml);
    auto *data = new QMimeData;
    data->setUrls({ QUrl::fromLocalFile(path) });
    QVERIFY(drop(m_window, data));
    delete data;
    ManifestDocument *document = editor()->current();
    QVERIFY(document);
    QCOMPARE(document->path(), QFileInfo(path).absoluteFilePath());
    QVERIFY(document->check().hasErrors);
    // The problem is underlined where it was written and listed for the current tab.
    bool found = false;
    for (const EditorProblem &p : document->editor()->problems())
        found = found
                || (!p.warning && p.line == line && p.column == column
                    && p.message.startsWith(message));
    QVERIFY2(found, qPrintable(errorsOf(document->editor()->problems())));
    QVERIFY(editor()->problemsView()->errorCount() > 0);
    QVERIFY(editor()->outputText().contains(QLatin1String("nothing was applied")));
    // Nothing was written: an apply sent after it lands, and the dropped Deployment never did.
    const QString name =
            QString::fromLatin1(QTest::currentDataTag()).contains(QLatin1String("port"))
            ? QStringLiteral("invalid-port")
            : QStringLiteral("invalid-name");
    applyAndWait(QStringLiteral("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: after-%1\n")
                         .arg(name),
                 QStringLiteral("sentinel"));
    QVERIFY(!exists(QStringLiteral("Deployment"), name));
    // Fixing the text is all it takes.
    document->editor()->jumpTo(line, column);
    QTextCursor cursor = document->editor()->textCursor();
    cursor.movePosition(QTextCursor::EndOfWord, QTextCursor::KeepAnchor);
    cursor.insertText(name == QLatin1String("invalid-port") ? QStringLiteral("80")
                                                            : QStringLiteral("fixed-name"));
    QVERIFY(!document->check().hasErrors);
    editor()->applyDocument(document);
    QTRY_VERIFY_WITH_TIMEOUT(exists(QStringLiteral("Deployment"), name), 10000);
}

void TestEditor::droppedTextOpensAsANewDocumentAndIsApplied()
{
    const int tabsBefore = editor()->documents().size();
    auto *data = new QMimeData;
    data->setText(QStringLiteral("apiVersion: v1\nkind: Pod\nmetadata:\n  name: dropped-text\n"
                                 "spec:\n  containers:\n  - name: web\n    image: nginx:1.25\n"));
    QVERIFY(drop(m_window, data));
    delete data;
    QCOMPARE(editor()->documents().size(), tabsBefore + 1);
    QVERIFY(editor()->current()->text().contains(QLatin1String("name: dropped-text")));
    QVERIFY(editor()->current()->isModified());
    QTRY_VERIFY_WITH_TIMEOUT(
            editor()->outputText().contains(QLatin1String("pod/dropped-text created")), 10000);
}

void TestEditor::warningsAreWarningsAtTheirField_data()
{
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    QTest::addRow("a selector that matches no Pod")
            << QStringLiteral("apiVersion: v1\nkind: Service\nmetadata:\n  name: lonely\nspec:\n"
                              "  selector: {app: nobody}\n  ports:\n  - port: 80\n")
            << 6 << 13
            << QStringLiteral("spec.selector: no Pod in namespace \"default\" has the labels "
                              "app=nobody");
    QTest::addRow("a targetPort no selected container declares")
            << QStringLiteral(
                       "apiVersion: v1\nkind: Pod\nmetadata:\n  name: tp\n  labels: {app: tp}\n"
                       "spec:\n  containers:\n  - name: web\n    image: nginx:1.25\n"
                       "    ports:\n    - containerPort: 80\n---\n"
                       "apiVersion: v1\nkind: Service\nmetadata:\n  name: tp\nspec:\n"
                       "  selector: {app: tp}\n  ports:\n  - port: 80\n"
                       "    targetPort: 8080   # nobody listens here\n")
            << 21 << 17
            << QStringLiteral("spec.ports[0].targetPort: no container of the selected Pods "
                              "declares containerPort 8080");
    QTest::addRow("a port name two containers use")
            << QStringLiteral("apiVersion: v1\nkind: Pod\nmetadata:\n  name: twice\nspec:\n"
                              "  containers:\n  - name: a\n    image: nginx:1.25\n    ports:\n"
                              "    - {name: http, containerPort: 80}\n"
                              "  - name: b\n    image: nginx:1.25\n    ports:\n"
                              "    - {name: http, containerPort: 8080}\n")
            << 14 << 14
            << QStringLiteral("spec.containers[1].ports[0]: duplicate port name \"http\" with "
                              "spec.containers[0].ports[0]");
    QTest::addRow("an unknown field")
            << QStringLiteral("apiVersion: v1\nkind: Service\nmetadata:\n  name: typo\nspec:\n"
                              "  ports:\n  - port: 80\n    tagretPort: 80\n")
            << 8 << 5 << QStringLiteral("unknown field \"spec.ports[0].tagretPort\"");
}

void TestEditor::warningsAreWarningsAtTheirField()
{
    QFETCH(QString, yaml);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    const DocumentCheck check =
            checkDocument(yaml, QStringLiteral("warnings.yaml"), &m_window->scene()->mirror());
    QVERIFY2(!check.hasErrors, qPrintable(errorsOf(check.problems)));
    QStringList seen;
    bool found = false;
    for (const EditorProblem &p : check.problems) {
        seen << QStringLiteral("%1:%2: %3").arg(p.line).arg(p.column).arg(p.message);
        found = found
                || (p.warning && p.line == line && p.column == column
                    && p.message.startsWith(message));
    }
    QVERIFY2(found, qPrintable(seen.join(QLatin1Char('\n'))));
}

void TestEditor::completionOffersFieldNamesAndEnumValues()
{
    const YamlCompletion type = yamlCompletion(QStringLiteral("  type: No"));
    QCOMPARE(type.prefix, QStringLiteral("No"));
    QVERIFY(type.candidates.contains(QStringLiteral("NodePort")));
    QVERIFY(type.candidates.contains(QStringLiteral("ExternalName")));
    const YamlCompletion field = yamlCompletion(QStringLiteral("    - contai"));
    QCOMPARE(field.prefix, QStringLiteral("contai"));
    QVERIFY(field.candidates.contains(QStringLiteral("containerPort")));
    QVERIFY(field.candidates.contains(QStringLiteral("containers")));
    QVERIFY(yamlCompletion(QStringLiteral("  sessionAffinity: "))
                    .candidates.contains(QStringLiteral("ClientIP")));
    QVERIFY(yamlCompletion(QStringLiteral("  imagePullPolicy: If"))
                    .candidates.contains(QStringLiteral("IfNotPresent")));
    QVERIFY(yamlCompletion(QStringLiteral("  name: we")).candidates.isEmpty());
}

void TestEditor::highlightingTellsKeysValuesCommentsAnchorsAndMarkersApart()
{
    QTextDocument document;
    YamlHighlighter highlighter(&document);
    document.setPlainText(QStringLiteral("---\nname: web   # a comment\nbase: &shared 80\n"));
    highlighter.rehighlight(); // the first pass is otherwise queued for the event loop
    auto formatAt = [&document](int line, int column) {
        const QTextBlock block = document.findBlockByNumber(line);
        for (const QTextLayout::FormatRange &range : block.layout()->formats())
            if (column >= range.start && column < range.start + range.length)
                return range.format;
        return QTextCharFormat();
    };
    const QTextCharFormat marker = formatAt(0, 0), key = formatAt(1, 0), value = formatAt(1, 6),
                          comment = formatAt(1, 12), anchor = formatAt(2, 6),
                          number = formatAt(2, 14);
    QCOMPARE(marker.fontWeight(), int(QFont::Bold));
    QCOMPARE(key.fontWeight(), int(QFont::DemiBold));
    QVERIFY(comment.fontItalic());
    QVERIFY(!value.fontItalic());
    const QSet<QRgb> colours = {
        marker.foreground().color().rgb(), key.foreground().color().rgb(),
        value.foreground().color().rgb(),  comment.foreground().color().rgb(),
        anchor.foreground().color().rgb(), number.foreground().color().rgb()
    };
    QCOMPARE(colours.size(), 6);
}

void TestEditor::tabIndentsWithSpacesAndCtrlSlashTogglesComments()
{
    ManifestDocument *document = editor()->newDocument(QStringLiteral("a: 1\nb: 2"));
    CodeEditor *text = document->editor();
    text->moveCursor(QTextCursor::Start);
    QTest::keyClick(text, Qt::Key_Tab);
    QCOMPARE(document->text(), QStringLiteral("  a: 1\nb: 2"));
    text->selectAll();
    QTest::keyClick(text, Qt::Key_Slash, Qt::ControlModifier);
    QCOMPARE(document->text(), QStringLiteral("#   a: 1\n# b: 2"));
    QTest::keyClick(text, Qt::Key_Slash, Qt::ControlModifier);
    QCOMPARE(document->text(), QStringLiteral("  a: 1\nb: 2"));
    text->undo();
    text->undo();
    QCOMPARE(document->text(), QStringLiteral("  a: 1\nb: 2"));
    text->undo();
    QCOMPARE(document->text(), QStringLiteral("a: 1\nb: 2"));
    QVERIFY(editor()->closeDocument(document) || document->isModified());
}

void TestEditor::aTemplateDroppedOnTheBackendLaneSelectsTheBackendPods()
{
    ensureDemo();
    CanvasScene *scene = m_window->scene();
    LaneItem *backendLane = nullptr;
    QTRY_VERIFY(scene->laneTitles().contains(QStringLiteral("backend")));
    for (LaneItem *lane : scene->lanes())
        if (lane->title() == QLatin1String("backend"))
            backendLane = lane;
    QVERIFY(backendLane);
    CanvasView *view = m_window->view();
    view->ensureVisible(backendLane->sceneBoundingRect());
    const QPointF inLane = backendLane->sceneBoundingRect().center();
    const QPoint at = view->mapFromScene(inLane);
    QVERIFY(view->viewport()->rect().contains(at));
    auto *data = new QMimeData;
    data->setData(QString::fromLatin1(kTemplateMimeType), "service-nodeport");
    QVERIFY(drop(view->viewport(), data, at));
    delete data;
    QVERIFY(editor()->current()->text().contains(QLatin1String("name: backend-nodeport")));
    QVERIFY(editor()->current()->text().contains(QLatin1String("selector: {app: backend}")));
    const ClusterMirror &mirror = scene->mirror();
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

void TestEditor::scalingOnTheCanvasRewritesOnlyTheReplicasScalar()
{
    ensureDemo();
    ManifestDocument *document = m_demo;
    QVERIFY(document);
    editor()->setCurrent(document);
    CanvasScene *scene = m_window->scene();
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

void TestEditor::draggingAGateOntoAGroupPointsItsSelectorAndTheYamlFollows()
{
    ensureDemo();
    ManifestDocument *document = m_demo;
    QVERIFY(document);
    CanvasScene *scene = m_window->scene();
    CanvasView *view = m_window->view();
    const ClusterMirror &mirror = scene->mirror();
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

void TestEditor::relabellingAPodRewritesItsLabelsInPlace()
{
    const QString yaml = QStringLiteral("apiVersion: v1\nkind: Pod\nmetadata:\n  name: labelled\n"
                                        "  labels:\n    app: labelled   # who selects me\n"
                                        "    tier: cache\n"
                                        "spec:\n  containers:\n  - name: web\n"
                                        "    image: nginx:1.25\n");
    applyAndWait(yaml, QStringLiteral("labels"));
    ManifestDocument *document = editor()->current();
    QCOMPARE(document->text(), yaml);
    m_window->commands()->setPodLabels(QStringLiteral("default"), QStringLiteral("labelled"),
                                       QStringLiteral("app=labelled, tier=web, canary=yes"));
    QString expected = yaml;
    expected.replace(QStringLiteral("    tier: cache\n"),
                     QStringLiteral("    tier: web\n    canary: \"yes\"\n"));
    QTRY_COMPARE_WITH_TIMEOUT(document->text(), expected, 10000);
    document->editor()->undo();
    QCOMPARE(document->text(), yaml);
}

void TestEditor::theClusterExportsAsYamlThatReadsBackClean()
{
    ensureDemo();
    const ClusterMirror &mirror = m_window->scene()->mirror();
    const QString yaml = editor()->exportYaml();
    QVERIFY(yaml.contains(QLatin1String("kind: Deployment")));
    QVERIFY(yaml.contains(QLatin1String("name: backend")));
    QVERIFY(!yaml.contains(QLatin1String("pod-template-hash"))); // no controller-made Pods
    const DocumentCheck check = checkDocument(yaml, QStringLiteral("cluster.yaml"), &mirror);
    QVERIFY2(!check.hasErrors, qPrintable(errorsOf(check.problems)));
    const QString backend = mirror.serviceUid(QStringLiteral("default"), QStringLiteral("backend"));
    const QString one = editor()->exportYaml(backend);
    QVERIFY(one.contains(QLatin1String("kind: Service")));
    const DocumentCheck oneCheck = checkDocument(one, QStringLiteral("service.yaml"), &mirror);
    QVERIFY2(!oneCheck.hasErrors, qPrintable(errorsOf(oneCheck.problems)));
    QCOMPARE(int(oneCheck.report.objects.size()), 1);
}

void TestEditor::liveModeAppliesEachValidPause()
{
    ManifestDocument *document = editor()->newDocument(
            QStringLiteral("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: live\n"
                           "spec:\n  replicas: 1\n  selector:\n    matchLabels: {app: live}\n"
                           "  template:\n    metadata:\n      labels: {app: live}\n"
                           "    spec:\n      containers:\n      - name: web\n"
                           "        image: nginx:1.25\n"),
            QStringLiteral("live"));
    const QString key = QStringLiteral("Deployment/default/live");
    editor()->setLive(true);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->scene()->groupItem(key), 10000);
    QTRY_COMPARE(m_window->scene()->groupItem(key)->display().desired, 1);
    // Typing a valid change applies it after the pause; typing a broken one does not.
    document->editor()->jumpTo(6, 13);
    QTextCursor cursor = document->editor()->textCursor();
    cursor.movePosition(QTextCursor::Right, QTextCursor::KeepAnchor);
    cursor.insertText(QStringLiteral("2"));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->scene()->groupItem(key)->display().desired, 2, 10000);
    cursor.movePosition(QTextCursor::Left, QTextCursor::KeepAnchor);
    cursor.insertText(QStringLiteral("two"));
    QTRY_VERIFY(document->check().hasErrors);
    QTRY_VERIFY(!document->checkPending());
    editor()->setLive(false);
    QCOMPARE(m_window->scene()->groupItem(key)->display().desired, 2);
}

void TestEditor::sessionAffinitySetOnTheCanvasIsWrittenIntoSpec()
{
    ensureDemo();
    ManifestDocument *document = m_demo;
    QVERIFY(document);
    const QString before = document->text();
    const QString spec = QStringLiteral("spec:\n  type: ClusterIP        # the default");
    QCOMPARE(before.count(spec), 1);
    m_window->commands()->setSessionAffinity(QStringLiteral("default"), QStringLiteral("backend"),
                                             true);
    QString expected = before;
    expected.replace(spec,
                     QStringLiteral("spec:\n  sessionAffinity: ClientIP\n  type: ClusterIP "
                                    "       # the default"));
    QTRY_COMPARE_WITH_TIMEOUT(document->text(), expected, 10000);
    m_window->commands()->setSessionAffinity(QStringLiteral("default"), QStringLiteral("backend"),
                                             false);
    expected.replace(QStringLiteral("sessionAffinity: ClientIP"),
                     QStringLiteral("sessionAffinity: None"));
    QTRY_COMPARE_WITH_TIMEOUT(document->text(), expected, 10000);
}

void TestEditor::savingAsWritesTheFileAndRemembersIt()
{
    ManifestDocument *document = editor()->newDocument();
    document->editor()->insertPlainText(QStringLiteral("apiVersion: v1\nkind: ConfigMap\n"));
    QVERIFY(document->isModified());
    const QString path = m_files.filePath(QStringLiteral("saved-as.yaml"));
    QVERIFY(editor()->saveAs(document, path));
    QCOMPARE(readAll(path), document->text());
    QCOMPARE(document->path(), QFileInfo(path).absoluteFilePath());
    QVERIFY(!document->isModified());
    QCOMPARE(editor()->recentFiles().value(0), QFileInfo(path).absoluteFilePath());
}

void TestEditor::aFileChangedOnDiskReloadsOrAsksWhenThereAreEdits()
{
    const QString path = m_files.filePath(QStringLiteral("watched.yaml"));
    auto replaceOnDisk = [&path](const QString &text) {
        QSaveFile file(path); // written aside and renamed over, as editors do
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text.toUtf8());
        QVERIFY(file.commit());
    };
    const QString first =
            QStringLiteral("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: w1\n");
    const QString second =
            QStringLiteral("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: w2\n");
    replaceOnDisk(first);
    ManifestDocument *document = editor()->openFile(path);
    QVERIFY(document);
    QCOMPARE(document->text(), first);
    replaceOnDisk(second);
    QTRY_COMPARE_WITH_TIMEOUT(document->text(), second, 5000);
    QVERIFY(!document->isModified());
    QVERIFY(!document->diskChangeShown());
    // With edits of its own, the document asks instead of dropping them.
    document->editor()->moveCursor(QTextCursor::End);
    document->editor()->insertPlainText(QStringLiteral("data: {mine: \"yes\"}\n"));
    const QString mine = document->text();
    replaceOnDisk(first);
    QTRY_VERIFY_WITH_TIMEOUT(document->diskChangeShown(), 5000);
    QCOMPARE(document->text(), mine);
}

void TestEditor::autosaveRestoresUnsavedTextInANewWindow()
{
    ManifestDocument *document = editor()->newDocument();
    document->editor()->setFocus();
    QTest::keyClicks(document->editor(), QStringLiteral("apiVersion: v1"));
    QTest::keyClick(document->editor(), Qt::Key_Return);
    QTest::keyClicks(document->editor(), QStringLiteral("kind: ConfigMap"));
    const QString typed = document->text();
    QVERIFY(typed.contains(QLatin1String("kind: ConfigMap")));
    QVERIFY(document->isModified());
    editor()->setAutosaveInterval(100);
    const QString folder = editor()->autosave().folder();
    QTRY_VERIFY(
            QFile::exists(folder + QLatin1Char('/') + document->id() + QStringLiteral(".yaml")));

    // The window goes away without a chance to ask (a crash, a kill); a new one starts.
    delete m_window;
    m_demo = nullptr;
    m_window = new MainWindow(*m_engine);
    m_window->setPersistent(false);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    ManifestDocument *restored = nullptr;
    for (ManifestDocument *d : editor()->documents())
        if (d->text() == typed)
            restored = d;
    QVERIFY(restored);
    QVERIFY(restored->isModified());
    QVERIFY(editor()->outputText().contains(QLatin1String("recovered")));
}

QTEST_MAIN(TestEditor)
#include "tst_editor.moc"
