#pragma once

// The messages decodeProtobuf reads, as tables of field numbers; used by protobuf_decode.cpp
// and not part of the API library's interface.

#include "api/discovery.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace clusterlab::api::detail {

enum class Kind : std::uint8_t {
    String,
    Int32,
    Int64,
    Bool,
    Message,
    StringMap,
    BytesMap,
    QuantityMap,
    IntOrString
};
enum Flags : std::uint8_t { kOne = 0, kRepeated = 1, kKeepZero = 2 };

/// Field is one field of a message as JSON names it. kKeepZero marks Go pointer fields: set
/// means present, even at zero; every other zero value is left out, as omitempty does.
struct Field
{
    std::uint32_t number;
    std::string_view name;
    Kind kind;
    std::uint8_t flags;
    const Field *message; ///< the fields of a Message, messageSize of them
    std::size_t messageSize;
};
using Schema = std::span<const Field>;

inline constexpr Field scalar(std::uint32_t n, std::string_view name, Kind kind = Kind::String,
                              std::uint8_t flags = kOne)
{
    return { n, name, kind, flags, nullptr, 0 };
}

template <std::size_t N>
inline constexpr Field sub(std::uint32_t n, std::string_view name, const Field (&schema)[N],
                           std::uint8_t flags = kOne)
{
    return { n, name, Kind::Message, flags, schema, N };
}

/// schemaFor returns the fields of resource's kind (Namespace, Service, Deployment, ConfigMap,
/// Secret, ServiceAccount, the auth reviews), or nothing for a kind decodeProtobuf does not read.
std::optional<Schema> schemaFor(const ApiResource &resource);

} // namespace clusterlab::api::detail
