#pragma once

#include "api/discovery.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <string>
#include <vector>

namespace clusterlab::app {

/// KubectlArgs is a built-in kubectl command line sorted into kubectl's words: the verb, the
/// positional arguments and the flags the subset understands.
struct KubectlArgs
{
    QString verb;
    QStringList positional;
    QString ns = QStringLiteral("default"); ///< -n, --namespace
    bool allNamespaces = false; ///< -A, --all-namespaces
    QString output; ///< -o: "", "wide", "yaml", "json", "name"
    QString selector; ///< -l, --selector
    QStringList files; ///< -f, --filename
    std::optional<int> replicas; ///< --replicas
    bool overwrite = false; ///< --overwrite
    QString error; ///< an unknown flag or a flag without its value
};

/// parseKubectlArgs reads argv after "kubectl" (`--flag=value`, `--flag value`, `-n value`,
/// `-nvalue`). Pure function.
KubectlArgs parseKubectlArgs(const QStringList &args);

/// findResource maps what a person types to a served resource: plural ("services"),
/// singular ("service"), short name ("svc"), Kind ("Service") or "resource.group"
/// ("deployments.apps"); nullptr when nothing is served under that name.
const api::ApiResource *findResource(const QString &typed);

/// ResourceTarget is one resource type a command is about and the names given for it
/// (none: every object of the type).
struct ResourceTarget
{
    const api::ApiResource *resource = nullptr;
    QStringList names;
};

/// ResourceTargets is what `TYPE[,TYPE] [NAME...]` or `TYPE/NAME...` names; "all" is every
/// resource in the category all.
struct ResourceTargets
{
    std::vector<ResourceTarget> targets;
    bool severalTypes = false; ///< kubectl then prefixes names with "type/"
    QString error; ///< in kubectl's words
};

/// resolveTargets reads the positional arguments of get, describe, delete, scale and label.
ResourceTargets resolveTargets(const QStringList &positional);

/// collectionPath is "/api/v1/namespaces/NS/services" (ns empty: every namespace, or a
/// cluster-scoped resource) and, with name, that one object's path.
std::string collectionPath(const api::ApiResource &resource, const QString &ns,
                           const QString &name = {});

/// qualifiedName is how kubectl names a resource in output: "service", "deployment.apps".
std::string qualifiedName(const api::ApiResource &resource);

} // namespace clusterlab::app
