#include "terminal/builtin_kubectl.h"

#include "terminal/kubectl_args.h"
#include "terminal/kubectl_describe.h"
#include "terminal/kubectl_get.h"
#include "terminal/kubectl_manifest_writes.h"
#include "terminal/kubectl_object_writes.h"

namespace clusterlab::app {

BuiltinKubectl::BuiltinKubectl(Engine &engine, QString workingDirectory)
    : m_api(engine), m_workingDirectory(std::move(workingDirectory))
{
}

QStringList BuiltinKubectl::verbs()
{
    return { QStringLiteral("get"),   QStringLiteral("describe"), QStringLiteral("create"),
             QStringLiteral("apply"), QStringLiteral("delete"),   QStringLiteral("scale"),
             QStringLiteral("label") };
}

KubectlResult BuiltinKubectl::run(const QStringList &argv)
{
    const KubectlArgs args = parseKubectlArgs(argv);
    if (!args.error.isEmpty())
        return kubectlFailure(args.error.toStdString());
    const QString &verb = args.verb;
    if (verb == QLatin1String("get"))
        return KubectlGet(m_api).run(args);
    if (verb == QLatin1String("describe"))
        return KubectlDescribe(m_api).run(args);
    if (verb == QLatin1String("create"))
        return KubectlManifestWrites(m_api, m_workingDirectory).create(args);
    if (verb == QLatin1String("apply"))
        return KubectlManifestWrites(m_api, m_workingDirectory).apply(args);
    if (verb == QLatin1String("delete") && !args.files.isEmpty())
        return KubectlManifestWrites(m_api, m_workingDirectory).remove(args);
    if (verb == QLatin1String("delete"))
        return KubectlObjectWrites(m_api).remove(args);
    if (verb == QLatin1String("scale"))
        return KubectlObjectWrites(m_api).scale(args);
    if (verb == QLatin1String("label"))
        return KubectlObjectWrites(m_api).label(args);
    const QString supported = verbs().join(QStringLiteral(", "));
    if (verb.isEmpty())
        return kubectlFailure(
                QStringLiteral("kubectl (built-in subset) knows: %1").arg(supported).toStdString());
    return kubectlFailure(QStringLiteral("error: unknown command \"%1\" for kubectl: the built-in "
                                         "subset knows %2")
                                  .arg(verb, supported)
                                  .toStdString());
}

} // namespace clusterlab::app
