#pragma once

#include "manifest/decode.h"
#include "model/object.h"

#include <QList>
#include <QString>

#include <optional>
#include <utility>

class QTextDocument;

namespace clusterlab::app {

/// TextEdit replaces the characters [start, end) of a document with text.
struct TextEdit
{
    int start = 0;
    int end = 0;
    QString text;
};

/// scalarSpan is where the scalar written at pos (1-based line, byte column as the decoder
/// gives it) starts and ends in the document: a plain word, a quoted string, a number.
std::optional<std::pair<int, int>> scalarSpan(const QTextDocument &document,
                                              manifest::SourcePos pos);

/// planSyncEdits says how to change the text of written (an object as decoded from the
/// document) so it follows what the cluster changed from previous to current: spec.replicas
/// of workloads, metadata.labels, a Service's spec.selector and spec.sessionAffinity. Only
/// what the cluster changed is touched, in place, so comments and formatting stay; a missing
/// scalar or map key is added on its own line; a flow map ({a: b}) is rewritten whole.
/// Edits come sorted from the end of the document, ready to apply in one edit block.
/// Pure function (reads the document).
QList<TextEdit> planSyncEdits(const QTextDocument &document, const manifest::DecodedObject &written,
                              const model::Object &previous, const model::Object &current);

/// applyEdits applies edits (sorted from the end) as one undoable step.
void applyEdits(QTextDocument &document, const QList<TextEdit> &edits);

/// yamlScalar writes a string as a YAML scalar: plain when it reads back as the same string,
/// else double-quoted.
QString yamlScalar(const QString &value);

} // namespace clusterlab::app
