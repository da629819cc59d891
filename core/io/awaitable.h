#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace clusterlab::io {

/// kTuple makes an awaitable operation return (error_code, ...) instead of throwing: every
/// coroutine of the data plane and the API server reads errors this way.
inline constexpr auto kTuple = boost::asio::as_tuple(boost::asio::use_awaitable);

} // namespace clusterlab::io
