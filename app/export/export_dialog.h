#pragma once

#include "export/canvas_export.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QGraphicsScene;
class QSpinBox;

namespace clusterlab::app {

/// ExportDialog asks how to export the canvas: PNG or SVG, the size in pixels (aspect ratio
/// locked to the canvas by default) and the background, then saves it to a file chosen with
/// "Save…" or copies it with "Copy to clipboard". It starts at defaultExportSize().
class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Format { Png, Svg };

    explicit ExportDialog(QGraphicsScene &scene, QWidget *parent = nullptr);

    Format format() const;
    void setFormat(Format format);
    QSize exportSize() const;
    /// setExportSize sets both sides as given (the aspect lock then keeps their new ratio).
    void setExportSize(QSize size);
    ExportBackground background() const;
    /// saveTo writes the canvas in the chosen format, size and background; no message boxes.
    bool saveTo(const QString &path, QString *error = nullptr);
    /// copyToClipboard puts the canvas on the clipboard at the chosen size and background.
    void copyToClipboard();

private:
    void onWidthChanged(int width);
    void onHeightChanged(int height);
    void save();

    QGraphicsScene &m_scene;
    QComboBox *m_format;
    QSpinBox *m_width;
    QSpinBox *m_height;
    QCheckBox *m_lockAspect;
    QComboBox *m_background;
    double m_aspect = 16.0 / 9.0; ///< width / height while the lock is on
    bool m_syncing = false;
};

} // namespace clusterlab::app
