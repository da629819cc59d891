#pragma once

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace clusterlab::app {

/// YamlHighlighter colours YAML as people read it: keys, quoted and plain scalars, numbers
/// and booleans, comments, anchors/aliases/tags, list dashes and document markers (--- ...).
/// Block scalars (| and >) are tracked across lines so their text stays one colour.
class YamlHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit YamlHighlighter(QTextDocument *document);

    /// setDark picks colours that read on a dark background.
    void setDark(bool dark);

protected:
    void highlightBlock(const QString &text) override;

private:
    void highlightValue(const QString &text, int start);
    int commentStart(const QString &text, int from) const;

    QTextCharFormat m_key, m_string, m_number, m_keyword, m_comment, m_anchor, m_marker, m_dash;
};

} // namespace clusterlab::app
