#include "bridge/engine_commands.h"
#include "classroom/classroom_controller.h"
#include "classroom/lesson_library.h"
#include "classroom/presentation_mode.h"
#include "cli/options.h"
#include "editor/editor_dock.h"
#include "headless/headless_runner.h"
#include "main_window.h"
#include "manifest/validate.h"
#include "version.h"

#include <QApplication>
#include <QFile>
#include <QIcon>
#include <QStatusBar>
#include <QTimer>

#include <iostream>
#include <optional>

namespace {

std::string builtInDemo()
{
    QFile file(QStringLiteral(":/demo/three-tier.yaml"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll().toStdString();
}

bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY")
            || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
            || qEnvironmentVariable("QT_QPA_PLATFORM") == QLatin1String("offscreen");
}

/// readInputs decodes the files and folders given, or the built-in demo.
clusterlab::manifest::DecodeReport readInputs(const clusterlab::app::Options &options)
{
    using namespace clusterlab;
    if (options.inputs.isEmpty())
        return manifest::decodeText(builtInDemo(), "three-tier.yaml (built-in demo)");
    manifest::DecodeReport report;
    for (const QString &input : options.inputs)
        report.append(manifest::decodePath(input.toStdString()));
    return report;
}

/// nameApplication gives the application the names and icon that settings, the desktop
/// and the window manager know it by.
void nameApplication()
{
    QApplication::setOrganizationName(QStringLiteral("ClusterLab"));
    QApplication::setApplicationName(QStringLiteral("clusterlab"));
    QApplication::setApplicationVersion(QStringLiteral(CLUSTERLAB_VERSION));
    // The installed .desktop file and hicolor icon (packaging/linux) share this id.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.clusterlab.ClusterLab"));
    QApplication::setWindowIcon(
            QIcon::fromTheme(QStringLiteral("io.github.clusterlab.ClusterLab")));
}

/// readLessonOption loads the --lesson given, printing its problems; it is empty when the
/// lesson cannot start (problems, or fewer steps than --step).
std::optional<clusterlab::app::Lesson> readLessonOption(const clusterlab::app::Options &options)
{
    using namespace clusterlab;
    app::LessonRead read = app::loadLesson(options.lesson);
    for (const auto &problem : read.problems)
        std::cerr << problem.format() << "\n";
    if (!read.lesson)
        return std::nullopt;
    if (options.lessonStep > int(read.lesson->steps.size())) {
        std::cerr << "clusterlab: " << options.lesson.toStdString() << " has "
                  << read.lesson->steps.size() << " steps, not " << options.lessonStep << "\n";
        return std::nullopt;
    }
    return std::move(read.lesson);
}

/// printProblems prints what is wrong with the manifests (unreadable or invalid); it answers
/// whether any of it is an error.
bool printProblems(const clusterlab::manifest::DecodeReport &report)
{
    using namespace clusterlab;
    for (const auto &d : report.diagnostics)
        std::cerr << d.format() << "\n";
    bool broken = report.hasErrors();
    for (const auto &decoded : report.objects)
        for (const auto &d : manifest::validateDecoded(decoded)) {
            std::cerr << d.format() << "\n";
            broken = broken || d.severity == manifest::Severity::Error;
        }
    return broken;
}

/// engineOptionsFor is the engine the command line asks for; a lesson brings its seed and
/// users rate, unless the command line gives them.
clusterlab::EngineOptions engineOptionsFor(const clusterlab::app::Options &options,
                                           const std::optional<clusterlab::app::Lesson> &lesson)
{
    clusterlab::EngineOptions engineOptions;
    engineOptions.nodes = options.nodes;
    engineOptions.seed = lesson && !options.seedGiven ? lesson->seed : options.seed;
    engineOptions.pace = options.pace.value_or(1.0);
    engineOptions.usersRate = options.usersRate.value_or(lesson ? lesson->usersRate : 3.0);
    // A screenshot run is short and must not take port 6443 or touch kubectl's configuration,
    // unless a port is asked for (a picture of what kubectl does).
    engineOptions.apiPort =
            options.screenshot.isEmpty() || options.apiPortGiven ? options.apiPort : 0;
    engineOptions.kubeconfigPath = options.kubeconfig.toStdString();
    engineOptions.mergeKubeconfig = options.mergeKubeconfig && options.screenshot.isEmpty();
    return engineOptions;
}

/// openDocuments shows in the editor what runs: the lesson, the demo or the files given.
void openDocuments(clusterlab::app::MainWindow &window, const clusterlab::app::Options &options,
                   bool lesson)
{
    if (lesson) {
        window.classroom()->openLesson(options.lesson, options.lessonStep - 1);
        if (options.presentation)
            window.classroom()->presentation()->setOn(true, options.screenshot.isEmpty());
    } else if (options.inputs.isEmpty())
        window.editor()->newDocument(QString::fromStdString(builtInDemo()),
                                     QStringLiteral("three-tier.yaml (demo)"));
    else
        window.editor()->openPaths(options.inputs, false);
}

/// showNotices puts the engine's notices in the status bar, and says so when broken
/// manifests kept anything from being applied.
void showNotices(clusterlab::app::MainWindow &window, const clusterlab::Engine &engine, bool broken)
{
    QStringList notices;
    for (const auto &notice : engine.notices())
        notices << QString::fromStdString(notice);
    if (!notices.isEmpty())
        window.statusBar()->showMessage(notices.join(QStringLiteral(" · ")), 15000);
    if (broken)
        window.statusBar()->showMessage(
                QStringLiteral("The manifests have problems, so nothing was applied: the editor "
                               "shows where and why. Fix them and press Apply."));
}

/// runWindow opens the main window on a running engine; with --screenshot it writes the
/// window to a PNG after the given seconds and exits.
int runWindow(int argc, char **argv, const clusterlab::app::Options &options)
{
    using namespace clusterlab;
    QApplication app(argc, argv);
    nameApplication();
    // A lesson brings its own manifests and seed; one with problems does not start.
    std::optional<app::Lesson> lesson;
    if (!options.lesson.isEmpty()) {
        lesson = readLessonOption(options);
        if (!lesson)
            return 1;
    }
    manifest::DecodeReport report = lesson ? manifest::DecodeReport{} : readInputs(options);
    // Broken manifests (unreadable or invalid) still open the window: the editor shows where
    // and why, and nothing runs until they are fixed.
    const bool broken = printProblems(report);
    Engine engine(engineOptionsFor(options, lesson));
    engine.start();
    app::MainWindow window(engine);
    if (options.screenshot.isEmpty())
        window.restoreSettings();
    else {
        window.setPersistent(false); // a screenshot never changes what people set up
        window.resize(1920, 1080); // a projector's screen
    }
    window.show();
    if (!broken && !lesson)
        window.commands()->apply(std::move(report.objects));
    // Before a lesson opens: its first kubectl commands run at once, with the real kubectl.
    window.setKubeconfig(QString::fromStdString(engine.kubeconfigPath()));
    // The editor shows what runs, so editing it (or scaling on the canvas) goes both ways.
    openDocuments(window, options, lesson.has_value());
    showNotices(window, engine, broken);
    if (!options.screenshot.isEmpty()) {
        QTimer::singleShot(int(options.screenshotAfter * 1000), &window, [&] {
            const bool saved = window.grab().save(options.screenshot, "PNG");
            if (!saved)
                std::cerr << "clusterlab: cannot write " << options.screenshot.toStdString()
                          << "\n";
            app.exit(saved && !broken ? 0 : 1);
        });
    }
    return app.exec();
}

} // namespace

int main(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    clusterlab::app::Options options = clusterlab::app::parseOptions(arguments);
    if (!options.error.isEmpty()) {
        std::cerr << "clusterlab: " << options.error.toStdString() << "\n";
        return 2;
    }
    if (options.showHelp) {
        std::cout << clusterlab::app::helpText().toStdString();
        return 0;
    }
    if (options.showVersion) {
        std::cout << "clusterlab " CLUSTERLAB_VERSION "\n";
        return 0;
    }
    if (!options.headless && !options.screenshot.isEmpty() && !hasDisplay())
        qputenv("QT_QPA_PLATFORM", "offscreen"); // a screenshot needs no screen
    if (!options.headless && !hasDisplay()) {
        std::cerr << "No display found; running headless (clusterlab --headless).\n";
        options.headless = true;
    }
    if (!options.headless)
        return runWindow(argc, argv, options);
    QCoreApplication app(argc, argv);
    return clusterlab::app::runHeadless(options, builtInDemo(), std::cout, std::cerr);
}
