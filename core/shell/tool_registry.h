#pragma once

// Shared by the tool sources; not part of the shell's interface.

#include "shell/shell.h"

#include <map>
#include <string>
#include <vector>

namespace clusterlab::shell::detail {

using Tools = std::map<std::string, Tool>;

void addBuiltins(Tools &tools); ///< builtins.cpp
void addTextTools(Tools &tools); ///< text_tools.cpp
void addNetTools(Tools &tools); ///< net_tools.cpp
void addDnsTools(Tools &tools); ///< dns_tools.cpp

/// Options splits busybox-style short options: "-sv", "-o file", "-ofile"; withValue lists
/// the letters that take a value. Long options "--x" go to longs; "--" ends the options.
struct Options
{
    std::map<char, std::string> flags; ///< letter -> value ("" for plain flags)
    std::vector<std::string> longs;
    std::vector<std::string> operands;
    std::string error; ///< "invalid option -- 'x'"
    bool has(char c) const { return flags.count(c) > 0; }
    std::string value(char c, std::string fallback = {}) const
    {
        const auto it = flags.find(c);
        return it == flags.end() ? fallback : it->second;
    }
};
Options parseOptions(const std::vector<std::string> &args, const std::string &withValue,
                     const std::string &allowed);

/// line writes text and a newline.
inline void line(const Output &out, const std::string &text)
{
    out(text + "\n");
}

} // namespace clusterlab::shell::detail
