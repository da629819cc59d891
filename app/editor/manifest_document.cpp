#include "editor/manifest_document.h"

#include "editor/code_editor.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextCursor>
#include <QTimer>
#include <QVBoxLayout>

namespace clusterlab::app {

QString objectKey(const model::Object &object)
{
    const model::ObjectMeta &meta = model::meta(object);
    return QString::fromStdString(model::kindOf(object) + "/" + meta.namespace_ + "/" + meta.name);
}

ManifestDocument::ManifestDocument(const QString &id, const ClusterMirror *mirror, QWidget *parent)
    : QWidget(parent),
      m_id(id),
      m_mirror(mirror),
      m_editor(new CodeEditor),
      m_banner(new QWidget),
      m_debounce(new QTimer(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto *bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(8, 4, 8, 4);
    auto *label = new QLabel(QStringLiteral("The file changed on disk."));
    auto *reload = new QPushButton(QStringLiteral("Reload"));
    auto *keep = new QPushButton(QStringLiteral("Keep mine"));
    bannerLayout->addWidget(label, 1);
    bannerLayout->addWidget(reload);
    bannerLayout->addWidget(keep);
    m_banner->setAutoFillBackground(true);
    QPalette pal = m_banner->palette();
    pal.setColor(QPalette::Window, QColor(0xff, 0xf4, 0xce));
    pal.setColor(QPalette::WindowText, QColor(0x3d, 0x2e, 0x00));
    m_banner->setPalette(pal);
    m_banner->hide();
    layout->addWidget(m_banner);
    layout->addWidget(m_editor);
    connect(reload, &QPushButton::clicked, this, &ManifestDocument::reloadRequested);
    connect(keep, &QPushButton::clicked, this, [this] {
        showDiskChange(false);
    });
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(350);
    connect(m_debounce, &QTimer::timeout, this, &ManifestDocument::recheck);
    connect(m_editor->document(), &QTextDocument::contentsChange, this, [this] {
        m_stale = true;
        m_debounce->start();
    });
}

QString ManifestDocument::text() const
{
    return m_editor->toPlainText();
}

void ManifestDocument::setText(const QString &text)
{
    if (m_editor->document()->isEmpty()) {
        m_editor->setPlainText(text);
    } else {
        QTextCursor cursor(m_editor->document());
        cursor.beginEditBlock();
        cursor.select(QTextCursor::Document);
        cursor.insertText(text);
        cursor.endEditBlock();
    }
    recheck();
}

void ManifestDocument::setPath(const QString &path)
{
    m_path = path;
    recheck(); // diagnostics name the file
}

QString ManifestDocument::displayName() const
{
    return m_path.isEmpty() ? m_untitled : QFileInfo(m_path).fileName();
}

bool ManifestDocument::isModified() const
{
    return m_editor->document()->isModified();
}

void ManifestDocument::setModified(bool modified)
{
    m_editor->document()->setModified(modified);
}

void ManifestDocument::setDebounce(int milliseconds)
{
    m_debounce->setInterval(milliseconds);
}

bool ManifestDocument::checkPending() const
{
    return m_stale;
}

const DocumentCheck &ManifestDocument::check()
{
    if (m_stale)
        recheck();
    return m_check;
}

void ManifestDocument::recheck()
{
    m_debounce->stop();
    m_check = checkDocument(text(), m_path.isEmpty() ? m_untitled : m_path, m_mirror);
    m_stale = false;
    m_applyProblems.clear();
    m_editor->setProblems(m_check.problems);
    emit checked();
}

void ManifestDocument::setApplyProblems(const EditorProblems &problems)
{
    m_applyProblems = problems;
    m_editor->setProblems(this->problems());
    emit checked();
}

EditorProblems ManifestDocument::problems() const
{
    EditorProblems all = m_applyProblems;
    for (const EditorProblem &p : m_check.problems)
        if (!all.contains(p))
            all << p;
    return all;
}

const manifest::DecodedObject *ManifestDocument::declared(const QString &key)
{
    for (const auto &decoded : check().report.objects)
        if (objectKey(decoded.object) == key)
            return &decoded;
    return nullptr;
}

void ManifestDocument::showDiskChange(bool visible)
{
    m_banner->setVisible(visible);
}

bool ManifestDocument::diskChangeShown() const
{
    return !m_banner->isHidden();
}

} // namespace clusterlab::app
