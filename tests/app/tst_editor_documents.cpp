// tst_editor_documents: the YAML editor's documents against a real Engine (pace 0, users
// paused) in the real main window: every third-party manifest opens clean, file drops open and
// apply, an invalid drop changes nothing and shows where, dropped text applies, Save As and
// changes on disk behave as in an editor, and autosave restores unsaved text.
#include "editor/code_editor.h"
#include "editor/document_check.h"
#include "editor_lab.h"
#include "test_data.h"

#include <QMimeData>
#include <QSaveFile>
#include <QTest>

using namespace clusterlab;
using namespace clusterlab::app;
using namespace editor_test;

class TestEditorDocuments : public QObject
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
    void savingAsWritesTheFileAndRemembersIt();
    void aFileChangedOnDiskReloadsOrAsksWhenThereAreEdits();
    void autosaveRestoresUnsavedTextInANewWindow();

private:
    EditorLab m_lab;
};

void TestEditorDocuments::initTestCase()
{
    m_lab.start(QStringLiteral("tst_editor_documents"));
}

void TestEditorDocuments::cleanupTestCase()
{
    m_lab.stop();
}

void TestEditorDocuments::everyThirdPartyManifestOpensWithoutAFalseError_data()
{
    QTest::addColumn<QString>("path");
    testdata::addFileRows(testdata::dataDir(QStringLiteral("manifests/third-party")),
                          { "*.yaml", "*.yml", "*.json" }, " opens clean");
}

void TestEditorDocuments::everyThirdPartyManifestOpensWithoutAFalseError()
{
    QFETCH(QString, path);
    QVERIFY_DATA_PRESENT(path);
    ManifestDocument *document = m_lab.editor()->files().openFile(path);
    QVERIFY(document);
    QCOMPARE(document->text(), readAll(path));
    const DocumentCheck &check = document->check();
    QVERIFY2(!check.hasErrors, qPrintable(errorsOf(check.problems)));
    QVERIFY(!check.report.objects.empty());
    QCOMPARE(m_lab.editor()->pane().problemsView()->errorCount(), 0);
    QVERIFY(m_lab.editor()->files().closeDocument(document));
}

void TestEditorDocuments::droppedFilesOpenInTabsAndAreApplied()
{
    const QString yaml = m_lab.files.filePath(QStringLiteral("dropped.yaml"));
    const QString json = m_lab.files.filePath(QStringLiteral("dropped-pod.json"));
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
    const int tabsBefore = m_lab.editor()->documents().size();
    auto *data = new QMimeData;
    data->setUrls({ QUrl::fromLocalFile(yaml), QUrl::fromLocalFile(json) });
    QVERIFY(drop(m_lab.window, data));
    QCOMPARE(m_lab.editor()->documents().size(), tabsBefore + 2);
    QStringList paths;
    for (ManifestDocument *document : m_lab.editor()->documents())
        paths << document->path();
    QVERIFY(paths.contains(QFileInfo(yaml).absoluteFilePath()));
    QVERIFY(paths.contains(QFileInfo(json).absoluteFilePath()));
    QTRY_VERIFY_WITH_TIMEOUT(m_lab.exists(QStringLiteral("Deployment"), QStringLiteral("dropped")),
                             10000);
    QTRY_VERIFY(m_lab.exists(QStringLiteral("Service"), QStringLiteral("dropped")));
    QTRY_VERIFY(m_lab.editor()->pane().outputText().contains(
            QLatin1String("deployment.apps/dropped created")));
    QVERIFY(m_lab.editor()->pane().outputText().contains(QLatin1String("service/dropped created")));
    QTRY_VERIFY(m_lab.editor()->pane().outputText().contains(
            QLatin1String("pod/dropped-json created")));
    delete data;
}

void TestEditorDocuments::anInvalidDropChangesNothingAndShowsWhere_data()
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

void TestEditorDocuments::anInvalidDropChangesNothingAndShowsWhere()
{
    QFETCH(QString, yaml);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    const QString path = m_lab.files.filePath(QString::fromLatin1(QTest::currentDataTag()).left(12)
                                              + QStringLiteral(".yaml"));
    writeFile(path, yaml);
    auto *data = new QMimeData;
    data->setUrls({ QUrl::fromLocalFile(path) });
    QVERIFY(drop(m_lab.window, data));
    delete data;
    ManifestDocument *document = m_lab.editor()->tabs().current();
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
    QVERIFY(m_lab.editor()->pane().problemsView()->errorCount() > 0);
    QVERIFY(m_lab.editor()->pane().outputText().contains(QLatin1String("nothing was applied")));
    // Nothing was written: an apply sent after it lands, and the dropped Deployment never did.
    const QString name =
            QString::fromLatin1(QTest::currentDataTag()).contains(QLatin1String("port"))
            ? QStringLiteral("invalid-port")
            : QStringLiteral("invalid-name");
    m_lab.applyAndWait(
            QStringLiteral("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: after-%1\n")
                    .arg(name),
            QStringLiteral("sentinel"));
    QVERIFY(!m_lab.exists(QStringLiteral("Deployment"), name));
    // Fixing the text is all it takes.
    document->editor()->jumpTo(line, column);
    QTextCursor cursor = document->editor()->textCursor();
    cursor.movePosition(QTextCursor::EndOfWord, QTextCursor::KeepAnchor);
    cursor.insertText(name == QLatin1String("invalid-port") ? QStringLiteral("80")
                                                            : QStringLiteral("fixed-name"));
    QVERIFY(!document->check().hasErrors);
    m_lab.editor()->applyDocument(document);
    QTRY_VERIFY_WITH_TIMEOUT(m_lab.exists(QStringLiteral("Deployment"), name), 10000);
}

void TestEditorDocuments::droppedTextOpensAsANewDocumentAndIsApplied()
{
    const int tabsBefore = m_lab.editor()->documents().size();
    auto *data = new QMimeData;
    data->setText(QStringLiteral("apiVersion: v1\nkind: Pod\nmetadata:\n  name: dropped-text\n"
                                 "spec:\n  containers:\n  - name: web\n    image: nginx:1.25\n"));
    QVERIFY(drop(m_lab.window, data));
    delete data;
    QCOMPARE(m_lab.editor()->documents().size(), tabsBefore + 1);
    QVERIFY(m_lab.editor()->tabs().current()->text().contains(QLatin1String("name: dropped-text")));
    QVERIFY(m_lab.editor()->tabs().current()->isModified());
    QTRY_VERIFY_WITH_TIMEOUT(
            m_lab.editor()->pane().outputText().contains(QLatin1String("pod/dropped-text created")),
            10000);
}

void TestEditorDocuments::savingAsWritesTheFileAndRemembersIt()
{
    ManifestDocument *document = m_lab.editor()->newDocument();
    document->editor()->insertPlainText(QStringLiteral("apiVersion: v1\nkind: ConfigMap\n"));
    QVERIFY(document->isModified());
    const QString path = m_lab.files.filePath(QStringLiteral("saved-as.yaml"));
    QVERIFY(m_lab.editor()->files().saveAs(document, path));
    QCOMPARE(readAll(path), document->text());
    QCOMPARE(document->path(), QFileInfo(path).absoluteFilePath());
    QVERIFY(!document->isModified());
    QCOMPARE(m_lab.editor()->files().recentFiles().value(0), QFileInfo(path).absoluteFilePath());
}

void TestEditorDocuments::aFileChangedOnDiskReloadsOrAsksWhenThereAreEdits()
{
    const QString path = m_lab.files.filePath(QStringLiteral("watched.yaml"));
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
    ManifestDocument *document = m_lab.editor()->files().openFile(path);
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

void TestEditorDocuments::autosaveRestoresUnsavedTextInANewWindow()
{
    ManifestDocument *document = m_lab.editor()->newDocument();
    document->editor()->setFocus();
    QTest::keyClicks(document->editor(), QStringLiteral("apiVersion: v1"));
    QTest::keyClick(document->editor(), Qt::Key_Return);
    QTest::keyClicks(document->editor(), QStringLiteral("kind: ConfigMap"));
    const QString typed = document->text();
    QVERIFY(typed.contains(QLatin1String("kind: ConfigMap")));
    QVERIFY(document->isModified());
    m_lab.editor()->autosaver().setInterval(100);
    const QString folder = m_lab.editor()->autosaver().store().folder();
    QTRY_VERIFY(
            QFile::exists(folder + QLatin1Char('/') + document->id() + QStringLiteral(".yaml")));

    // The window goes away without a chance to ask (a crash, a kill); a new one starts.
    delete m_lab.window;
    m_lab.demo = nullptr;
    m_lab.window = new MainWindow(*m_lab.engine);
    m_lab.window->setPersistent(false);
    m_lab.window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_lab.window));
    ManifestDocument *restored = nullptr;
    for (ManifestDocument *d : m_lab.editor()->documents())
        if (d->text() == typed)
            restored = d;
    QVERIFY(restored);
    QVERIFY(restored->isModified());
    QVERIFY(m_lab.editor()->pane().outputText().contains(QLatin1String("recovered")));
}

QTEST_MAIN(TestEditorDocuments)
#include "tst_editor_documents.moc"
