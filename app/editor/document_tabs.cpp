#include "editor/document_tabs.h"

#include "editor/code_editor.h"
#include "editor/manifest_document.h"
#include "state/cluster_state.h"

#include <QStyle>
#include <QTextDocument>
#include <QUrl>
#include <QUuid>

namespace clusterlab::app {

DocumentTabs::DocumentTabs(const ClusterState &state, QWidget *parent)
    : QTabWidget(parent), m_state(state)
{
    setTabsClosable(true);
    setMovable(true);
    setDocumentMode(true);
    connect(this, &QTabWidget::currentChanged, this, [this] {
        if (ManifestDocument *document = current())
            showErrorIcon(document);
        emit currentDocumentChanged(current());
    });
    connect(this, &QTabWidget::tabCloseRequested, this, [this](int index) {
        emit closeRequested(qobject_cast<ManifestDocument *>(widget(index)));
    });
}

ManifestDocument *DocumentTabs::newDocument(const QString &text, const QString &title)
{
    auto *document = new ManifestDocument(
            QUuid::createUuid().toString(QUuid::WithoutBraces).left(8), &m_state.mirror());
    document->setUntitledName(title.isEmpty() ? QStringLiteral("Untitled %1").arg(++m_untitledCount)
                                              : title);
    document->setText(text);
    document->setModified(false);
    connectDocument(document);
    addTab(document, document->displayName());
    refreshTitle(document);
    setCurrent(document);
    showErrorIcon(document);
    emit documentChecked(document);
    return document;
}

void DocumentTabs::connectDocument(ManifestDocument *document)
{
    connect(document, &ManifestDocument::checked, this, [this, document] {
        showErrorIcon(document);
        emit documentChecked(document);
    });
    connect(document->editor()->document(), &QTextDocument::modificationChanged, this,
            [this, document] {
                refreshTitle(document);
            });
    connect(document->editor(), &CodeEditor::filesDropped, this, [this](const QList<QUrl> &urls) {
        QStringList paths;
        for (const QUrl &url : urls)
            paths << url.toLocalFile();
        emit filesDropped(paths);
    });
    connect(document, &ManifestDocument::reloadRequested, this, [this, document] {
        emit reloadRequested(document);
    });
}

QList<ManifestDocument *> DocumentTabs::documents() const
{
    QList<ManifestDocument *> out;
    for (int i = 0; i < count(); ++i)
        if (auto *document = qobject_cast<ManifestDocument *>(widget(i)))
            out << document;
    return out;
}

ManifestDocument *DocumentTabs::current() const
{
    return qobject_cast<ManifestDocument *>(currentWidget());
}

void DocumentTabs::setCurrent(ManifestDocument *document)
{
    setCurrentWidget(document);
}

void DocumentTabs::removeDocument(ManifestDocument *document)
{
    removeTab(indexOf(document));
    document->deleteLater();
}

void DocumentTabs::refreshTitle(ManifestDocument *document)
{
    const int index = indexOf(document);
    if (index < 0)
        return;
    setTabText(index,
               document->displayName()
                       + (document->isModified() ? QStringLiteral(" •") : QString()));
    setTabToolTip(index, document->path().isEmpty() ? document->displayName() : document->path());
}

void DocumentTabs::showErrorIcon(ManifestDocument *document)
{
    const int index = indexOf(document);
    if (index < 0)
        return;
    const bool errors = document->check().hasErrors;
    setTabIcon(index, errors ? style()->standardIcon(QStyle::SP_MessageBoxCritical) : QIcon());
}

} // namespace clusterlab::app
