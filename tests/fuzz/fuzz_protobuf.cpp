// libFuzzer target: the Kubernetes protobuf body decoder (core/api/protobuf_decode.h). The
// first byte chooses the resource the body was POSTed to: one of the kinds it decodes
// (Namespace, Service, Deployment), or, from 0xf0 up, any served resource (most of which
// must be refused); the rest is the body. Every body decodes or is a 400/415, never a crash.
#include "api/discovery.h"
#include "api/protobuf_decode.h"

#include <boost/json/serialize.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>
#include <vector>

namespace {

namespace api = clusterlab::api;

const std::vector<const api::ApiResource *> &decodable()
{
    static const std::vector<const api::ApiResource *> resources = [] {
        std::vector<const api::ApiResource *> out;
        for (const auto &resource : api::apiResources())
            if (api::protobufDecodes(resource))
                out.push_back(&resource);
        return out;
    }();
    return resources;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0 || decodable().empty())
        return 0;
    const auto &all = api::apiResources();
    const api::ApiResource &resource = data[0] >= 0xf0 ? all[data[0] % all.size()]
                                                       : *decodable()[data[0] % decodable().size()];
    const std::string_view body(reinterpret_cast<const char *>(data) + 1, size - 1);
    const auto decoded = api::decodeProtobuf(body, resource);
    if (const auto *object = std::get_if<boost::json::object>(&decoded)) {
        (void)boost::json::serialize(*object);
    } else {
        const int code = std::get<api::StatusError>(decoded).code;
        if (code != 400 && code != 415)
            std::abort();
    }
    return 0;
}
