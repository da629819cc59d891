#include "editor/yaml_completion.h"

#include <QHash>
#include <QRegularExpression>

namespace clusterlab::app {

const QStringList &fieldNames()
{
    static const QStringList names = [] {
        QStringList n = {
            QStringLiteral("apiVersion"),
            QStringLiteral("kind"),
            QStringLiteral("metadata"),
            QStringLiteral("name"),
            QStringLiteral("namespace"),
            QStringLiteral("labels"),
            QStringLiteral("annotations"),
            QStringLiteral("generateName"),
            QStringLiteral("spec"),
            QStringLiteral("replicas"),
            QStringLiteral("selector"),
            QStringLiteral("matchLabels"),
            QStringLiteral("matchExpressions"),
            QStringLiteral("key"),
            QStringLiteral("operator"),
            QStringLiteral("values"),
            QStringLiteral("template"),
            QStringLiteral("containers"),
            QStringLiteral("initContainers"),
            QStringLiteral("image"),
            QStringLiteral("imagePullPolicy"),
            QStringLiteral("ports"),
            QStringLiteral("containerPort"),
            QStringLiteral("hostPort"),
            QStringLiteral("protocol"),
            QStringLiteral("env"),
            QStringLiteral("value"),
            QStringLiteral("readinessProbe"),
            QStringLiteral("httpGet"),
            QStringLiteral("tcpSocket"),
            QStringLiteral("path"),
            QStringLiteral("port"),
            QStringLiteral("targetPort"),
            QStringLiteral("nodePort"),
            QStringLiteral("appProtocol"),
            QStringLiteral("type"),
            QStringLiteral("clusterIP"),
            QStringLiteral("clusterIPs"),
            QStringLiteral("externalName"),
            QStringLiteral("externalIPs"),
            QStringLiteral("sessionAffinity"),
            QStringLiteral("sessionAffinityConfig"),
            QStringLiteral("clientIP"),
            QStringLiteral("timeoutSeconds"),
            QStringLiteral("externalTrafficPolicy"),
            QStringLiteral("internalTrafficPolicy"),
            QStringLiteral("ipFamilyPolicy"),
            QStringLiteral("ipFamilies"),
            QStringLiteral("publishNotReadyAddresses"),
            QStringLiteral("loadBalancerIP"),
            QStringLiteral("serviceName"),
            QStringLiteral("podManagementPolicy"),
            QStringLiteral("strategy"),
            QStringLiteral("rollingUpdate"),
            QStringLiteral("maxSurge"),
            QStringLiteral("maxUnavailable"),
            QStringLiteral("minReadySeconds"),
            QStringLiteral("revisionHistoryLimit"),
            QStringLiteral("progressDeadlineSeconds"),
            QStringLiteral("paused"),
            QStringLiteral("restartPolicy"),
            QStringLiteral("terminationGracePeriodSeconds"),
            QStringLiteral("nodeName"),
            QStringLiteral("hostname"),
            QStringLiteral("subdomain"),
            QStringLiteral("command"),
            QStringLiteral("args"),
            QStringLiteral("resources"),
            QStringLiteral("limits"),
            QStringLiteral("requests"),
            QStringLiteral("data"),
            QStringLiteral("initialDelaySeconds"),
            QStringLiteral("periodSeconds"),
        };
        n.sort();
        n.removeDuplicates();
        return n;
    }();
    return names;
}

QStringList enumValues(const QString &field)
{
    static const QHash<QString, QStringList> values = {
        { QStringLiteral("type"),
          { QStringLiteral("ClusterIP"), QStringLiteral("NodePort"), QStringLiteral("LoadBalancer"),
            QStringLiteral("ExternalName"), QStringLiteral("RollingUpdate"),
            QStringLiteral("Recreate") } },
        { QStringLiteral("protocol"),
          { QStringLiteral("TCP"), QStringLiteral("UDP"), QStringLiteral("SCTP") } },
        { QStringLiteral("sessionAffinity"),
          { QStringLiteral("None"), QStringLiteral("ClientIP") } },
        { QStringLiteral("imagePullPolicy"),
          { QStringLiteral("Always"), QStringLiteral("IfNotPresent"), QStringLiteral("Never") } },
        { QStringLiteral("restartPolicy"),
          { QStringLiteral("Always"), QStringLiteral("OnFailure"), QStringLiteral("Never") } },
        { QStringLiteral("externalTrafficPolicy"),
          { QStringLiteral("Cluster"), QStringLiteral("Local") } },
        { QStringLiteral("internalTrafficPolicy"),
          { QStringLiteral("Cluster"), QStringLiteral("Local") } },
        { QStringLiteral("ipFamilyPolicy"),
          { QStringLiteral("SingleStack"), QStringLiteral("PreferDualStack"),
            QStringLiteral("RequireDualStack") } },
        { QStringLiteral("podManagementPolicy"),
          { QStringLiteral("OrderedReady"), QStringLiteral("Parallel") } },
        { QStringLiteral("operator"),
          { QStringLiteral("In"), QStringLiteral("NotIn"), QStringLiteral("Exists"),
            QStringLiteral("DoesNotExist") } },
        { QStringLiteral("apiVersion"), { QStringLiteral("v1"), QStringLiteral("apps/v1") } },
        { QStringLiteral("kind"),
          { QStringLiteral("Pod"), QStringLiteral("Service"), QStringLiteral("Deployment"),
            QStringLiteral("ReplicaSet"), QStringLiteral("StatefulSet"),
            QStringLiteral("ReplicationController"), QStringLiteral("Namespace"),
            QStringLiteral("ConfigMap"), QStringLiteral("Endpoints") } },
    };
    return values.value(field);
}

YamlCompletion yamlCompletion(const QString &lineBeforeCursor)
{
    // "  key: val" -> enum values of key; "  - ke" or "  ke" -> field names.
    static const QRegularExpression valuePattern(
            QStringLiteral(R"(^\s*(?:-\s+)*([A-Za-z]+)\s*:\s+([A-Za-z/0-9]*)$)"));
    static const QRegularExpression keyPattern(QStringLiteral(R"(^\s*(?:-\s+)*([A-Za-z]*)$)"));
    if (const auto m = valuePattern.match(lineBeforeCursor); m.hasMatch()) {
        const QStringList values = enumValues(m.captured(1));
        return { m.captured(2), values };
    }
    if (const auto m = keyPattern.match(lineBeforeCursor); m.hasMatch())
        return { m.captured(1), fieldNames() };
    return {};
}

} // namespace clusterlab::app
