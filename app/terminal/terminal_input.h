#pragma once

#include "terminal/command_history.h"

#include <QLineEdit>

namespace clusterlab::app {

/// TerminalInput is the panel's one-line command input: Enter submits, Up/Down walk the
/// session's history, Ctrl+C interrupts (or copies when text is selected), Ctrl+L clears.
class TerminalInput : public QLineEdit
{
    Q_OBJECT

public:
    explicit TerminalInput(QWidget *parent = nullptr);

    CommandHistory &history() { return m_history; }

signals:
    void submitted(const QString &line);
    void interruptRequested();
    void clearRequested();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    CommandHistory m_history;
};

} // namespace clusterlab::app
