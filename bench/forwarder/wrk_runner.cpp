#include "wrk_runner.h"

#include "processes.h"

#include <cmath>
#include <regex>

namespace bench {

using namespace std::chrono_literals;

std::string wrkVersion(const std::string &binary)
{
    // `wrk -v` prints its version line and the usage, and exits 1.
    const auto out = runCapture({ binary, "-v" }, -1, 5s);
    std::smatch m;
    static const std::regex version(R"(wrk (\S+))");
    if (!out || !std::regex_search(*out, m, version))
        return {};
    return m[1];
}

int wrkSeconds(double seconds)
{
    return std::max(1, static_cast<int>(std::lround(seconds)));
}

std::optional<LoadResult> parseWrkOutput(const std::string &out)
{
    static const std::regex rate(R"(Requests/sec:\s+([0-9.]+))");
    static const std::regex socketErrors(
            R"(Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+))");
    static const std::regex non2xx(R"(Non-2xx or 3xx responses: (\d+))");
    std::smatch m;
    if (!std::regex_search(out, m, rate))
        return std::nullopt;
    LoadResult result;
    result.value = std::stod(m[1]);
    if (std::regex_search(out, m, socketErrors))
        for (int i = 1; i <= 4; ++i)
            result.errors += std::stoull(m[i]);
    if (std::regex_search(out, m, non2xx))
        result.errors += std::stoull(m[1]);
    return result;
}

std::optional<LoadResult> runWrk(const std::string &binary, const Endpoint &target, int connections,
                                 double seconds, bool closeEach, int cpu)
{
    std::vector<std::string> argv{ binary, "-t1", "-c" + std::to_string(connections),
                                   "-d" + std::to_string(wrkSeconds(seconds)) + "s" };
    if (closeEach)
        argv.insert(argv.end(), { "-H", "Connection: close" });
    argv.push_back("http://" + target.text() + "/");
    const auto out = runCapture(argv, cpu, std::chrono::seconds(wrkSeconds(seconds) + 20));
    if (!out)
        return std::nullopt;
    return parseWrkOutput(*out);
}

} // namespace bench
