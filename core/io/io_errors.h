#pragma once

#include <boost/system/error_code.hpp>

#include <string_view>

namespace clusterlab::io {

/// isNormalEnding says whether an error is how a connection ordinarily ends: the peer
/// closed or reset it, it timed out, or ClusterLab closed it (aborted, a closed or
/// unconnected socket). Such endings are closed quietly, never logged, by the data plane
/// and the API server alike.
bool isNormalEnding(const boost::system::error_code &ec);

/// reportFailure logs a real failure to stderr as one line, "clusterlab: <what>: <message>";
/// a normal ending (isNormalEnding) is not a failure and logs nothing.
/// Thread: any.
void reportFailure(const boost::system::error_code &ec, std::string_view what);

} // namespace clusterlab::io
