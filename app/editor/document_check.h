#pragma once

#include "editor/editor_problem.h"
#include "manifest/decode.h"

#include <QString>

namespace clusterlab::app {

class ClusterMirror;

/// DocumentCheck is what checking a document's text gives: the decoded objects (with their
/// field positions) and every problem, errors before warnings, in line order.
struct DocumentCheck
{
    manifest::DecodeReport report;
    EditorProblems problems;
    bool hasErrors = false;
};

/// checkDocument runs core/manifest on the text exactly as an apply would (decode, then the
/// API server's validation of every object) and adds the editor's warnings (manifest_lint).
/// Columns are converted from the decoder's bytes to characters of the text.
/// Thread: GUI thread (reads the mirror; may be null).
DocumentCheck checkDocument(const QString &text, const QString &source,
                            const ClusterMirror *mirror);

/// toProblems turns diagnostics of text into editor problems (columns in characters).
EditorProblems toProblems(const std::vector<manifest::Diagnostic> &diagnostics,
                          const QString &text);

} // namespace clusterlab::app
