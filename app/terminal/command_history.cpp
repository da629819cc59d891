#include "terminal/command_history.h"

namespace clusterlab::app {

void CommandHistory::add(const QString &line)
{
    if (!line.trimmed().isEmpty() && (m_entries.isEmpty() || m_entries.back() != line))
        m_entries << line;
    m_cursor = m_entries.size();
    m_draft.clear();
}

QString CommandHistory::previous(const QString &current)
{
    if (m_entries.isEmpty())
        return current;
    if (m_cursor == m_entries.size())
        m_draft = current;
    if (m_cursor > 0)
        --m_cursor;
    return m_entries.at(m_cursor);
}

QString CommandHistory::next()
{
    if (m_cursor >= m_entries.size())
        return m_draft;
    ++m_cursor;
    return m_cursor == m_entries.size() ? m_draft : m_entries.at(m_cursor);
}

} // namespace clusterlab::app
