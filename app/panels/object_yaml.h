#pragma once

#include "model/object.h"

#include <QString>

#include <boost/json/value.hpp>

namespace clusterlab::app {

/// objectYaml renders an object as the cluster holds it, in YAML: with the API encoder
/// (core/api) when it is built, else the document as written overlaid with the metadata and
/// status fields the canvas shows. Pure function.
QString objectYaml(const model::Object &object);

/// jsonToYaml writes a JSON value as block YAML (keys in document order). Pure function.
QString jsonToYaml(const boost::json::value &value);

} // namespace clusterlab::app
