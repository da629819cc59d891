#include "editor/sync_edits.h"

#include <QRegularExpression>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>

#include <algorithm>

namespace clusterlab::app {

namespace {

/// writtenPos is the value position of path when the document writes path itself (not only
/// a parent of it).
std::optional<manifest::SourcePos> writtenPos(const manifest::PositionMap &positions,
                                              const std::string &path)
{
    const manifest::SourcePos key = positions.findKey(path);
    const manifest::SourcePos value = positions.find(path);
    if (!value.valid() || key == value)
        return std::nullopt;
    return value;
}

int charIndex(const QTextBlock &block, int byteColumn)
{
    const QByteArray utf8 = block.text().toUtf8();
    return int(QString::fromUtf8(utf8.left(std::max(0, byteColumn - 1))).size());
}

QString quoteLike(const QString &existing, const QString &value, bool json)
{
    if (existing.startsWith(QLatin1Char('\'')))
        return QLatin1Char('\'') + QString(value).replace(QLatin1String("'"), QLatin1String("''"))
                + QLatin1Char('\'');
    if (existing.startsWith(QLatin1Char('"')) || json)
        return QLatin1Char('"')
                + QString(value)
                          .replace(QLatin1String("\\"), QLatin1String("\\\\"))
                          .replace(QLatin1String("\""), QLatin1String("\\\""))
                + QLatin1Char('"');
    return yamlScalar(value);
}

/// planSpecScalar sets spec.<field> to value: in place when written, else as the first line of
/// spec, indented like its siblings.
void planSpecScalar(const QTextDocument &document, const manifest::DecodedObject &written,
                    const std::string &field, const QString &value, QList<TextEdit> &edits)
{
    const auto &positions = written.positions;
    if (auto pos = writtenPos(positions, "spec." + field)) {
        if (auto span = scalarSpan(document, *pos))
            edits << TextEdit{ span->first, span->second, value };
        return;
    }
    const auto spec = writtenPos(positions, "spec");
    const manifest::SourcePos specKey = positions.findKey("spec");
    if (!spec || spec->line == specKey.line)
        return; // spec is written on one line (flow style): leave it to the user
    int indent = -1;
    for (const char *child : { "spec.selector", "spec.template", "spec.serviceName", "spec.ports",
                               "spec.type", "spec.containers" }) {
        const manifest::SourcePos key = positions.findKey(child);
        if (writtenPos(positions, child) && key.line > specKey.line)
            indent = key.column - 1;
    }
    if (indent < 0)
        indent = specKey.column - 1 + 2;
    const QTextBlock block = document.findBlockByNumber(specKey.line - 1);
    const int at = block.position() + int(block.text().size());
    edits << TextEdit{ at, at,
                       QLatin1Char('\n') + QString(indent, QLatin1Char(' '))
                               + QString::fromStdString(field) + QStringLiteral(": ") + value };
}

/// flowSpan is where a flow mapping ({...}) written at pos starts and ends (one line).
std::optional<std::pair<int, int>> flowSpan(const QTextDocument &document, manifest::SourcePos pos)
{
    const QTextBlock block = document.findBlockByNumber(pos.line - 1);
    if (!block.isValid())
        return std::nullopt;
    const QString text = block.text();
    const int start = charIndex(block, pos.column);
    if (start >= text.size() || text[start] != QLatin1Char('{'))
        return std::nullopt;
    int depth = 0;
    for (int i = start; i < text.size(); ++i) {
        if (text[i] == QLatin1Char('{'))
            ++depth;
        else if (text[i] == QLatin1Char('}') && --depth == 0)
            return std::pair{ block.position() + start, block.position() + i + 1 };
    }
    return std::nullopt;
}

QString flowMapText(const model::Labels &map, bool json)
{
    QStringList parts;
    for (const auto &[key, value] : map) {
        const QString k = QString::fromStdString(key), v = QString::fromStdString(value);
        parts << (json ? quoteLike(QString(), k, true) : yamlScalar(k)) + QStringLiteral(": ")
                        + quoteLike(QString(), v, json);
    }
    return QLatin1Char('{') + parts.join(QStringLiteral(", ")) + QLatin1Char('}');
}

/// withClusterChanges is the document's map with what the cluster changed from previous to
/// current: keys it changed or added set, keys it removed dropped.
model::Labels withClusterChanges(const model::Labels &inDocument, const model::Labels &previous,
                                 const model::Labels &current)
{
    model::Labels wanted = inDocument;
    for (const auto &[key, value] : current)
        if (auto before = previous.find(key); before == previous.end() || before->second != value)
            wanted[key] = value;
    for (const auto &[key, value] : previous)
        if (!current.contains(key))
            wanted.erase(key);
    return wanted;
}

/// lastKeyLine is the line of the last written key of the block mapping at base (0 when none
/// is), and sets indent to that key's indent.
int lastKeyLine(const manifest::PositionMap &positions, const std::string &base,
                const model::Labels &inDocument, int &indent)
{
    int lastLine = 0;
    for (const auto &[key, value] : inDocument) {
        const manifest::SourcePos k = positions.findKey(base + "." + key);
        if (k.valid() && k.line >= lastLine) {
            lastLine = k.line;
            indent = k.column - 1;
        }
    }
    return lastLine;
}

/// planRemovedKeys drops the lines of the block mapping at base whose keys the cluster removed
/// (not list items).
void planRemovedKeys(const QTextDocument &document, const manifest::PositionMap &positions,
                     const std::string &base, const model::Labels &inDocument,
                     const model::Labels &previous, const model::Labels &current,
                     QList<TextEdit> &edits)
{
    for (const auto &[key, value] : previous) {
        if (current.contains(key) || !inDocument.contains(key))
            continue;
        const manifest::SourcePos k = positions.findKey(base + "." + key);
        const QTextBlock block = document.findBlockByNumber(k.line - 1);
        if (!k.valid() || !block.isValid() || block.text().trimmed().startsWith(QLatin1Char('-')))
            continue;
        // Remove the whole line "  key: value  # comment".
        const int start = block.position() > 0 ? block.position() - 1 : block.position();
        edits << TextEdit{ start, block.position() + int(block.text().size()), QString() };
    }
}

/// planMap follows a string map (metadata.labels, spec.selector) from previous to current:
/// a block mapping key by key (values in place, new keys on their own line, removed keys'
/// lines dropped); a flow mapping ({...}) rewritten whole.
void planMap(const QTextDocument &document, const manifest::DecodedObject &written,
             const std::string &base, const model::Labels &inDocument,
             const model::Labels &previous, const model::Labels &current, bool json,
             QList<TextEdit> &edits)
{
    const auto &positions = written.positions;
    const auto mapPos = writtenPos(positions, base);
    if (!mapPos)
        return; // not written (or written empty): leave it to the user
    if (auto span = flowSpan(document, *mapPos)) {
        const model::Labels wanted = withClusterChanges(inDocument, previous, current);
        if (wanted != inDocument)
            edits << TextEdit{ span->first, span->second, flowMapText(wanted, json) };
        return;
    }
    int indent = -1;
    const int lastLine = lastKeyLine(positions, base, inDocument, indent);
    for (const auto &[key, value] : current) {
        auto before = previous.find(key);
        if (before != previous.end() && before->second == value)
            continue; // the cluster did not change this one
        auto mine = inDocument.find(key);
        const QString v = QString::fromStdString(value);
        if (mine != inDocument.end()) {
            if (mine->second == value)
                continue;
            if (auto pos = writtenPos(positions, base + "." + key))
                if (auto span = scalarSpan(document, *pos)) {
                    const QString existing =
                            document.toPlainText().mid(span->first, span->second - span->first);
                    edits << TextEdit{ span->first, span->second, quoteLike(existing, v, json) };
                }
            continue;
        }
        if (lastLine > 0 && !json) {
            const QTextBlock block = document.findBlockByNumber(lastLine - 1);
            const int at = block.position() + int(block.text().size());
            edits << TextEdit{ at, at,
                               QLatin1Char('\n') + QString(indent, QLatin1Char(' '))
                                       + yamlScalar(QString::fromStdString(key))
                                       + QStringLiteral(": ") + yamlScalar(v) };
        }
    }
    if (!json)
        planRemovedKeys(document, positions, base, inDocument, previous, current, edits);
}

} // namespace

QString yamlScalar(const QString &value)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z_./][A-Za-z0-9_./-]*$"));
    static const QRegularExpression special(
            QStringLiteral("^(true|false|yes|no|on|off|null|y|n|~)$"),
            QRegularExpression::CaseInsensitiveOption);
    if (plain.match(value).hasMatch() && !special.match(value).hasMatch())
        return value;
    return QLatin1Char('"')
            + QString(value)
                      .replace(QLatin1String("\\"), QLatin1String("\\\\"))
                      .replace(QLatin1String("\""), QLatin1String("\\\""))
            + QLatin1Char('"');
}

std::optional<std::pair<int, int>> scalarSpan(const QTextDocument &document,
                                              manifest::SourcePos pos)
{
    const QTextBlock block = document.findBlockByNumber(pos.line - 1);
    if (!block.isValid() || pos.column <= 0)
        return std::nullopt;
    const QString text = block.text();
    const int start = charIndex(block, pos.column);
    if (start >= text.size())
        return std::nullopt;
    int end = start;
    const QChar first = text[start];
    if (first == QLatin1Char('"') || first == QLatin1Char('\'')) {
        end = start + 1;
        while (end < text.size()) {
            if (first == QLatin1Char('"') && text[end] == QLatin1Char('\\')) {
                end += 2;
                continue;
            }
            if (text[end++] == first) {
                if (first == QLatin1Char('\'') && end < text.size() && text[end] == first) {
                    ++end;
                    continue;
                }
                break;
            }
        }
    } else {
        if (first == QLatin1Char('{') || first == QLatin1Char('[') || first == QLatin1Char('|')
            || first == QLatin1Char('>'))
            return std::nullopt;
        while (end < text.size() && !text[end].isSpace() && text[end] != QLatin1Char(',')
               && text[end] != QLatin1Char('}') && text[end] != QLatin1Char(']'))
            ++end;
    }
    return std::pair{ block.position() + start, block.position() + end };
}

QList<TextEdit> planSyncEdits(const QTextDocument &document, const manifest::DecodedObject &written,
                              const model::Object &previous, const model::Object &current)
{
    QList<TextEdit> edits;
    const bool json = document.toPlainText().trimmed().startsWith(QLatin1Char('{'));
    const auto before = model::replicasOf(previous);
    const auto now = model::replicasOf(current);
    if (now && before != now && model::replicasOf(written.object) != now)
        planSpecScalar(document, written, "replicas", QString::number(*now), edits);
    const model::Labels &oldLabels = model::meta(previous).labels;
    const model::Labels &newLabels = model::meta(current).labels;
    if (oldLabels != newLabels)
        planMap(document, written, "metadata.labels", model::meta(written.object).labels, oldLabels,
                newLabels, json, edits);
    auto *oldService = std::get_if<model::Service>(&previous);
    auto *newService = std::get_if<model::Service>(&current);
    auto *mine = std::get_if<model::Service>(&written.object);
    if (oldService && newService && mine
        && oldService->spec.sessionAffinity != newService->spec.sessionAffinity
        && mine->spec.sessionAffinity != newService->spec.sessionAffinity)
        planSpecScalar(document, written, "sessionAffinity",
                       QString::fromStdString(newService->spec.sessionAffinity), edits);
    if (oldService && newService && mine && oldService->spec.selector != newService->spec.selector
        && newService->spec.selector)
        planMap(document, written, "spec.selector", mine->spec.selector.value_or(model::Labels{}),
                oldService->spec.selector.value_or(model::Labels{}), *newService->spec.selector,
                json, edits);
    std::sort(edits.begin(), edits.end(), [](const TextEdit &a, const TextEdit &b) {
        return a.start > b.start;
    });
    return edits;
}

void applyEdits(QTextDocument &document, const QList<TextEdit> &edits)
{
    if (edits.isEmpty())
        return;
    QTextCursor cursor(&document);
    cursor.beginEditBlock();
    for (const TextEdit &edit : edits) {
        cursor.setPosition(edit.start);
        cursor.setPosition(edit.end, QTextCursor::KeepAnchor);
        cursor.insertText(edit.text);
    }
    cursor.endEditBlock();
}

} // namespace clusterlab::app
