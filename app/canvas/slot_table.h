#pragma once

#include <QHash>
#include <QList>
#include <QString>

namespace clusterlab::app {

/// SlotTable gives each member a place that stays its own while others come and go: a new
/// member takes the first free slot, a leaving one frees its slot.
class SlotTable
{
public:
    /// place returns the member's slot, assigning the first free one when it has none.
    int place(const QString &member)
    {
        if (auto it = m_slotOf.constFind(member); it != m_slotOf.constEnd())
            return *it;
        int slot = int(m_members.indexOf(QString()));
        if (slot < 0) {
            slot = int(m_members.size());
            m_members.append(member);
        } else {
            m_members[slot] = member;
        }
        m_slotOf.insert(member, slot);
        return slot;
    }
    void release(const QString &member)
    {
        const int slot = m_slotOf.value(member, -1);
        if (slot < 0)
            return;
        m_slotOf.remove(member);
        m_members[slot].clear();
        while (!m_members.isEmpty() && m_members.constLast().isEmpty())
            m_members.removeLast();
    }
    /// memberAt is the member in a slot ("" when free).
    QString memberAt(int slot) const { return m_members.value(slot); }
    int slotOf(const QString &member) const { return m_slotOf.value(member, -1); }
    bool contains(const QString &member) const { return m_slotOf.contains(member); }
    /// size is the number of slots in use, holes included.
    int size() const { return int(m_members.size()); }
    int count() const { return int(m_slotOf.size()); }
    QList<QString> members() const { return m_slotOf.keys(); }

private:
    QList<QString> m_members; ///< by slot; empty = free
    QHash<QString, int> m_slotOf;
};

} // namespace clusterlab::app
