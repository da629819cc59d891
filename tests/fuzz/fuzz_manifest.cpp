// libFuzzer target: the manifest decoder and validator must never crash, hang or leak,
// whatever bytes they are given.
#include "manifest/decode.h"
#include "manifest/validate.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace clusterlab::manifest;
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    DecodeReport report = decodeText(text, "fuzz.yaml");
    for (const auto &object : report.objects)
        (void)validateDecoded(object);
    return 0;
}
