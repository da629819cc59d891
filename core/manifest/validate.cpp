#include "manifest/validate.h"

#include "manifest/validation_internal.h"

#include <utility>

namespace clusterlab::manifest {

namespace {

using detail::ErrorList;

ErrorList validateObject(const model::Object &object)
{
    return std::visit(
            [&](const auto &o) -> ErrorList {
                using T = std::decay_t<decltype(o)>;
                if constexpr (std::is_same_v<T, model::Pod>)
                    return detail::validatePod(o);
                else if constexpr (std::is_same_v<T, model::Service>)
                    return detail::validateService(o);
                else if constexpr (std::is_same_v<T, model::Deployment>)
                    return detail::validateDeployment(o);
                else if constexpr (std::is_same_v<T, model::ReplicaSet>)
                    return detail::validateReplicaSet(o);
                else if constexpr (std::is_same_v<T, model::StatefulSet>)
                    return detail::validateStatefulSet(o);
                else if constexpr (std::is_same_v<T, model::ReplicationController>)
                    return detail::validateReplicationController(o);
                else
                    return detail::validateMetaOnly(object);
            },
            object);
}

/// validateMetaUpdate is the immutable part of ValidateObjectMetaUpdate.
void validateMetaUpdate(const model::ObjectMeta &previous, const model::ObjectMeta &current,
                        ErrorList &errs)
{
    if (previous.name != current.name)
        errs.invalid("metadata.name", detail::goString(current.name), "field is immutable");
    if (previous.namespace_ != current.namespace_)
        errs.invalid("metadata.namespace", detail::goString(current.namespace_),
                     "field is immutable");
}

ErrorList validateObjectUpdate(const model::Object &previous, const model::Object &current)
{
    ErrorList errs;
    validateMetaUpdate(model::meta(previous), model::meta(current), errs);
    if (model::kindOf(previous) != model::kindOf(current)) {
        errs.append(validateObject(current));
        return errs;
    }
    if (auto *svc = std::get_if<model::Service>(&current)) {
        // ValidateServiceUpdate: the clusterIP checks come before ValidateService.
        detail::validateServiceClusterIPUpdate(std::get<model::Service>(previous), *svc, errs);
        errs.append(validateObject(current));
        return errs;
    }
    // The apps/v1 strategies append their immutability checks after the spec validation.
    errs.append(validateObject(current));
    if (auto *d = std::get_if<model::Deployment>(&current))
        detail::validateSelectorImmutable(std::get<model::Deployment>(previous).spec.selector,
                                          d->spec.selector, d->raw, errs);
    else if (auto *rs = std::get_if<model::ReplicaSet>(&current))
        detail::validateSelectorImmutable(std::get<model::ReplicaSet>(previous).spec.selector,
                                          rs->spec.selector, rs->raw, errs);
    else if (auto *ss = std::get_if<model::StatefulSet>(&current))
        detail::validateStatefulSetUpdate(std::get<model::StatefulSet>(previous), *ss, errs);
    return errs;
}

/// aliasesOf lists where a field may have been written when the error's path is one the user
/// did not write literally (the strategy or defaulting filled it in).
std::vector<std::string> aliasesOf(const std::string &field)
{
    std::vector<std::string> out;
    auto replacePrefix = [&](const std::string &from, const std::string &to) {
        if (field.compare(0, from.size(), from) == 0)
            out.push_back(to + field.substr(from.size()));
    };
    if (field.compare(0, 15, "spec.clusterIPs") == 0)
        out.push_back("spec.clusterIP");
    replacePrefix("spec.template.labels", "spec.template.metadata.labels");
    replacePrefix("spec.template.annotations", "spec.template.metadata.annotations");
    // A defaulted targetPort is the port.
    const std::string target = ".targetPort";
    if (field.size() > target.size()
        && field.compare(field.size() - target.size(), target.size(), target) == 0)
        out.push_back(field.substr(0, field.size() - target.size()) + ".port");
    return out;
}

SourcePos locate(const DecodedObject &decoded, const detail::LocatedError &e)
{
    const model::Raw &raw = model::rawOf(decoded.object);
    std::vector<std::string> candidates;
    if (!e.at.empty())
        candidates.push_back(e.at);
    candidates.push_back(e.error.field);
    for (auto &alias : aliasesOf(e.error.field))
        candidates.push_back(std::move(alias));
    for (const auto &path : candidates) {
        if (path.empty() || !detail::rawAt(raw, path))
            continue;
        const bool key = e.atKey && path == e.at;
        const SourcePos pos = key ? decoded.positions.findKey(path) : decoded.positions.find(path);
        if (pos.valid())
            return pos;
    }
    // Nothing written there: point at the nearest written parent.
    const SourcePos pos = decoded.positions.find(e.error.field);
    return pos.valid() ? pos : decoded.pos;
}

} // namespace

std::vector<FieldError> validate(const model::Object &object)
{
    return validateObject(object).fieldErrors();
}

std::vector<FieldError> validateUpdate(const model::Object &previous, const model::Object &current)
{
    return validateObjectUpdate(previous, current).fieldErrors();
}

std::vector<Diagnostic> validateDecoded(const DecodedObject &decoded)
{
    const std::string object =
            model::kindOf(decoded.object) + "/" + model::meta(decoded.object).name;
    std::vector<Diagnostic> out;
    const ErrorList errors = validateObject(decoded.object);
    for (const auto &e : errors.errors())
        out.push_back(Diagnostic{ Severity::Error, decoded.source, locate(decoded, e),
                                  e.error.field, e.error.message(), object });
    return out;
}

std::string qualifiedKind(const std::string &kind)
{
    const model::KindInfo *info = model::kindInfo(kind);
    if (!info || !*info->group)
        return kind;
    return kind + "." + info->group;
}

} // namespace clusterlab::manifest
