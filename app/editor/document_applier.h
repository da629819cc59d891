#pragma once

#include <QHash>
#include <QObject>
#include <QPointF>
#include <QStringList>

#include <functional>
#include <optional>

namespace clusterlab {
class Engine;
}

namespace clusterlab::app {

class ClusterState;
class DocumentTabs;
class ManifestDocument;
class ProblemsOutputPane;

/// DocumentApplier sends documents to the cluster: apply is all or nothing per document (a
/// document with errors is not sent and shows its problems), kubectl's lines go to the Output
/// tab; live mode applies each valid pause in typing; templates are fitted to a tier and added
/// to the current document. It remembers the text each document last applied, which tells
/// live mode and DocumentSync what the cluster already has. Thread: GUI thread; never waits
/// on the engine.
class DocumentApplier : public QObject
{
    Q_OBJECT
public:
    DocumentApplier(Engine &engine, const ClusterState &state, DocumentTabs &tabs,
                    ProblemsOutputPane &pane, QObject *parent = nullptr);

    /// setTierAt tells how to find the tier under a point of the canvas (for dropTemplate).
    void setTierAt(std::function<QString(const QPointF &scenePos)> tierAt)
    {
        m_tierAt = std::move(tierAt);
    }
    void applyDocument(ManifestDocument *document);
    void applyCurrent();
    void setLive(bool live);
    bool live() const { return m_live; }
    /// applyIfLive applies the document in live mode when it is valid and changed since.
    void applyIfLive(ManifestDocument *document);
    /// addToCurrent appends YAML as new documents (---) of the current tab and applies it.
    void addToCurrent(const QString &yaml);
    /// dropTemplate fits a template to the tier at a scene point and adds it (no point:
    /// no tier).
    void dropTemplate(const QString &id, const std::optional<QPointF> &scenePos);
    /// hasApplied says whether the document was ever applied (or followed the cluster).
    bool hasApplied(ManifestDocument *document) const;
    /// markApplied records the document's text as what the cluster holds.
    void markApplied(ManifestDocument *document);
    /// forget drops what is remembered of a closed document.
    void forget(ManifestDocument *document);

signals:
    /// applied reports an apply of a document: ok and kubectl's lines, or the problems.
    void applied(ManifestDocument *document, bool ok, const QStringList &lines);
    void liveChanged(bool live);

private:
    void refuseWithProblems(ManifestDocument *document);
    void sendToEngine(ManifestDocument *document);

    Engine &m_engine;
    const ClusterState &m_state;
    DocumentTabs &m_tabs;
    ProblemsOutputPane &m_pane;
    std::function<QString(const QPointF &)> m_tierAt;
    QHash<ManifestDocument *, QString> m_lastApplied; ///< the text last applied
    bool m_live = false;
};

} // namespace clusterlab::app
