#pragma once

#include "model/object.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clusterlab::api {

/// formatTime prints a time as the API server does (RFC 3339, seconds, UTC).
std::string formatTime(model::Time time);
/// parseTime reads an RFC 3339 time; nothing when it is not one.
std::optional<model::Time> parseTime(std::string_view text);

/// encodeObject renders a stored object as the API server returns it: the document as it
/// was written (raw) overlaid with every modelled field as it is now, metadata as the server
/// stamps it (uid, resourceVersion as a string, creationTimestamp, generation,
/// ownerReferences), and status. Thread: any; pure function.
boost::json::object encodeObject(const model::Object &object);

/// encodeEventV1 renders a core Event in the events.k8s.io/v1 shape.
boost::json::object encodeEventV1(const model::Event &event);

/// encodeMeta renders ObjectMeta over the metadata written in raw.
boost::json::object encodeMeta(const model::ObjectMeta &meta, const boost::json::object *raw,
                               bool namespaced);

/// partialObjectMetadata is the meta.k8s.io/v1 PartialObjectMetadata of a Table row.
boost::json::object partialObjectMetadata(const model::Object &object);

/// stripServerFields removes what the server owns (status, uid, resourceVersion, timestamps,
/// managedFields) from a document before it is decoded and kept as the object's raw.
void stripServerFields(boost::json::object &document);

namespace detail {
// Pods and the workloads that template them (encode_workloads.cpp).
void overlayPodSpec(boost::json::object &spec, const model::PodSpec &model);

/// defaultServiceAccount gives a Pod's spec what the ServiceAccount admission plugin and v1
/// conversion give it: serviceAccountName "default" when none is named, mirrored into the
/// deprecated serviceAccount. Pod templates are left alone, as on a real cluster.
void defaultServiceAccount(boost::json::object &spec);
void overlayTemplate(boost::json::object &tmpl, const model::PodTemplateSpec &model);
boost::json::object podStatus(const model::Pod &pod);
boost::json::object labelSelector(const model::LabelSelector &selector);
boost::json::object stringMap(const model::Labels &labels);
boost::json::object &child(boost::json::object &parent, std::string_view key);
void encodeWorkload(boost::json::object &doc, const model::Deployment &deployment);
void encodeWorkload(boost::json::object &doc, const model::ReplicaSet &replicaSet);
void encodeWorkload(boost::json::object &doc, const model::StatefulSet &statefulSet);
void encodeWorkload(boost::json::object &doc, const model::ReplicationController &rc);
// Services and their endpoints (encode_services.cpp).
void encodeService(boost::json::object &doc, const model::Service &service);
void encodeEndpoints(boost::json::object &doc, const model::Endpoints &endpoints);
void encodeEndpointSlice(boost::json::object &doc, const model::EndpointSlice &slice);
// Shared by the encoders (encode.cpp).
boost::json::array strings(const std::vector<std::string> &values);
boost::json::object objectReference(const model::ObjectReference &ref);
} // namespace detail

} // namespace clusterlab::api
