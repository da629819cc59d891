#include "editor/problems_view.h"

#include <QHeaderView>
#include <QStyle>

namespace clusterlab::app {

ProblemsView::ProblemsView(QWidget *parent) : QTreeWidget(parent)
{
    setColumnCount(2);
    setHeaderLabels({ QStringLiteral("Where"), QStringLiteral("Problem") });
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setWordWrap(false);
    header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    header()->setStretchLastSection(true);
    connect(this, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem *item) {
        emit jumpRequested(item->data(0, Qt::UserRole).toInt(),
                           item->data(0, Qt::UserRole + 1).toInt());
    });
    connect(this, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        emit jumpRequested(item->data(0, Qt::UserRole).toInt(),
                           item->data(0, Qt::UserRole + 1).toInt());
    });
}

void ProblemsView::setProblems(const QString &documentName, const EditorProblems &problems)
{
    clear();
    m_errors = m_warnings = 0;
    const QIcon error = style()->standardIcon(QStyle::SP_MessageBoxCritical);
    const QIcon warning = style()->standardIcon(QStyle::SP_MessageBoxWarning);
    for (const EditorProblem &p : problems) {
        auto *item = new QTreeWidgetItem(this);
        item->setIcon(0, p.warning ? warning : error);
        item->setText(0,
                      p.line > 0 ? QStringLiteral("%1:%2").arg(p.line).arg(p.column)
                                 : QStringLiteral("—"));
        item->setText(1, p.message);
        item->setToolTip(
                1,
                QStringLiteral("%1:%2:%3: %4%5")
                        .arg(documentName)
                        .arg(p.line)
                        .arg(p.column)
                        .arg(p.warning ? QStringLiteral("warning: ") : QString(), p.message));
        item->setData(0, Qt::UserRole, p.line);
        item->setData(0, Qt::UserRole + 1, p.column);
        (p.warning ? m_warnings : m_errors)++;
    }
}

} // namespace clusterlab::app
