#include "classroom/lesson_library.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

// Q_INIT_RESOURCE must be used outside any namespace.
static void initLessonResources()
{
    Q_INIT_RESOURCE(lessons);
}

namespace clusterlab::app {

QStringList builtInLessons()
{
    return { QStringLiteral("services-clusterip"),    QStringLiteral("named-targetport"),
             QStringLiteral("session-affinity"),      QStringLiteral("services-nodeport"),
             QStringLiteral("services-loadbalancer"), QStringLiteral("services-traffic-policy"),
             QStringLiteral("services-dns"),          QStringLiteral("services-kube-proxy") };
}

LessonRead loadLesson(const QString &nameOrFile)
{
    initLessonResources();
    const bool builtIn = builtInLessons().contains(nameOrFile) && !QFileInfo::exists(nameOrFile);
    const QString path = builtIn ? QStringLiteral(":/lessons/%1.yaml").arg(nameOrFile) : nameOrFile;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        LessonRead out;
        const QString why = QFileInfo::exists(path)
                ? QStringLiteral("cannot read the file: %1").arg(file.errorString())
                : QStringLiteral("no such lesson file, and no built-in lesson of that name "
                                 "(built in: %1)")
                          .arg(builtInLessons().join(QStringLiteral(", ")));
        out.problems.push_back({ nameOrFile.toStdString(), 1, 1, why.toStdString() });
        return out;
    }
    const std::string source = builtIn ? (nameOrFile + QStringLiteral(" (built in)")).toStdString()
                                       : nameOrFile.toStdString();
    return readLesson(file.readAll().toStdString(), source);
}

bool isLessonFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QString head = QString::fromUtf8(file.read(64 * 1024));
    static const QRegularExpression lesson(QStringLiteral("^lesson:"),
                                           QRegularExpression::MultilineOption);
    static const QRegularExpression steps(QStringLiteral("^steps:"),
                                          QRegularExpression::MultilineOption);
    return lesson.match(head).hasMatch() && steps.match(head).hasMatch();
}

} // namespace clusterlab::app
