#pragma once

#include "manifest/diagnostic.h"
#include "manifest/yaml_reader.h"
#include "model/object.h"

#include <boost/json/value.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clusterlab::manifest {

/// DecodedObject is one object read from a manifest, with where each of its fields was written.
struct DecodedObject
{
    model::Object object;
    std::string source;
    SourcePos pos; ///< where the object's document starts
    PositionMap positions; ///< relative to the object's root
};

/// DecodeReport is what reading manifests gives: every object that could be read and every
/// problem found. It keeps going after a bad document, so all problems are reported at once.
struct DecodeReport
{
    std::vector<DecodedObject> objects;
    std::vector<Diagnostic> diagnostics;

    bool hasErrors() const;
    void append(DecodeReport other);
};

/// decodeObject turns one JSON object (a parsed document) into a model Object, applying the
/// API server's defaults. Unknown fields are kept in raw and reported as warnings.
std::optional<model::Object> decodeObject(const boost::json::object &document,
                                          const std::string &source, const PositionMap &positions,
                                          std::vector<Diagnostic> &out);

/// decodeText reads every object of a YAML or JSON stream (documents, `kind: List`).
DecodeReport decodeText(std::string_view text, const std::string &source);

/// decodePath reads a file, or every .yaml/.yml/.json file of a directory in name order
/// (as `kubectl apply -f DIR` does).
DecodeReport decodePath(const std::filesystem::path &path);

} // namespace clusterlab::manifest
