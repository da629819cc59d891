#pragma once

#include <QListWidget>

namespace clusterlab::app {

/// kTemplateMimeType carries a template id in a drag from the palette.
inline constexpr char kTemplateMimeType[] = "application/x-clusterlab-template";

/// TemplatePalette shows the templates as chips to drag onto the canvas (or a lane, to fit
/// them there) or onto the editor; double-click adds one to the current document.
class TemplatePalette : public QListWidget
{
    Q_OBJECT
public:
    explicit TemplatePalette(QWidget *parent = nullptr);
    QSize sizeHint() const override;

signals:
    void templateActivated(const QString &id);

private:
    /// fitHeight makes the palette exactly as tall as its wrapped chips.
    void fitHeight();

protected:
    void resizeEvent(QResizeEvent *event) override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QList<QListWidgetItem *> &items) const override;
};

} // namespace clusterlab::app
