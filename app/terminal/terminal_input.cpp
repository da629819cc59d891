#include "terminal/terminal_input.h"

#include <QKeyEvent>

namespace clusterlab::app {

TerminalInput::TerminalInput(QWidget *parent) : QLineEdit(parent)
{
    setPlaceholderText(tr("kubectl get services"));
    setClearButtonEnabled(false);
}

void TerminalInput::keyPressEvent(QKeyEvent *event)
{
    const bool control = event->modifiers() & Qt::ControlModifier;
    switch (event->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter: {
        const QString line = text();
        clear();
        emit submitted(line);
        return;
    }
    case Qt::Key_Up:
        setText(m_history.previous(text()));
        return;
    case Qt::Key_Down:
        setText(m_history.next());
        return;
    case Qt::Key_C:
        if (control && !hasSelectedText()) {
            emit interruptRequested();
            return;
        }
        break;
    case Qt::Key_L:
        if (control) {
            emit clearRequested();
            return;
        }
        break;
    default:
        break;
    }
    QLineEdit::keyPressEvent(event);
}

} // namespace clusterlab::app
