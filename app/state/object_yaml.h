#pragma once

#include "model/object.h"

#include <QString>

#include <boost/json/value.hpp>

namespace clusterlab::app {

/// objectYaml renders an object as the cluster holds it, in YAML, as the API server encodes
/// it (core/api). Pure function.
QString objectYaml(const model::Object &object);

/// jsonToYaml writes a JSON value as block YAML (keys in document order). Pure function.
QString jsonToYaml(const boost::json::value &value);

} // namespace clusterlab::app
