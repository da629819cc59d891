#pragma once

#include "cluster/controller.h"

#include <map>
#include <set>
#include <string>
#include <tuple>

namespace clusterlab::cluster {

/// ServiceSelectorIndex finds the Services whose selector may select a Pod without walking
/// every Service: each Service is filed under the first label of its selector, which every Pod
/// it selects must carry. So a Pod event costs O(labels of the Pod), not O(Services).
/// Thread: engine strand only.
class ServiceSelectorIndex
{
public:
    /// update files a Service (previous -> current; null side = added or deleted).
    void update(const model::Service *previous, const model::Service *current);
    /// servicesFor adds to out the names of Services in ns whose selector selects labels.
    void servicesFor(const std::string &ns, const model::Labels &labels,
                     std::set<NamespacedName> &out) const;

private:
    /// (namespace, label key, label value) -> Service name -> its selector
    std::map<std::tuple<std::string, std::string, std::string>,
             std::map<std::string, model::Labels>, TextTupleLess>
            m_byFirstLabel;
};

} // namespace clusterlab::cluster
