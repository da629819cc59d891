#include "options.h"

#include <algorithm>
#include <cstdlib>

namespace bench {

Options parseOptions(int argc, char **argv)
{
    Options o;
    bool secondsGiven = false, runsGiven = false;
    for (int i = 1; i < argc; ++i) {
        const std::string key = argv[i];
        if (key == "--pinned") {
            o.pinned = true;
            continue;
        }
        if (i + 1 >= argc)
            break;
        const char *value = argv[++i];
        if (key == "--seconds") {
            o.seconds = std::clamp(std::atof(value), 0.2, 60.0);
            secondsGiven = true;
        } else if (key == "--connections") {
            o.connections = std::clamp(std::atoi(value), 1, 512);
        } else if (key == "--bulk-mib") {
            o.bulkMiB = std::clamp<std::uint64_t>(std::strtoull(value, nullptr, 10), 1, 8192);
        } else if (key == "--loads") {
            o.loads = value;
        } else if (key == "--paths") {
            o.paths = value;
        } else if (key == "--threads") {
            o.threads = std::clamp(std::atoi(value), 1, 16);
        } else if (key == "--runs") {
            o.runs = std::clamp(std::atoi(value), 1, 15);
            runsGiven = true;
        } else if (key == "--clusterlab") {
            o.clusterlab = value;
        }
    }
    if (o.pinned && !secondsGiven)
        o.seconds = 5;
    if (o.pinned && !runsGiven)
        o.runs = 3;
    return o;
}

bool selected(const std::string &list, const std::string &key)
{
    return ("," + list + ",").find("," + key + ",") != std::string::npos;
}

} // namespace bench
