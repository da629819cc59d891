#pragma once

#include "shell/pod_environment.h"
#include "shell/shell_io.h"
#include "shell/shell_parser.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clusterlab::shell {

/// PodInfo is what a container's shell knows of its Pod.
struct PodInfo
{
    std::string name;
    std::string namespace_;
    std::string hostname; ///< the Pod's hostname (its name, or spec.hostname)
    std::string ip;
    std::string nodeName;
    std::string hostIP;
    std::string container;
    std::string image;
    EnvList env; ///< as kubelet set it (containerEnvironment)
    std::string dnsServer = "127.96.0.10";
    /// realPort is where ip:port really listens (port+10000 without privilege to bind low
    /// ports); may be empty (then the port itself). Thread: any.
    std::function<int(const std::string &ip, int port)> realPort;
};

/// Streams are a command's stdin, stdout and stderr.
struct Streams
{
    Input *in = nullptr;
    Output out;
    Output err;
};

/// Shell runs shell scripts for one container in the spirit of busybox sh: the grammar of
/// shell_parser.h, variables (the container's environment exported), `$?`, exit codes, and
/// the tools of tools(). Every command is a coroutine on the shell's executor; none blocks.
/// Thread: the executor's (a strand of the data plane's io_context).
class Shell
{
public:
    Shell(asio::any_io_executor executor, std::shared_ptr<const PodInfo> pod);

    /// runScript parses and runs text; a syntax error is `sh: syntax error: ...` and 2.
    asio::awaitable<int> runScript(const std::string &text, Streams &io);
    /// runArgv runs one command as exec gives it (argv, no parsing).
    asio::awaitable<int> runArgv(std::vector<std::string> argv, Streams &io);
    /// interactive reads commands line by line from io.in until the end or `exit`; with a
    /// prompt it prints busybox's `~ # ` before each.
    asio::awaitable<int> interactive(Streams &io, bool prompt);
    /// child is a new shell with this one's exported variables (for `sh -c`).
    std::unique_ptr<Shell> child() const;

    const PodInfo &pod() const { return *m_pod; }
    asio::any_io_executor executor() const { return m_executor; }
    std::optional<std::string> variable(const std::string &name) const;
    void setVariable(const std::string &name, const std::string &value, bool exported);
    void exportVariable(const std::string &name);
    void unsetVariable(const std::string &name);
    /// environment is the exported variables, in the order they were set.
    EnvList environment() const;
    void setPositional(std::vector<std::string> args) { m_positional = std::move(args); }

    /// readFile reads a file of the container: /etc/resolv.conf, /etc/hosts, /etc/hostname,
    /// and what this shell wrote (`>`, curl -o). Nothing when there is no such file.
    std::optional<std::string> readFile(const std::string &path) const;
    /// writeFile writes (or appends to) a file; /dev/null takes everything.
    void writeFile(const std::string &path, const std::string &data, bool append);

    /// requestExit makes the shell stop after the current command with code.
    void requestExit(int code);
    bool exiting() const { return m_exiting; }
    int lastStatus() const { return m_status; }
    /// terminal: the exec has a TTY (tools that format for one, like redis-cli, look).
    bool terminal = false;

private:
    asio::awaitable<int> runAndOr(const AndOr &item, Streams &io);
    asio::awaitable<int> runPipeline(const Pipeline &pipeline, Streams &io);
    asio::awaitable<int> runSimple(const SimpleCommand &command, Streams &io);
    std::vector<std::string> expand(const Word &word) const;
    std::string expandOne(const Word &word) const;

    asio::any_io_executor m_executor;
    std::shared_ptr<const PodInfo> m_pod;
    struct Variable
    {
        std::string name;
        std::string value;
        bool exported = false;
    };
    std::vector<Variable> m_variables;
    std::vector<std::string> m_positional;
    std::shared_ptr<std::map<std::string, std::string>> m_files; ///< shared with children
    int m_status = 0;
    bool m_exiting = false;
};

/// Tool is a command: it reads args (args[0] is its name) and io, and returns its status.
using Tool = std::function<asio::awaitable<int>(Shell &shell, std::vector<std::string> args,
                                                Streams &io)>;

/// tools lists the commands a container has: builtins (builtins.cpp), text tools
/// (text_tools.cpp) and network tools (net_tools.cpp, dns_tools.cpp).
const std::map<std::string, Tool> &tools();

/// findTool finds a command by name or by path in a bin directory (/bin/sh, /usr/bin/curl).
const Tool *findTool(const std::string &name);

} // namespace clusterlab::shell
