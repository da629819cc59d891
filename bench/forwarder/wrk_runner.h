#pragma once

#include "load_clients.h"
#include "sockets.h"

#include <optional>
#include <string>

namespace bench {

/// wrkVersion is the version `wrk -v` prints ("debian/4.1.0-3+b2"); empty if unknown.
std::string wrkVersion(const std::string &binary);

/// wrkSeconds is the whole number of seconds wrk -d gets for `seconds` (at least 1).
int wrkSeconds(double seconds);

/// runWrk runs `wrk -t1 -c<connections> -d<seconds> http://TARGET/` (with
/// -H "Connection: close" when closeEach) pinned to cpu, and reads "Requests/sec:"; errors
/// are its socket errors plus non-2xx/3xx answers. nullopt when wrk failed or printed no rate.
std::optional<LoadResult> runWrk(const std::string &binary, const Endpoint &target, int connections,
                                 double seconds, bool closeEach, int cpu);

/// parseWrkOutput reads wrk's report (exposed for the same reading everywhere).
std::optional<LoadResult> parseWrkOutput(const std::string &out);

} // namespace bench
