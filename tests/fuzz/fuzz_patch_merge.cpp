// libFuzzer target: the RFC 7386 merge patch applier (core/api/patch.h applyMergePatch), on
// "TARGET\0PATCH" (see fuzz_patch_common.h). Besides not crashing, a merge patch is
// idempotent: applying it a second time changes nothing.
#include "api/patch.h"
#include "fuzz_patch_common.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    auto documents = clusterlab::fuzz::splitDocuments(data, size);
    if (!documents)
        return 0;
    auto &[target, patch] = *documents;
    clusterlab::api::applyMergePatch(target, patch);
    boost::json::value again = target;
    clusterlab::api::applyMergePatch(again, patch);
    if (again != target)
        std::abort();
    return 0;
}
