// tst_editor_text: what the YAML editor does with text as it is typed, in the real main window:
// warnings at their field, completion of field names and enum values, highlighting that tells
// the parts of YAML apart, and Tab and Ctrl+/ as in a code editor.
#include "editor/code_editor.h"
#include "editor/document_check.h"
#include "editor/yaml_completion.h"
#include "editor/yaml_highlighter.h"
#include "editor_lab.h"

#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

using namespace clusterlab;
using namespace clusterlab::app;
using namespace editor_test;

class TestEditorText : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void warningsAreWarningsAtTheirField_data();
    void warningsAreWarningsAtTheirField();
    void completionOffersFieldNamesAndEnumValues();
    void highlightingTellsKeysValuesCommentsAnchorsAndMarkersApart();
    void tabIndentsWithSpacesAndCtrlSlashTogglesComments();

private:
    EditorLab m_lab;
};

void TestEditorText::initTestCase()
{
    m_lab.start(QStringLiteral("tst_editor_text"));
}

void TestEditorText::cleanupTestCase()
{
    m_lab.stop();
}

void TestEditorText::warningsAreWarningsAtTheirField_data()
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

void TestEditorText::warningsAreWarningsAtTheirField()
{
    QFETCH(QString, yaml);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    const DocumentCheck check =
            checkDocument(yaml, QStringLiteral("warnings.yaml"), &m_lab.window->state()->mirror());
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

void TestEditorText::completionOffersFieldNamesAndEnumValues()
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

void TestEditorText::highlightingTellsKeysValuesCommentsAnchorsAndMarkersApart()
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

void TestEditorText::tabIndentsWithSpacesAndCtrlSlashTogglesComments()
{
    ManifestDocument *document = m_lab.editor()->newDocument(QStringLiteral("a: 1\nb: 2"));
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
    QVERIFY(m_lab.editor()->files().closeDocument(document) || document->isModified());
}

QTEST_MAIN(TestEditorText)
#include "tst_editor_text.moc"
