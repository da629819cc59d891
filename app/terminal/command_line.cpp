#include "terminal/command_line.h"

namespace clusterlab::app {

namespace {

bool isBlank(QChar c)
{
    return c == QLatin1Char(' ') || c == QLatin1Char('\t');
}

/// operatorError names the shell feature an unquoted character would need.
QString operatorError(QChar c)
{
    switch (c.unicode()) {
    case '|':
        return QStringLiteral("pipes (|) are not supported here: run one command at a time");
    case '<':
    case '>':
        return QStringLiteral("redirections (< >) are not supported here");
    case ';':
    case '&':
        return QStringLiteral("; and & are not supported here: run one command at a time");
    case '`':
        return QStringLiteral("command substitution (`...`) is not supported here");
    default:
        return {};
    }
}

} // namespace

CommandLine splitCommandLine(const QString &line)
{
    CommandLine result;
    QString word;
    bool inWord = false;
    enum class Quote { None, Single, Double } quote = Quote::None;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (quote == Quote::Single) {
            if (c == QLatin1Char('\''))
                quote = Quote::None;
            else
                word += c;
            continue;
        }
        if (quote == Quote::Double) {
            if (c == QLatin1Char('"')) {
                quote = Quote::None;
            } else if (c == QLatin1Char('\\') && i + 1 < line.size()
                       && QStringLiteral("\"\\$`").contains(line.at(i + 1))) {
                word += line.at(++i);
            } else {
                word += c;
            }
            continue;
        }
        if (isBlank(c)) {
            if (inWord)
                result.argv << word;
            word.clear();
            inWord = false;
            continue;
        }
        inWord = true;
        if (c == QLatin1Char('\'')) {
            quote = Quote::Single;
        } else if (c == QLatin1Char('"')) {
            quote = Quote::Double;
        } else if (c == QLatin1Char('\\')) {
            if (i + 1 < line.size())
                word += line.at(++i);
        } else if (c == QLatin1Char('$') && i + 1 < line.size()
                   && line.at(i + 1) == QLatin1Char('(')) {
            result.error = QStringLiteral("command substitution ($(...)) is not supported here");
            return result;
        } else if (const QString error = operatorError(c); !error.isEmpty()) {
            result.error = error;
            return result;
        } else {
            word += c;
        }
    }
    if (quote != Quote::None) {
        result.error =
                QStringLiteral("unterminated quote: close the %1 you opened")
                        .arg(quote == Quote::Single ? QStringLiteral("'") : QStringLiteral("\""));
        return result;
    }
    if (inWord)
        result.argv << word;
    return result;
}

} // namespace clusterlab::app
