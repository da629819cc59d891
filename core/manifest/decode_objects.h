#pragma once

#include "manifest/field_reader.h"
#include "model/object.h"

namespace clusterlab::manifest::detail {

void readService(FieldReader &r, model::Service &svc);
void readDeployment(FieldReader &r, model::Deployment &d);
void readReplicaSet(FieldReader &r, model::ReplicaSet &rs);
void readStatefulSet(FieldReader &r, model::StatefulSet &ss);
void readReplicationController(FieldReader &r, model::ReplicationController &rc);
void readEndpoints(FieldReader &r, model::Endpoints &ep);
void readEndpointSlice(FieldReader &r, model::EndpointSlice &slice);
void readNode(FieldReader &r, model::Node &node);
void readEvent(FieldReader &r, model::Event &ev);
void readStored(FieldReader &r, const std::string &kind);

} // namespace clusterlab::manifest::detail
