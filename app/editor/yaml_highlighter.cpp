#include "editor/yaml_highlighter.h"

namespace clusterlab::app {

namespace {

// Block states: -1/0 normal; >= 1 inside a block scalar whose parent sits at (state - 1).
constexpr int kNormal = 0;

int indentOf(const QString &text)
{
    int i = 0;
    while (i < text.size() && text[i] == QLatin1Char(' '))
        ++i;
    return i;
}

} // namespace

YamlHighlighter::YamlHighlighter(QTextDocument *document) : QSyntaxHighlighter(document)
{
    setDark(false);
}

void YamlHighlighter::setDark(bool dark)
{
    auto colour = [dark](const char *light, const char *darkColour) {
        return QColor(QLatin1String(dark ? darkColour : light));
    };
    m_key.setForeground(colour("#1f5fa8", "#7fb4ff"));
    m_key.setFontWeight(QFont::DemiBold);
    m_string.setForeground(colour("#8a4b08", "#e8b06a"));
    m_number.setForeground(colour("#0b7a5b", "#6fdcb4"));
    m_keyword.setForeground(colour("#8e2aa8", "#d59cf0"));
    m_comment.setForeground(colour("#6b7280", "#8b93a1"));
    m_comment.setFontItalic(true);
    m_anchor.setForeground(colour("#b4236e", "#f08cc0"));
    m_marker.setForeground(colour("#b91c1c", "#ff8a8a"));
    m_marker.setFontWeight(QFont::Bold);
    m_dash.setForeground(colour("#6b7280", "#a0a8b6"));
    m_dash.setFontWeight(QFont::Bold);
    rehighlight();
}

int YamlHighlighter::commentStart(const QString &text, int from) const
{
    QChar quote;
    for (int i = from; i < text.size(); ++i) {
        const QChar c = text[i];
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == QLatin1Char('"') || c == QLatin1Char('\''))
            quote = c;
        else if (c == QLatin1Char('#') && (i == 0 || text[i - 1].isSpace()))
            return i;
    }
    return -1;
}

void YamlHighlighter::highlightBlock(const QString &text)
{
    const int indent = indentOf(text);
    const int previous = previousBlockState();
    if (previous >= 1) {
        // Inside a block scalar: more indented (or blank) lines belong to it.
        if (text.trimmed().isEmpty() || indent > previous - 1) {
            setFormat(0, int(text.size()), m_string);
            setCurrentBlockState(previous);
            return;
        }
    }
    setCurrentBlockState(kNormal);
    const QString trimmed = text.trimmed();
    if (trimmed.startsWith(QLatin1String("---")) || trimmed == QLatin1String("...")
        || trimmed.startsWith(QLatin1Char('%'))) {
        setFormat(0, int(text.size()), m_marker);
        const int hash = commentStart(text, 3);
        if (hash >= 0)
            setFormat(hash, int(text.size()) - hash, m_comment);
        return;
    }
    int pos = indent;
    // List dashes, possibly several ("- - a").
    while (pos < text.size() && text[pos] == QLatin1Char('-')
           && (pos + 1 == text.size() || text[pos + 1] == QLatin1Char(' '))) {
        setFormat(pos, 1, m_dash);
        pos += 1;
        while (pos < text.size() && text[pos] == QLatin1Char(' '))
            ++pos;
    }
    const int hash = commentStart(text, pos);
    const int end = hash >= 0 ? hash : int(text.size());
    // A key: plain or quoted text up to ": " (or ':' at the end).
    static const QRegularExpression keyPattern(
            QStringLiteral(R"(^(\"[^\"]*\"|'[^']*'|[^\s#'\"{\[][^#]*?)\s*:(\s|$))"));
    const QRegularExpressionMatch key = keyPattern.match(text.left(end).mid(pos));
    if (key.hasMatch()) {
        setFormat(pos, int(key.capturedLength(1)), m_key);
        const int valueStart = pos + int(key.capturedLength(0));
        highlightValue(text.left(end), valueStart);
        const QString value = text.left(end).mid(valueStart).trimmed();
        if (value.startsWith(QLatin1Char('|')) || value.startsWith(QLatin1Char('>')))
            setCurrentBlockState(indent + 1);
    } else {
        highlightValue(text.left(end), pos);
    }
    if (hash >= 0)
        setFormat(hash, int(text.size()) - hash, m_comment);
}

void YamlHighlighter::highlightValue(const QString &text, int start)
{
    if (start >= text.size())
        return;
    static const QRegularExpression anchors(
            QStringLiteral(R"([&*][A-Za-z0-9_.-]+|![!A-Za-z0-9/._-]*)"));
    static const QRegularExpression quoted(QStringLiteral(R"("(?:[^"\\]|\\.)*"?|'[^']*'?)"));
    static const QRegularExpression numbers(QStringLiteral(
            R"((?<![\w.:/-])[-+]?(0x[0-9a-fA-F]+|\d+(\.\d+)?([eE][-+]?\d+)?)(?![\w.:/-]))"));
    static const QRegularExpression keywords(QStringLiteral(
            R"((?<![\w.:/-])(true|false|yes|no|on|off|null|~|True|False|Null|TRUE|FALSE|NULL)(?![\w.:/-]))"));
    const QString value = text.mid(start).trimmed();
    const bool flow = value.startsWith(QLatin1Char('{')) || value.startsWith(QLatin1Char('['));
    if (!flow && !value.isEmpty() && value[0] != QLatin1Char('"') && value[0] != QLatin1Char('\'')
        && value[0] != QLatin1Char('&') && value[0] != QLatin1Char('*')
        && value[0] != QLatin1Char('!') && value[0] != QLatin1Char('|')
        && value[0] != QLatin1Char('>'))
        setFormat(start, int(text.size()) - start, m_string);
    for (const QRegularExpression *re : { &numbers, &keywords }) {
        auto it = re->globalMatch(text, start);
        while (it.hasNext()) {
            const auto m = it.next();
            // Only whole plain values or flow items are numbers/booleans, not parts of words.
            setFormat(int(m.capturedStart()), int(m.capturedLength()),
                      re == &numbers ? m_number : m_keyword);
        }
    }
    if (flow) {
        // In flow collections, "key:" parts are keys.
        static const QRegularExpression flowKey(
                QStringLiteral(R"(([{,]\s*)([^\s,{}\[\]:][^,{}\[\]:]*?)\s*:)"));
        auto it = flowKey.globalMatch(text, start);
        while (it.hasNext()) {
            const auto m = it.next();
            setFormat(int(m.capturedStart(2)), int(m.capturedLength(2)), m_key);
        }
    }
    auto it = quoted.globalMatch(text, start);
    while (it.hasNext()) {
        const auto m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()), m_string);
    }
    auto a = anchors.globalMatch(text, start);
    while (a.hasNext()) {
        const auto m = a.next();
        if (m.capturedStart() == start || text[m.capturedStart() - 1].isSpace())
            setFormat(int(m.capturedStart()), int(m.capturedLength()), m_anchor);
    }
}

} // namespace clusterlab::app
