#pragma once

#include <QString>
#include <QStringList>

namespace clusterlab::app {

/// CommandLine is one typed line split into words as a POSIX shell would split it, or why it
/// cannot be: the panel runs programs directly, so pipes, redirections and `;` are refused.
struct CommandLine
{
    QStringList argv;
    QString error; ///< empty when argv is usable
};

/// splitCommandLine splits on unquoted blanks, honouring 'single quotes', "double quotes"
/// (where \" \\ \$ \` escape) and backslash escapes outside quotes. Unquoted | < > ; & ` $( are
/// refused with a one-sentence error. Pure function.
CommandLine splitCommandLine(const QString &line);

} // namespace clusterlab::app
