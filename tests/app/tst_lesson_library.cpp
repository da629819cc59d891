// tst_lesson_library: the lesson files read as the classroom reads them: every built-in lesson
// reads, and a broken one says where it is broken.
#include "classroom/lesson_library.h"
#include "classroom/lesson_runner.h"
#include "cli/options.h"
#include "small_lesson.h"

#include <QTest>

using namespace clusterlab;
using namespace clusterlab::app;

namespace {

/// problemsOf reads lesson text and returns its problems, formatted.
QStringList problemsOf(const std::string &text)
{
    QStringList out;
    for (const LessonProblem &problem : readLesson(text, "broken.yaml").problems)
        out << QString::fromStdString(problem.format());
    return out;
}

} // namespace

class TestLessonLibrary : public QObject
{
    Q_OBJECT

private slots:
    void builtInLessonsRead();
    void brokenLessonsSayWhere_data();
    void brokenLessonsSayWhere();
};

void TestLessonLibrary::builtInLessonsRead()
{
    for (const QString &id : builtInLessons()) {
        const LessonRead read = loadLesson(id);
        QStringList problems;
        for (const auto &problem : read.problems)
            problems << QString::fromStdString(problem.format());
        QVERIFY2(read.lesson, qPrintable(problems.join('\n')));
        QCOMPARE(QString::fromStdString(read.lesson->id), id);
        QVERIFY(!read.lesson->steps.empty());
        // --help names every built-in lesson, so a teacher finds it from the terminal.
        QVERIFY2(helpText().contains(id), qPrintable(id));
    }
    const LessonRead clusterIP = loadLesson(QStringLiteral("services-clusterip"));
    QCOMPARE(clusterIP.lesson->steps.size(), size_t(10));
    QCOMPARE(clusterIP.lesson->title, std::string("Services: ClusterIP"));
    QVERIFY(clusterIP.lesson->fileText("backend-service.yaml"));
    QVERIFY(!loadLesson(QStringLiteral("no-such-lesson")).lesson);
    // The Service-type lessons read their new actions as written.
    const LessonRead traffic = loadLesson(QStringLiteral("services-traffic-policy"));
    const LessonAction &refusedSend = traffic.lesson->steps[2].actions.back();
    QCOMPARE(refusedSend.kind, LessonAction::Kind::Send);
    QCOMPARE(refusedSend.via, std::string("node-without-pod"));
    QVERIFY(refusedSend.expectRefused);
    QCOMPARE(traffic.lesson->steps[2].waits.back().kind, LessonCondition::Kind::Refused);
    // The lecture's exec step: into deploy/frontend, a command line with shell syntax.
    const LessonRead lecture = loadLesson(QStringLiteral("services-clusterip"));
    const LessonAction &exec = lecture.lesson->steps[5].actions.back();
    QCOMPARE(exec.kind, LessonAction::Kind::Exec);
    QCOMPARE(exec.target, std::string("deploy/frontend"));
    QCOMPARE(lessonExecArguments(QString::fromStdString(exec.target), {},
                                 QStringLiteral("curl -s http://backend/hostname")),
             QStringLiteral("exec deploy/frontend -- curl -s http://backend/hostname"));
    QCOMPARE(lessonExecArguments(QStringLiteral("web-1"), QStringLiteral("api"),
                                 QStringLiteral("echo 'x'; echo $HOME")),
             QStringLiteral("exec web-1 -c api -- sh -c 'echo '\\''x'\\''; echo $HOME'"));
    const LessonRead rules = loadLesson(QStringLiteral("services-kube-proxy"));
    QCOMPARE(rules.lesson->steps[1].actions.front().kind, LessonAction::Kind::ProxyRules);
    QCOMPARE(rules.lesson->steps[1].actions.front().command, std::string("backend"));
}

void TestLessonLibrary::brokenLessonsSayWhere_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown action")
            << QString::fromLatin1(kSmallLesson).replace("- apply: svc.yaml", "- aply: svc.yaml")
            << "broken.yaml:16:5: unknown action \"aply\"";
    QTest::newRow("unknown field")
            << QString::fromLatin1(kSmallLesson).replace("- title: One", "- titel: One")
            << "broken.yaml:14:3: unknown field \"titel\" in a step";
    QTest::newRow("missing file")
            << QString::fromLatin1(kSmallLesson).replace("- apply: svc.yaml", "- apply: nope.yaml")
            << "broken.yaml:16:12: the lesson carries no file \"nope.yaml\"";
    QTest::newRow("invalid manifest")
            << QString::fromLatin1(kSmallLesson).replace("- port: 80", "- port: 0")
            << "broken.yaml:12:15: svc.yaml: spec.ports[0].port: Invalid value: 0";
    QTest::newRow("yaml syntax")
            << QString::fromLatin1(kSmallLesson).replace("title: Small", "title: [Small")
            << "broken.yaml:";
    QTest::newRow("file name leaving its folder")
            << QString::fromLatin1(kSmallLesson).replace("  svc.yaml: |", "  ../svc.yaml: |")
            << "broken.yaml:4:3: a file name must be a plain name like backend-service.yaml";
    QTest::newRow("missing replicas")
            << QString::fromLatin1(kSmallLesson)
                       .replace("- apply: svc.yaml", "- scale: {deployment: web}")
            << "broken.yaml:16:12: scale needs \"replicas\"";
    QTest::newRow("send through an unknown way")
            << QString::fromLatin1(kSmallLesson)
                       .replace("- apply: svc.yaml",
                                "- send: {service: backend, requests: 3, via: the-cloud}")
            << "broken.yaml:16:48: via must be cluster-ip, nodes, localhost";
    QTest::newRow("unknown kube-proxy mode")
            << QString::fromLatin1(kSmallLesson).replace("- apply: svc.yaml", "- proxy-rules: ebpf")
            << "broken.yaml:16:18: proxy-rules mode must be iptables, ipvs or nftables";
    QTest::newRow("unknown placeholder")
            << QString::fromLatin1(kSmallLesson)
                       .replace("- apply: svc.yaml", "- terminal: dig -x ${backend.podIP}")
            << "broken.yaml:16:15: unknown placeholder ${backend.podIP}";
    QTest::newRow("unknown condition")
            << QString::fromLatin1(kSmallLesson)
                       .replace("- apply: svc.yaml", "- apply: svc.yaml\n  wait: {balanced: 1}")
            << "broken.yaml:17:10: unknown field \"balanced\" in a condition";
    QTest::newRow("exec into a Deployment the lesson does not define")
            << QString::fromLatin1(kSmallLesson)
                       .replace("- apply: svc.yaml", "- exec: {pod: deploy/frontend, command: ls}")
            << "broken.yaml:16:17: the lesson's files define no Deployment \"frontend\"";
    QTest::newRow("exec into a Pod by a name no file gives")
            << QString::fromLatin1(kSmallLesson)
                       .replace("- apply: svc.yaml", "- exec: {pod: backend-1, command: ls}")
            << "broken.yaml:16:17: the lesson's files define no Pod \"backend-1\" (a "
               "Deployment's Pods get generated names";
    QTest::newRow("exec without its command")
            << QString::fromLatin1(kSmallLesson)
                       .replace("- apply: svc.yaml", "- exec: {pod: svc/backend}")
            << "broken.yaml:16:11: exec needs \"command\"";
    QTest::newRow("exec with an empty command")
            << QString::fromLatin1(kSmallLesson)
                       .replace("- apply: svc.yaml", "- exec: {pod: svc/backend, command: ' '}")
            << "broken.yaml:16:39: exec's command is empty";
    QTest::newRow("exec into a bad selector")
            << QString::fromLatin1(kSmallLesson)
                       .replace("- apply: svc.yaml", "- exec: {pod: '=backend', command: ls}")
            << "broken.yaml:16:17: exec's pod \"=backend\" is not a label selector: unable to "
               "parse";
    QTest::newRow("stray comma") << QStringLiteral("lesson: x\n,\n") << "broken.yaml:2:1:";
    QTest::newRow("no steps") << QStringLiteral("lesson: x\ntitle: y\n")
                              << "broken.yaml:1:1: the lesson needs \"steps\"";
    QTest::newRow("bad number") << QString::fromLatin1(kSmallLesson)
                                           .replace("- apply: svc.yaml",
                                                    "- scale: {deployment: web, replicas: many}")
                                << "broken.yaml:16:40: replicas must be a whole number";
}

void TestLessonLibrary::brokenLessonsSayWhere()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const QStringList problems = problemsOf(text.toStdString());
    QVERIFY2(!problems.isEmpty(), "the broken lesson was read");
    QVERIFY2(problems.first().startsWith(expected), qPrintable(problems.first()));
}

QTEST_MAIN(TestLessonLibrary)
#include "tst_lesson_library.moc"
