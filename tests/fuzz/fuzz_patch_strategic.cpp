// libFuzzer target: the strategic merge patch applier (core/api/patch.h
// applyStrategicMergePatch), on "TARGET\0PATCH" (see fuzz_patch_common.h). Both must be JSON
// objects, as the API server only ever patches objects; the kind whose merge keys apply is
// the target's own "kind" field, as for a stored object. Never a crash.
#include "api/patch.h"
#include "fuzz_patch_common.h"

#include <boost/json/serialize.hpp>

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    auto documents = clusterlab::fuzz::splitDocuments(data, size);
    if (!documents || !documents->first.is_object() || !documents->second.is_object())
        return 0;
    auto &target = documents->first.get_object();
    const auto &patch = documents->second.get_object();
    std::string kind;
    if (const auto *k = target.if_contains("kind"); k && k->is_string())
        kind = std::string(k->get_string());
    if (!clusterlab::api::applyStrategicMergePatch(target, patch, kind))
        (void)boost::json::serialize(target);
    return 0;
}
