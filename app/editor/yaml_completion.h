#pragma once

#include <QString>
#include <QStringList>

namespace clusterlab::app {

/// YamlCompletion is what can be typed at the cursor: the word being typed (prefix) and the
/// candidates, field names where a key goes and enum values after a key that takes one.
struct YamlCompletion
{
    QString prefix;
    QStringList candidates;
};

/// yamlCompletion looks at the text of the line before the cursor. Pure function.
YamlCompletion yamlCompletion(const QString &lineBeforeCursor);

/// fieldNames lists the field names of the kinds ClusterLab supports, sorted.
const QStringList &fieldNames();

/// enumValues lists the values a field takes (type, protocol, sessionAffinity, ...), or none.
QStringList enumValues(const QString &field);

} // namespace clusterlab::app
