#pragma once

// The fixture of the tst_editor_* tests: a real Engine (pace 0, users paused) in the real
// main window, a folder for the files the tests write, and what a file manager or the palette
// sends when something is dropped.

#include "canvas/canvas_scene.h"
#include "editor/document_applier.h"
#include "editor/document_autosaver.h"
#include "editor/document_files.h"
#include "editor/document_tabs.h"
#include "editor/editor_dock.h"
#include "editor/manifest_document.h"
#include "editor/problems_output_pane.h"
#include "editor/problems_view.h"
#include "editor/template_fitter.h"
#include "editor/template_palette.h"
#include "engine.h"
#include "main_window.h"
#include "state/cluster_state.h"

#include <QDir>
#include <QDropEvent>
#include <QFile>
#include <QMimeData>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace editor_test {

using namespace clusterlab;
using namespace clusterlab::app;

inline QString readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

inline void writeFile(const QString &path, const QString &text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text.toUtf8());
}

/// drop sends what a file manager or the palette sends: drag enter, then drop.
inline bool drop(QWidget *target, QMimeData *data, QPoint at = QPoint(40, 40))
{
    QDragEnterEvent enter(at, Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &enter);
    if (!enter.isAccepted())
        return false;
    QDropEvent dropEvent(QPointF(at), Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &dropEvent);
    return dropEvent.isAccepted();
}

/// errorsOf formats the errors (not the warnings) as "line:column: message" lines.
inline QString errorsOf(const EditorProblems &problems)
{
    QStringList lines;
    for (const EditorProblem &p : problems)
        if (!p.warning)
            lines << QStringLiteral("%1:%2: %3").arg(p.line).arg(p.column).arg(p.message);
    return lines.join(QLatin1Char('\n'));
}

/// EditorLab is the engine and the main window the editor tests drive. Thread: GUI thread.
struct EditorLab
{

    /// start shows the window; appName keeps each test's settings and autosaves apart.
    void start(const QString &appName)
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("ClusterLabTest"));
        QCoreApplication::setApplicationName(appName);
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
        QVERIFY(files.isValid());
        EngineOptions options;
        options.pace = 0;
        options.usersRate = 0;
        engine = new Engine(options);
        engine->start();
        window = new MainWindow(*engine);
        window->setPersistent(false);
        window->resize(1600, 1000);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window));
    }

    void stop()
    {
        delete window;
        engine->stop();
        delete engine;
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    }

    EditorDock *editor() const { return window->editor(); }

    /// exists says whether the canvas knows the object (a Service by its uid).
    bool exists(const QString &kind, const QString &name) const
    {
        return window->state()->mirror().objectByKey(kind + QStringLiteral("/default/") + name)
                != nullptr
                || (kind == QLatin1String("Service")
                    && !window->state()
                                ->mirror()
                                .serviceUid(QStringLiteral("default"), name)
                                .isEmpty());
    }

    /// applyAndWait opens yaml as a new document and applies it; fails unless it applied.
    void applyAndWait(const QString &yaml, const QString &title)
    {
        ManifestDocument *document = editor()->newDocument(yaml, title);
        bool done = false, ok = false;
        auto connection = QObject::connect(editor(), &EditorDock::applied, editor(),
                                           [&](ManifestDocument *d, bool applied) {
                                               if (d == document)
                                                   done = true, ok = applied;
                                           });
        editor()->applyDocument(document);
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        QObject::disconnect(connection);
        QVERIFY(ok);
    }

    /// ensureDemo applies the three-tier template once, as the document `demo`.
    void ensureDemo()
    {
        if (demo)
            return;
        demo = editor()->newDocument(templateText(QStringLiteral("three-tier-app")),
                                     QStringLiteral("demo"));
        editor()->applyDocument(demo);
        QTRY_COMPARE_WITH_TIMEOUT(window->state()->mirror().podUids().size() >= 8, true, 10000);
    }

    Engine *engine = nullptr;
    MainWindow *window = nullptr;
    QTemporaryDir files;
    ManifestDocument *demo = nullptr;
};

} // namespace editor_test
