#include "manifest/validation_internal.h"

#include <algorithm>
#include <cctype>

namespace clusterlab::manifest::detail {

NameRule nameRuleOf(const std::string &kind)
{
    if (kind == "Service")
        return NameRule::DNS1035Label;
    // StatefulSet names become Pod host names ("web-0"), so apps validation wants a label.
    if (kind == "Namespace" || kind == "StatefulSet")
        return NameRule::DNSLabel;
    return NameRule::DNSSubdomain;
}

void validateObjectMeta(const model::ObjectMeta &meta, NameRule rule, bool namespaced,
                        ErrorList &errs)
{
    if (!meta.generateName.empty())
        errs.invalidEach("metadata.generateName", goString(meta.generateName),
                         validateName(rule, meta.generateName, true));
    // With generateName the registry makes the name before validation runs; the generated
    // suffix is always valid, so only the prefix above can be wrong.
    if (meta.name.empty()) {
        if (meta.generateName.empty())
            errs.required("metadata.name", "name or generateName is required");
    } else {
        errs.invalidEach("metadata.name", goString(meta.name),
                         validateName(rule, meta.name, false));
    }
    // An empty namespace is the request's (kubectl sends "default"), so only a written one is
    // checked here.
    if (namespaced && !meta.namespace_.empty()) {
        errs.invalidEach("metadata.namespace", goString(meta.namespace_),
                         validateName(NameRule::DNSLabel, meta.namespace_, false));
    }
    if (meta.generation < 0)
        errs.invalid("metadata.generation", goInt(meta.generation),
                     "must be greater than or equal to 0");
    validateLabels(meta.labels, "metadata.labels", "metadata.labels", errs);
    validateAnnotations(meta.annotations, "metadata.annotations", "metadata.annotations", errs);
}

void validateLabels(const model::Labels &labels, const std::string &path, const std::string &at,
                    ErrorList &errs)
{
    // Go ranges over a map in random order; sorted order keeps the output stable.
    for (const auto &[key, value] : labels) {
        const std::string entry = child(at, key);
        errs.invalidEach(path, goString(key), isQualifiedName(key), entry, true);
        errs.invalidEach(path, goString(value), isValidLabelValue(value), entry);
    }
}

void validateAnnotations(const model::Labels &annotations, const std::string &path,
                         const std::string &at, ErrorList &errs)
{
    std::size_t total = 0;
    for (const auto &[key, value] : annotations) {
        std::string lower = key;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) {
            return static_cast<char>(std::tolower(c));
        });
        errs.invalidEach(path, goString(key), isQualifiedName(lower), child(at, key), true);
        total += key.size() + value.size();
    }
    if (total > 256 * 1024)
        errs.tooLong(path, 256 * 1024);
}

void validateLabelSelector(const model::LabelSelector &selector, const std::string &path,
                           ErrorList &errs)
{
    const std::string labelsPath = child(path, "matchLabels");
    validateLabels(selector.matchLabels, labelsPath, labelsPath, errs);
    for (std::size_t i = 0; i < selector.matchExpressions.size(); ++i) {
        const auto &req = selector.matchExpressions[i];
        const std::string reqPath = index(child(path, "matchExpressions"), i);
        if (req.op == "In" || req.op == "NotIn") {
            if (req.values.empty())
                errs.required(child(reqPath, "values"),
                              "must be specified when `operator` is 'In' or 'NotIn'");
        } else if (req.op == "Exists" || req.op == "DoesNotExist") {
            if (!req.values.empty())
                errs.forbidden(child(reqPath, "values"),
                               "may not be specified when `operator` is 'Exists' or "
                               "'DoesNotExist'");
        } else {
            errs.invalid(child(reqPath, "operator"), goString(req.op),
                         "not a valid selector operator");
        }
        errs.invalidEach(child(reqPath, "key"), goString(req.key), isQualifiedName(req.key));
        for (std::size_t v = 0; v < req.values.size(); ++v)
            errs.invalidEach(index(child(reqPath, "values"), v), goString(req.values[v]),
                             isValidLabelValue(req.values[v]));
    }
}

bool selectorConvertible(const model::LabelSelector &selector)
{
    for (const auto &[key, value] : selector.matchLabels)
        if (!isQualifiedName(key).empty() || !isValidLabelValue(value).empty())
            return false;
    for (const auto &req : selector.matchExpressions) {
        if (!isQualifiedName(req.key).empty())
            return false;
        if ((req.op == "In" || req.op == "NotIn") && req.values.empty())
            return false;
        if ((req.op == "Exists" || req.op == "DoesNotExist") && !req.values.empty())
            return false;
        if (req.op != "In" && req.op != "NotIn" && req.op != "Exists" && req.op != "DoesNotExist")
            return false;
        for (const auto &v : req.values)
            if (!isValidLabelValue(v).empty())
                return false;
    }
    return true;
}

ErrorList validateMetaOnly(const model::Object &object)
{
    ErrorList errs;
    const std::string kind = model::kindOf(object);
    const model::KindInfo *info = model::kindInfo(kind);
    validateObjectMeta(model::meta(object), nameRuleOf(kind), info ? info->namespaced : true, errs);
    return errs;
}

} // namespace clusterlab::manifest::detail
