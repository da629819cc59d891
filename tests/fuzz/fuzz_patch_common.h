#pragma once
// What the three patch targets share: the input is a target document and a patch, split at
// the first NUL byte, each parsed with Boost.JSON as the API server parses request bodies
// and stored objects; anything that is not JSON is not a patch the appliers ever see.
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

namespace clusterlab::fuzz {

/// splitDocuments parses "TARGET\0PATCH"; nothing when there is no NUL or either side is
/// not JSON.
inline std::optional<std::pair<boost::json::value, boost::json::value>>
splitDocuments(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const auto nul = text.find('\0');
    if (nul == std::string_view::npos)
        return std::nullopt;
    boost::system::error_code ec;
    boost::json::value target = boost::json::parse(text.substr(0, nul), ec);
    if (ec)
        return std::nullopt;
    boost::json::value patch = boost::json::parse(text.substr(nul + 1), ec);
    if (ec)
        return std::nullopt;
    return std::make_pair(std::move(target), std::move(patch));
}

} // namespace clusterlab::fuzz
