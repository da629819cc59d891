// libFuzzer target: the RFC 6902 JSON patch applier (core/api/patch.h applyJsonPatch), on
// "TARGET\0PATCH" (see fuzz_patch_common.h). A patch applies or says why not; never a crash.
#include "api/patch.h"
#include "fuzz_patch_common.h"

#include <boost/json/serialize.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    auto documents = clusterlab::fuzz::splitDocuments(data, size);
    if (!documents)
        return 0;
    auto &[target, patch] = *documents;
    if (!clusterlab::api::applyJsonPatch(target, patch))
        (void)boost::json::serialize(target);
    return 0;
}
