#include "terminal/client_side_apply.h"

#include "terminal/json_text.h"

#include <boost/json/parse.hpp>

namespace clusterlab::app {

namespace json = boost::json;

namespace {

json::object &objectAt(json::object &parent, const char *key)
{
    json::value &value = parent[key];
    if (!value.is_object())
        value = json::object();
    return value.as_object();
}

/// lastAppliedOf is the configuration kubectl apply recorded on live, or an empty object.
json::object lastAppliedOf(const json::value &live)
{
    const json::value *annotations = nullptr;
    if (const auto *meta = live.is_object() ? live.as_object().if_contains("metadata") : nullptr;
        meta && meta->is_object())
        annotations = meta->as_object().if_contains("annotations");
    const json::value *text = annotations && annotations->is_object()
            ? annotations->as_object().if_contains(kLastAppliedAnnotation)
            : nullptr;
    if (!text || !text->is_string())
        return {};
    boost::system::error_code ec;
    json::value parsed = json::parse(text->as_string(), ec);
    return !ec && parsed.is_object() ? parsed.as_object() : json::object();
}

/// addDeletions sets null in patch for each key of original that modified no longer has,
/// following maps both still have.
void addDeletions(json::object &patch, const json::object &original, const json::object &modified)
{
    for (const auto &entry : original) {
        const json::value *now = modified.if_contains(entry.key());
        if (!now) {
            patch[entry.key()] = nullptr;
            continue;
        }
        json::value *child = patch.if_contains(entry.key());
        if (entry.value().is_object() && now->is_object() && child && child->is_object())
            addDeletions(child->as_object(), entry.value().as_object(), now->as_object());
    }
}

/// configurationOf is document as kubectl apply records it: without the annotation, with an
/// annotations map (empty when it had none).
json::object configurationOf(const json::object &document)
{
    json::object configuration = document;
    objectAt(objectAt(configuration, "metadata"), "annotations").erase(kLastAppliedAnnotation);
    return configuration;
}

/// withoutServerFields drops status, resourceVersion and managedFields.
json::value withoutServerFields(json::value object)
{
    if (!object.is_object())
        return object;
    object.as_object().erase("status");
    if (auto *meta = object.as_object().if_contains("metadata"); meta && meta->is_object()) {
        meta->as_object().erase("resourceVersion");
        meta->as_object().erase("managedFields");
    }
    return object;
}

} // namespace

json::object withLastApplied(const json::object &document)
{
    // The annotation holds the configuration followed by the newline Go's encoder ends with.
    json::object modified = configurationOf(document);
    const std::string applied = goJson(modified) + "\n";
    modified["metadata"].as_object()["annotations"].as_object()[kLastAppliedAnnotation] = applied;
    return modified;
}

json::object applyPatch(const json::object &document, const json::value &live)
{
    json::object patch = withLastApplied(document);
    addDeletions(patch, lastAppliedOf(live), configurationOf(document));
    return patch;
}

bool sameConfiguration(const json::value &before, const json::value &after)
{
    return withoutServerFields(before) == withoutServerFields(after);
}

} // namespace clusterlab::app
