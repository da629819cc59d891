#include "cluster/applier.h"

#include "manifest/validate.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

namespace clusterlab::cluster {

namespace {

/// positionOf finds where a field error's culprit was written (or its nearest written
/// parent); a ClusterIP error points at spec.clusterIP when that is what was written.
manifest::SourcePos positionOf(const manifest::DecodedObject &decoded, const std::string &field)
{
    if (field.starts_with("spec.clusterIPs")) {
        const auto *spec = model::rawOf(decoded.object).if_contains("spec");
        const bool written = spec && spec->is_object() && spec->get_object().contains("clusterIP");
        if (const auto pos = decoded.positions.find("spec.clusterIP"); written && pos.valid())
            return pos;
    }
    const auto pos = decoded.positions.find(field);
    return pos.valid() ? pos : decoded.pos;
}

std::string objectName(const model::Object &object)
{
    return model::kindOf(object) + "/" + model::meta(object).name;
}

/// namespacesCreatedBy claims the Namespaces the batch creates itself, so that the objects
/// the batch puts in them pass the namespace check.
Claims namespacesCreatedBy(const std::vector<manifest::DecodedObject> &objects)
{
    Claims claims;
    for (const auto &decoded : objects)
        if (std::holds_alternative<model::Namespace>(decoded.object))
            claims.namespaces.insert(model::meta(decoded.object).name);
    return claims;
}

/// prepareForApply puts a namespaced object written without a namespace in "default" and
/// drops its resourceVersion; it returns the key the object is stored under.
ObjectKey prepareForApply(model::Object &object)
{
    auto &meta = model::meta(object);
    const model::KindInfo *info = model::kindInfo(model::kindOf(object));
    if (info && info->namespaced && meta.namespace_.empty())
        meta.namespace_ = "default";
    meta.resourceVersion = 0; // apply is unconditional
    return keyOf(object);
}

/// repeatedInBatch is the error for an object the batch names a second time: create says it
/// exists, apply that it is defined more than once (and where first).
Error repeatedInBatch(ApplyMode mode, const ObjectKey &key, const manifest::DecodedObject &first)
{
    return mode == ApplyMode::Create
            ? alreadyExists(key.kind, key.name)
            : badRequest(resourceOf(key.kind) + " \"" + key.name
                         + "\" is defined more than once in this apply (first at " + first.source
                         + ":" + std::to_string(first.pos.line) + ")");
}

/// refuseInvalid reports the field errors of a new object, each where it was written, and
/// answers whether there were any.
bool refuseInvalid(ApplyResult &result, const manifest::DecodedObject &decoded,
                   const ObjectKey &key, const model::Object &object)
{
    // validateDecoded places each field error where it was written.
    auto diagnostics = manifest::validateDecoded(decoded);
    if (diagnostics.empty())
        return false;
    result.ok = false;
    for (auto &d : diagnostics)
        result.diagnostics.push_back(std::move(d));
    result.errors.push_back(invalid(key.kind, key.name, manifest::validate(object)));
    return true;
}

/// addWarnings reports the Registry's warnings about an object (on its requested ClusterIPs).
void addWarnings(ApplyResult &result, const manifest::DecodedObject &decoded,
                 const std::vector<std::string> &warnings)
{
    for (const auto &warning : warnings)
        result.diagnostics.push_back({ manifest::Severity::Warning, decoded.source,
                                       positionOf(decoded, "spec.clusterIPs"), "spec.clusterIP",
                                       warning, objectName(decoded.object) });
}

} // namespace

std::string resourceArg(const std::string &kind, const std::string &name)
{
    std::string out;
    for (char c : kind)
        out += char(std::tolower(static_cast<unsigned char>(c)));
    if (const model::KindInfo *info = model::kindInfo(kind); info && *info->group)
        out += std::string(".") + info->group;
    return out + "/" + name;
}

/// Step is one object of the batch as planned: what to write, and what kubectl will say.
struct Applier::Step
{
    std::size_t index;
    model::Object object;
    model::ObjectPtr previous;
    std::vector<std::string> warnings;
    bool unchanged = false;
};

Applier::Applier(Store &store, Registry &registry) : m_store(store), m_registry(registry) { }

void Applier::refuse(ApplyResult &result, const manifest::DecodedObject &decoded, Error error,
                     bool existing) const
{
    result.ok = false;
    const std::string object = objectName(decoded.object);
    if (!error.causes.empty()) {
        for (const auto &cause : error.causes)
            result.diagnostics.push_back({ manifest::Severity::Error, decoded.source,
                                           positionOf(decoded, cause.field), cause.field,
                                           cause.message(), object });
    } else {
        const auto namePos = decoded.positions.find("metadata.name");
        result.diagnostics.push_back({ manifest::Severity::Error,
                                       decoded.source,
                                       namePos.valid() ? namePos : decoded.pos,
                                       {},
                                       "Error from server (" + reasonOf(error.code)
                                               + "): error when "
                                               + (existing ? "patching" : "creating") + " \""
                                               + decoded.source + "\": " + error.message,
                                       object });
    }
    result.errors.push_back(std::move(error));
}

ApplyResult Applier::apply(const std::vector<manifest::DecodedObject> &objects, ApplyMode mode)
{
    ApplyResult result;
    // Check everything first; write nothing unless all of it passes.
    std::vector<Step> steps = check(objects, mode, result);
    if (result.ok)
        write(steps, objects, mode, result);
    return result;
}

std::vector<Applier::Step> Applier::check(const std::vector<manifest::DecodedObject> &objects,
                                          ApplyMode mode, ApplyResult &result)
{
    Claims claims = namespacesCreatedBy(objects);
    std::vector<Step> steps;
    std::map<ObjectKey, std::size_t> seen;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        const auto &decoded = objects[i];
        Step step{ i, decoded.object, nullptr, {}, false };
        const ObjectKey key = prepareForApply(step.object);
        const bool named = !model::meta(step.object).name.empty();
        step.previous = named ? m_store.get(key) : nullptr;
        const bool existing = step.previous && mode == ApplyMode::Apply;
        if (named && !seen.emplace(key, i).second) {
            refuse(result, decoded, repeatedInBatch(mode, key, objects[seen[key]]), existing);
            continue;
        }
        if (!existing && refuseInvalid(result, decoded, key, step.object))
            continue;
        if (step.previous && mode == ApplyMode::Create) {
            refuse(result, decoded, alreadyExists(key.kind, key.name), false);
            continue;
        }
        auto prepared = existing
                ? m_registry.prepareUpdate(step.object, *step.previous, &claims, &step.warnings)
                : m_registry.prepareCreate(step.object, &claims, &step.warnings);
        if (!prepared) {
            refuse(result, decoded, prepared.error(), existing);
            continue;
        }
        step.object = std::move(*prepared);
        step.unchanged = existing && step.object == *step.previous;
        addWarnings(result, decoded, step.warnings);
        steps.push_back(std::move(step));
    }
    return steps;
}

void Applier::write(std::vector<Step> &steps, const std::vector<manifest::DecodedObject> &objects,
                    ApplyMode mode, ApplyResult &result)
{
    // Namespaces first, so the objects that go in them find them.
    std::stable_partition(steps.begin(), steps.end(), [](const Step &s) {
        return std::holds_alternative<model::Namespace>(s.object);
    });
    std::vector<std::optional<std::pair<std::string, model::ObjectPtr>>> written(objects.size());
    for (auto &step : steps) {
        const ObjectKey key = keyOf(step.object);
        if (step.unchanged) {
            written[step.index] = { resourceArg(key.kind, key.name) + " unchanged", step.previous };
            continue;
        }
        const bool existing = step.previous && mode == ApplyMode::Apply;
        auto stored = existing ? m_registry.commitUpdate(std::move(step.object), *step.previous)
                               : m_registry.commitCreate(std::move(step.object), step.warnings);
        if (!stored) {
            // Only an exhausted address range gets here; what was written stays.
            refuse(result, objects[step.index], stored.error(), existing);
            continue;
        }
        const auto &name = model::meta(**stored).name;
        written[step.index] = {
            resourceArg(key.kind, name) + (existing ? " configured" : " created"), *stored
        };
    }
    for (auto &entry : written) {
        if (!entry)
            continue;
        result.outcomes.push_back(std::move(entry->first));
        result.objects.push_back(std::move(entry->second));
    }
}

} // namespace clusterlab::cluster
