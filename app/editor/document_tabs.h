#pragma once

#include <QStringList>
#include <QTabWidget>

namespace clusterlab::app {

class ClusterState;
class ManifestDocument;

/// DocumentTabs holds the editor's documents, one tab each: it makes new ones, knows the
/// current one, and keeps each tab's title ("name •" while unsaved), tooltip (the path) and
/// error icon up to date. What to do when a document is checked, closed, reloaded or has
/// files dropped on it is for others: it only reports. Thread: GUI thread.
class DocumentTabs : public QTabWidget
{
    Q_OBJECT
public:
    explicit DocumentTabs(const ClusterState &state, QWidget *parent = nullptr);

    /// newDocument adds a tab ("Untitled N" without a title), makes it current and reports
    /// its first check.
    ManifestDocument *newDocument(const QString &text = {}, const QString &title = {});
    QList<ManifestDocument *> documents() const;
    ManifestDocument *current() const;
    void setCurrent(ManifestDocument *document);
    /// removeDocument drops the tab and deletes the document, without asking.
    void removeDocument(ManifestDocument *document);
    /// refreshTitle shows the document's name, unsaved mark and path in its tab.
    void refreshTitle(ManifestDocument *document);

signals:
    /// documentChecked follows each check of a document (the tab's icon already shows it).
    void documentChecked(ManifestDocument *document);
    /// currentDocumentChanged follows a change of tab (nullptr: no tab left).
    void currentDocumentChanged(ManifestDocument *document);
    void closeRequested(ManifestDocument *document);
    void reloadRequested(ManifestDocument *document);
    /// filesDropped carries the local paths of files dropped on a document's text.
    void filesDropped(const QStringList &paths);

private:
    void connectDocument(ManifestDocument *document);
    void showErrorIcon(ManifestDocument *document);

    const ClusterState &m_state;
    int m_untitledCount = 0;
};

} // namespace clusterlab::app
