#include "api/selectors.h"

#include <algorithm>

namespace clusterlab::api {

namespace {

const std::vector<std::string> kEventFields = { "involvedObject.kind",
                                                "involvedObject.namespace",
                                                "involvedObject.name",
                                                "involvedObject.uid",
                                                "involvedObject.apiVersion",
                                                "involvedObject.resourceVersion",
                                                "involvedObject.fieldPath",
                                                "reason",
                                                "reportingComponent",
                                                "source",
                                                "type" };

bool supported(const std::string &kind, const std::string &key)
{
    if (key == "metadata.name" || key == "metadata.namespace")
        return true;
    if (kind == "Pod")
        return key == "spec.nodeName" || key == "status.phase" || key == "status.podIP"
                || key == "spec.restartPolicy" || key == "spec.schedulerName"
                || key == "spec.serviceAccountName" || key == "status.nominatedNodeName";
    if (kind == "Event")
        return std::count(kEventFields.begin(), kEventFields.end(), key) > 0;
    if (kind == "Namespace")
        return key == "status.phase";
    if (kind == "Node")
        return key == "spec.unschedulable";
    return false;
}

std::string fieldValue(const model::Object &object, const std::string &key)
{
    const auto &meta = model::meta(object);
    if (key == "metadata.name")
        return meta.name;
    if (key == "metadata.namespace")
        return meta.namespace_;
    if (const auto *pod = std::get_if<model::Pod>(&object)) {
        if (key == "spec.nodeName")
            return pod->spec.nodeName;
        if (key == "status.phase")
            return pod->status.phase;
        if (key == "status.podIP")
            return pod->status.podIP;
        if (key == "spec.restartPolicy")
            return pod->spec.restartPolicy;
        if (key == "spec.schedulerName")
            return "default-scheduler";
        if (key == "spec.serviceAccountName")
            return "default";
        return {};
    }
    if (const auto *ev = std::get_if<model::Event>(&object)) {
        const auto &ref = ev->involvedObject;
        if (key == "involvedObject.kind")
            return ref.kind;
        if (key == "involvedObject.namespace")
            return ref.namespace_;
        if (key == "involvedObject.name")
            return ref.name;
        if (key == "involvedObject.uid")
            return ref.uid;
        if (key == "involvedObject.apiVersion")
            return ref.apiVersion;
        if (key == "reason")
            return ev->reason;
        if (key == "type")
            return ev->type;
        if (key == "source" || key == "reportingComponent")
            return ev->sourceComponent;
        return {};
    }
    if (const auto *ns = std::get_if<model::Namespace>(&object); ns && key == "status.phase")
        return ns->phase;
    if (const auto *node = std::get_if<model::Node>(&object); node && key == "spec.unschedulable")
        return node->unschedulable ? "true" : "false";
    return {};
}

std::string trim(const std::string &s)
{
    const auto b = s.find_first_not_of(' ');
    const auto e = s.find_last_not_of(' ');
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

} // namespace

bool Selectors::matches(const model::Object &object) const
{
    if (!labels.empty() && !model::matches(labels, model::meta(object).labels))
        return false;
    for (const auto &f : fields)
        if ((fieldValue(object, f.key) == f.value) != f.equals)
            return false;
    return true;
}

std::optional<std::string> parseSelectors(const std::string &labelSelector,
                                          const std::string &fieldSelector, const std::string &kind,
                                          Selectors &out)
{
    std::string error;
    if (!model::parseSelectorString(labelSelector, out.labels, error))
        return "unable to parse requirement: " + error;
    std::size_t start = 0;
    while (!trim(fieldSelector).empty() && start <= fieldSelector.size()) {
        auto end = fieldSelector.find(',', start);
        if (end == std::string::npos)
            end = fieldSelector.size();
        const std::string term = trim(fieldSelector.substr(start, end - start));
        start = end + 1;
        if (term.empty())
            continue;
        FieldRequirement req;
        std::size_t op = term.find("!=");
        std::size_t valueAt = op + 2;
        if (op != std::string::npos) {
            req.equals = false;
        } else if ((op = term.find("==")) != std::string::npos) {
            valueAt = op + 2;
        } else if ((op = term.find('=')) != std::string::npos) {
            valueAt = op + 1;
        } else {
            return "invalid selector: '" + fieldSelector + "'; can't understand '" + term + "'";
        }
        req.key = trim(term.substr(0, op));
        req.value = trim(term.substr(valueAt));
        if (!supported(kind, req.key))
            return "field label not supported: " + req.key;
        out.fields.push_back(std::move(req));
    }
    return std::nullopt;
}

} // namespace clusterlab::api
