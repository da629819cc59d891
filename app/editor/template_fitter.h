#pragma once

#include <QList>
#include <QString>

namespace clusterlab::app {

class ClusterMirror;

/// TemplateInfo is one entry of the template palette; its YAML is :/templates/<id>.yaml.
struct TemplateInfo
{
    QString id;
    QString title;
    QString tip;
};

/// templateCatalogue lists the templates in palette order.
const QList<TemplateInfo> &templateCatalogue();

/// templateText is a template's YAML with its placeholders (__NAME__, __LABELS__,
/// __SELECTOR__, __PORT__) still in it; empty for an unknown id.
QString templateText(const QString &id);

/// fitTemplate fills a template in for the tier it was dropped on: a Service selects the
/// tier's Pods (the selector of its workload) on the port they declare and is named after
/// the tier; a Deployment or Pod joins the tier; names never clash with objects that exist
/// or that taken lists. With no tier, plain defaults ("web", port 80). Thread: GUI thread.
QString fitTemplate(const QString &id, const QString &tier, const ClusterMirror &mirror,
                    const QStringList &taken = {});

} // namespace clusterlab::app
