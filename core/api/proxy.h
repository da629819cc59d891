#pragma once

#include <string>

namespace clusterlab::api {

/// ProxySpec is one `pods/{name}/proxy` or `services/{name}/proxy` request the API server
/// agreed to serve (what `kubectl proxy` and `kubectl cluster-info` URLs reach): the Pod
/// chosen (for a Service, one ready endpoint at random, as kube-apiserver picks), the Pod's
/// port, and the path and query to ask it for.
struct ProxySpec
{
    std::string namespace_;
    std::string pod;
    std::string podUid;
    std::string podIP;
    int port = 0;
    std::string target; ///< "/path?query", the part after ".../proxy"
};

} // namespace clusterlab::api
