#include "editor/template_palette.h"

#include "editor/template_fitter.h"

#include <QMimeData>
#include <QTimer>

namespace clusterlab::app {

TemplatePalette::TemplatePalette(QWidget *parent) : QListWidget(parent)
{
    setViewMode(QListView::ListMode);
    setFlow(QListView::LeftToRight);
    setWrapping(true);
    setResizeMode(QListView::Adjust);
    setSpacing(2);
    setDragEnabled(true);
    setDragDropMode(QAbstractItemView::DragOnly);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setFrameShape(QFrame::NoFrame);
    setToolTip(QStringLiteral("Drag a template onto the canvas or a lane; double-click adds it "
                              "to the current document"));
    for (const TemplateInfo &info : templateCatalogue()) {
        auto *item = new QListWidgetItem(info.title, this);
        item->setData(Qt::UserRole, info.id);
        item->setToolTip(info.tip);
        item->setTextAlignment(Qt::AlignCenter);
    }
    connect(this, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem *item) {
        emit templateActivated(item->data(Qt::UserRole).toString());
    });
}

QSize TemplatePalette::sizeHint() const
{
    return { 320, 2 * (fontMetrics().height() + 8) + 6 };
}

void TemplatePalette::resizeEvent(QResizeEvent *event)
{
    QListWidget::resizeEvent(event);
    // The chips wrap after the layout pass that follows a resize.
    QTimer::singleShot(0, this, &TemplatePalette::fitHeight);
}

void TemplatePalette::fitHeight()
{
    if (count() == 0)
        return;
    const int bottom = visualItemRect(item(count() - 1)).bottom() + verticalOffset();
    const int height = bottom + 2 * frameWidth() + 6;
    if (height > 0 && height != this->height())
        setFixedHeight(height);
}

QStringList TemplatePalette::mimeTypes() const
{
    return { QString::fromLatin1(kTemplateMimeType) };
}

QMimeData *TemplatePalette::mimeData(const QList<QListWidgetItem *> &items) const
{
    if (items.isEmpty())
        return nullptr;
    auto *mime = new QMimeData;
    mime->setData(QString::fromLatin1(kTemplateMimeType),
                  items.front()->data(Qt::UserRole).toString().toUtf8());
    return mime;
}

} // namespace clusterlab::app
