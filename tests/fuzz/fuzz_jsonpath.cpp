// libFuzzer target: the built-in kubectl's JSONPath (app/terminal/kubectl_jsonpath.h, with
// json_text.cpp for printing), Qt-free and compiled in directly. The input is
// "TEMPLATE\0JSON": the -o jsonpath= argument a user typed and the object it runs on (JSON
// that is not valid is skipped: the object always comes from the API server's encoder).
// Every template prints or says why not, never a crash.
#include "terminal/json_text.h"
#include "terminal/kubectl_jsonpath.h"

#include <boost/json/parse.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const auto nul = text.find('\0');
    if (nul == std::string_view::npos)
        return 0;
    boost::system::error_code ec;
    const boost::json::value object = boost::json::parse(text.substr(nul + 1), ec);
    if (ec)
        return 0;
    (void)clusterlab::app::runJsonPath(std::string(text.substr(0, nul)), object);
    (void)clusterlab::app::goJson(object, 4);
    return 0;
}
