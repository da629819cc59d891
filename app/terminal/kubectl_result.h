#pragma once

#include <string>

namespace clusterlab::app {

/// KubectlResult is what a kubectl command printed and how it ended.
struct KubectlResult
{
    int exitCode = 0;
    std::string out;
    std::string err;

    /// fail adds a line to err (a newline is added) and marks the command failed.
    void fail(const std::string &line)
    {
        err += line + "\n";
        exitCode = 1;
    }

    /// append adds what one more object's command printed; a failure makes the whole fail.
    void append(const KubectlResult &one)
    {
        out += one.out;
        err += one.err;
        if (one.exitCode != 0)
            exitCode = one.exitCode;
    }
};

/// kubectlFailure is a command that printed nothing but line (a newline is added) and failed.
inline KubectlResult kubectlFailure(const std::string &line)
{
    return { 1, {}, line + "\n" };
}

} // namespace clusterlab::app
