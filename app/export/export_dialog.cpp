#include "export/export_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>

namespace clusterlab::app {

namespace {

QSpinBox *sideBox(QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setRange(16, 16384);
    box->setSuffix(QStringLiteral(" px"));
    box->setAccelerated(true);
    return box;
}

} // namespace

ExportDialog::ExportDialog(QGraphicsScene &scene, QWidget *parent)
    : QDialog(parent),
      m_scene(scene),
      m_format(new QComboBox(this)),
      m_width(sideBox(this)),
      m_height(sideBox(this)),
      m_lockAspect(new QCheckBox(QStringLiteral("Keep the canvas's proportions"), this)),
      m_background(new QComboBox(this))
{
    setWindowTitle(QStringLiteral("Export canvas"));
    m_format->addItem(QStringLiteral("PNG image"), int(Format::Png));
    m_format->addItem(QStringLiteral("SVG drawing (scales without blurring)"), int(Format::Svg));
    m_background->addItem(QStringLiteral("Canvas theme"), int(ExportBackground::Theme));
    m_background->addItem(QStringLiteral("Transparent"), int(ExportBackground::Transparent));
    m_lockAspect->setChecked(true);
    auto *sizeRow = new QHBoxLayout;
    sizeRow->addWidget(m_width);
    sizeRow->addWidget(new QLabel(QStringLiteral("×"), this));
    sizeRow->addWidget(m_height);
    sizeRow->addStretch();
    auto *form = new QFormLayout;
    form->addRow(QStringLiteral("&Format:"), m_format);
    form->addRow(QStringLiteral("&Size:"), sizeRow);
    form->addRow(QString(), m_lockAspect);
    form->addRow(QStringLiteral("&Background:"), m_background);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Save)->setText(QStringLiteral("&Save…"));
    QPushButton *copy =
            buttons->addButton(QStringLiteral("&Copy to clipboard"), QDialogButtonBox::ActionRole);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);

    connect(m_width, &QSpinBox::valueChanged, this, &ExportDialog::onWidthChanged);
    connect(m_height, &QSpinBox::valueChanged, this, &ExportDialog::onHeightChanged);
    connect(m_lockAspect, &QCheckBox::toggled, this, [this](bool on) {
        if (on)
            m_aspect = double(m_width->value()) / std::max(1, m_height->value());
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(copy, &QPushButton::clicked, this, &ExportDialog::copyToClipboard);

    const QRectF content = exportContentRect(scene);
    m_aspect = content.width() / std::max(1.0, content.height());
    setExportSize(defaultExportSize(scene));
}

ExportDialog::Format ExportDialog::format() const
{
    return Format(m_format->currentData().toInt());
}

void ExportDialog::setFormat(Format format)
{
    m_format->setCurrentIndex(m_format->findData(int(format)));
}

QSize ExportDialog::exportSize() const
{
    return { m_width->value(), m_height->value() };
}

void ExportDialog::setExportSize(QSize size)
{
    m_syncing = true;
    m_width->setValue(size.width());
    m_height->setValue(size.height());
    m_syncing = false;
    m_aspect = double(m_width->value()) / std::max(1, m_height->value());
}

ExportBackground ExportDialog::background() const
{
    return ExportBackground(m_background->currentData().toInt());
}

void ExportDialog::onWidthChanged(int width)
{
    if (m_syncing || !m_lockAspect->isChecked())
        return;
    m_syncing = true;
    m_height->setValue(std::max(1, int(std::lround(width / m_aspect))));
    m_syncing = false;
}

void ExportDialog::onHeightChanged(int height)
{
    if (m_syncing || !m_lockAspect->isChecked())
        return;
    m_syncing = true;
    m_width->setValue(std::max(1, int(std::lround(height * m_aspect))));
    m_syncing = false;
}

bool ExportDialog::saveTo(const QString &path, QString *error)
{
    if (format() == Format::Svg)
        return exportSvg(m_scene, path, exportSize(), error, background());
    return exportPng(m_scene, path, exportSize(), error, background());
}

void ExportDialog::copyToClipboard()
{
    app::copyToClipboard(m_scene, exportSize(), background());
}

void ExportDialog::save()
{
    const bool svg = format() == Format::Svg;
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    const QString suggested = folder + QStringLiteral("/clusterlab-canvas")
            + (svg ? QStringLiteral(".svg") : QStringLiteral(".png"));
    QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Export canvas"), suggested,
                                                svg ? QStringLiteral("SVG drawings (*.svg)")
                                                    : QStringLiteral("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    const QString suffix = svg ? QStringLiteral(".svg") : QStringLiteral(".png");
    if (!path.endsWith(suffix, Qt::CaseInsensitive))
        path += suffix;
    QString error;
    if (!saveTo(path, &error)) {
        QMessageBox::warning(this, QStringLiteral("Export canvas"), error);
        return;
    }
    accept();
}

} // namespace clusterlab::app
