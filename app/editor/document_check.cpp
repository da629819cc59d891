#include "editor/document_check.h"

#include "editor/manifest_lint.h"
#include "manifest/validate.h"

#include <algorithm>

namespace clusterlab::app {

EditorProblems toProblems(const std::vector<manifest::Diagnostic> &diagnostics, const QString &text)
{
    const QStringList lines = text.split(QLatin1Char('\n'));
    EditorProblems problems;
    for (const auto &d : diagnostics) {
        EditorProblem p;
        p.warning = d.severity == manifest::Severity::Warning;
        p.line = d.pos.line;
        p.column = d.pos.column;
        if (p.line > 0 && p.line <= lines.size() && p.column > 0) {
            const QByteArray utf8 = lines[p.line - 1].toUtf8();
            p.column = int(QString::fromUtf8(utf8.left(p.column - 1)).size()) + 1;
        }
        p.message = QString::fromStdString(d.message);
        p.fieldPath = QString::fromStdString(d.fieldPath);
        if (!problems.contains(p))
            problems << p;
    }
    std::stable_sort(problems.begin(), problems.end(),
                     [](const EditorProblem &a, const EditorProblem &b) {
                         if (a.warning != b.warning)
                             return !a.warning;
                         return std::pair(a.line, a.column) < std::pair(b.line, b.column);
                     });
    return problems;
}

DocumentCheck checkDocument(const QString &text, const QString &source, const ClusterMirror *mirror)
{
    DocumentCheck check;
    const QByteArray utf8 = text.toUtf8();
    check.report = manifest::decodeText(
            std::string_view(utf8.constData(), std::size_t(utf8.size())), source.toStdString());
    std::vector<manifest::Diagnostic> diagnostics = check.report.diagnostics;
    for (const auto &decoded : check.report.objects)
        for (auto &d : manifest::validateDecoded(decoded))
            diagnostics.push_back(std::move(d));
    for (auto &d : lintManifest(check.report.objects, mirror))
        diagnostics.push_back(std::move(d));
    check.problems = toProblems(diagnostics, text);
    check.hasErrors =
            std::any_of(check.problems.cbegin(), check.problems.cend(), [](const EditorProblem &p) {
                return !p.warning;
            });
    return check;
}

} // namespace clusterlab::app
