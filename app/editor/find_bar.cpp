#include "editor/find_bar.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextDocument>

namespace clusterlab::app {

FindBar::FindBar(QWidget *parent)
    : QWidget(parent), m_find(new QLineEdit), m_replace(new QLineEdit), m_case(new QCheckBox)
{
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setHorizontalSpacing(4);
    layout->setVerticalSpacing(2);
    m_find->setPlaceholderText(QStringLiteral("Find"));
    m_replace->setPlaceholderText(QStringLiteral("Replace with"));
    m_case->setText(QStringLiteral("Aa"));
    m_case->setToolTip(QStringLiteral("Match case"));
    auto button = [this](const QString &text, auto slot) {
        auto *b = new QPushButton(text);
        b->setAutoDefault(false);
        connect(b, &QPushButton::clicked, this, slot);
        return b;
    };
    layout->addWidget(m_find, 0, 0);
    layout->addWidget(button(QStringLiteral("↑"),
                             [this] {
                                 find(true);
                             }),
                      0, 1);
    layout->addWidget(button(QStringLiteral("↓"),
                             [this] {
                                 find(false);
                             }),
                      0, 2);
    layout->addWidget(m_case, 0, 3);
    layout->addWidget(button(QStringLiteral("✕"),
                             [this] {
                                 hide();
                             }),
                      0, 4);
    layout->addWidget(m_replace, 1, 0);
    layout->addWidget(button(QStringLiteral("Replace"),
                             [this] {
                                 replace();
                             }),
                      1, 1, 1, 2);
    layout->addWidget(button(QStringLiteral("All"),
                             [this] {
                                 replaceAll();
                             }),
                      1, 3, 1, 2);
    connect(m_find, &QLineEdit::returnPressed, this, [this] {
        find(false);
    });
    connect(m_replace, &QLineEdit::returnPressed, this, [this] {
        replace();
    });
    hide();
}

void FindBar::open(bool replace)
{
    if (m_editor && m_editor->textCursor().hasSelection())
        m_find->setText(m_editor->textCursor().selectedText());
    show();
    (replace ? m_replace : m_find)->setFocus();
    m_find->selectAll();
}

bool FindBar::find(bool backwards)
{
    if (!m_editor || m_find->text().isEmpty())
        return false;
    QTextDocument::FindFlags flags;
    if (backwards)
        flags |= QTextDocument::FindBackward;
    if (m_case->isChecked())
        flags |= QTextDocument::FindCaseSensitively;
    if (m_editor->find(m_find->text(), flags))
        return true;
    // Wrap around once.
    QTextCursor cursor = m_editor->textCursor();
    cursor.movePosition(backwards ? QTextCursor::End : QTextCursor::Start);
    m_editor->setTextCursor(cursor);
    return m_editor->find(m_find->text(), flags);
}

void FindBar::replace()
{
    if (!m_editor)
        return;
    QTextCursor cursor = m_editor->textCursor();
    const Qt::CaseSensitivity cs = m_case->isChecked() ? Qt::CaseSensitive : Qt::CaseInsensitive;
    if (cursor.hasSelection() && cursor.selectedText().compare(m_find->text(), cs) == 0)
        cursor.insertText(m_replace->text());
    find(false);
}

int FindBar::replaceAll()
{
    if (!m_editor || m_find->text().isEmpty())
        return 0;
    QTextDocument *document = m_editor->document();
    QTextDocument::FindFlags flags;
    if (m_case->isChecked())
        flags |= QTextDocument::FindCaseSensitively;
    int count = 0;
    QTextCursor edit(document);
    edit.beginEditBlock();
    QTextCursor found = document->find(m_find->text(), 0, flags);
    while (!found.isNull()) {
        found.insertText(m_replace->text());
        ++count;
        found = document->find(m_find->text(), found.position(), flags);
    }
    edit.endEditBlock();
    return count;
}

void FindBar::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        hide();
        if (m_editor)
            m_editor->setFocus();
        return;
    }
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)
        && (event->modifiers() & Qt::ShiftModifier)) {
        find(true);
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace clusterlab::app
