#include "cluster/service_selector_index.h"

namespace clusterlab::cluster {

void ServiceSelectorIndex::update(const model::Service *previous, const model::Service *current)
{
    const auto file = [&](const model::Service &svc, bool add) {
        const auto &selector = svc.spec.selector;
        if (!selector || selector->empty())
            return;
        const auto &[key, value] = *selector->begin();
        const auto slot = std::make_tuple(svc.metadata.namespace_, key, value);
        if (add) {
            m_byFirstLabel[slot][svc.metadata.name] = *selector;
            return;
        }
        const auto it = m_byFirstLabel.find(slot);
        if (it == m_byFirstLabel.end())
            return;
        it->second.erase(svc.metadata.name);
        if (it->second.empty())
            m_byFirstLabel.erase(it);
    };
    if (previous && current && previous->spec.selector == current->spec.selector)
        return;
    if (previous)
        file(*previous, false);
    if (current)
        file(*current, true);
}

void ServiceSelectorIndex::servicesFor(const std::string &ns, const model::Labels &labels,
                                       std::set<NamespacedName> &out) const
{
    for (const auto &[key, value] : labels) {
        // Looked up by views: this runs for every label of every Pod change.
        const auto it = m_byFirstLabel.find(std::make_tuple(
                std::string_view(ns), std::string_view(key), std::string_view(value)));
        if (it == m_byFirstLabel.end())
            continue;
        for (const auto &[name, selector] : it->second)
            if (model::matchesMap(selector, labels))
                out.insert({ ns, name });
    }
}

} // namespace clusterlab::cluster
