#pragma once

#include "editor/document_check.h"

#include <QWidget>

class QLabel;
class QTimer;

namespace clusterlab::app {

class ClusterMirror;
class CodeEditor;

/// ManifestDocument is one tab of the editor: the text of a manifest file (or of an untitled
/// document), checked against core/manifest a moment after each pause in typing. It knows
/// which objects it declares, so the cluster's changes can find their way back into it.
/// Thread: GUI thread.
class ManifestDocument : public QWidget
{
    Q_OBJECT
public:
    ManifestDocument(const QString &id, const ClusterMirror *mirror, QWidget *parent = nullptr);

    QString id() const { return m_id; }
    CodeEditor *editor() const { return m_editor; }
    QString text() const;
    /// setText replaces the text as one undoable edit (the first load is not undoable).
    void setText(const QString &text);
    QString path() const { return m_path; }
    void setPath(const QString &path);
    void setUntitledName(const QString &name) { m_untitled = name; }
    /// displayName is the file name, or "Untitled N".
    QString displayName() const;
    bool isModified() const;
    void setModified(bool modified);

    /// check returns the problems of the text as it is now (checking first if stale).
    const DocumentCheck &check();
    /// recheck checks the text now and emits checked().
    void recheck();
    bool checkPending() const;
    /// setApplyProblems adds what the last apply refused (until the next check).
    void setApplyProblems(const EditorProblems &problems);
    EditorProblems problems() const;
    /// declares says whether the document declares the object "Kind/namespace/name".
    const manifest::DecodedObject *declared(const QString &key);

    /// showDiskChange offers to reload a file that changed on disk while it had edits.
    void showDiskChange(bool visible);
    bool diskChangeShown() const;
    void setDebounce(int milliseconds);

signals:
    void checked();
    void reloadRequested();

private:
    QString m_id, m_path, m_untitled;
    const ClusterMirror *m_mirror;
    CodeEditor *m_editor;
    QWidget *m_banner;
    QTimer *m_debounce;
    DocumentCheck m_check;
    EditorProblems m_applyProblems;
    bool m_stale = true;
};

/// objectKey names an object as "Kind/namespace/name".
QString objectKey(const model::Object &object);

} // namespace clusterlab::app
