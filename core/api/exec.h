#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace clusterlab::logs {
class ContainerLog;
}

namespace clusterlab::api {

/// ExecSpec is one `pods/exec` or `pods/attach` request as the API server agreed to serve it:
/// the container, the command (argv, never re-parsed; none for attach), which streams the
/// client opened, and the WebSocket subprotocol chosen (v5.channel.k8s.io or v4).
struct ExecSpec
{
    std::string namespace_;
    std::string pod;
    std::string container;
    std::vector<std::string> command;
    bool attach = false; ///< pods/attach: the container's output from now on, not a command
    /// attachLog is the attached container's log (attach only): its new lines are the output.
    std::shared_ptr<logs::ContainerLog> attachLog;
    bool stdin = false;
    bool stdout = false;
    bool stderr = false;
    bool tty = false;
    std::string protocol;
};

/// ExecSink is where a running command's output goes: the exec stream sends it to kubectl.
/// Thread: any (several threads at once); calls after exit() are ignored.
class ExecSink
{
public:
    virtual ~ExecSink() = default;
    /// write sends bytes on stream 1 (stdout) or 2 (stderr).
    virtual void write(int stream, std::string data) = 0;
    /// exit ends the command: code is its exit status; failure (when not empty) says why it
    /// could not run at all, and is what kubectl prints as `error: ...`.
    virtual void exit(int code, std::string failure = {}) = 0;
};

/// ExecProcess is a command that runs in a Pod's container for an exec stream.
/// Thread: any; each call returns at once (the command runs on its own threads).
class ExecProcess
{
public:
    virtual ~ExecProcess() = default;
    /// input is what kubectl read from its stdin (keys, in a TTY).
    virtual void input(std::string data) = 0;
    /// closeInput: kubectl's stdin ended (the v5 CLOSE signal, or the client went away).
    virtual void closeInput() = 0;
    /// resize: the terminal is now width x height characters.
    virtual void resize(int width, int height) = 0;
    /// terminate stops the command at once (kubectl went away or the server stops).
    virtual void terminate() = 0;
};

/// ExecStarter starts spec's command and returns it; on failure it returns null after
/// calling sink->exit with the reason. Thread: an API thread; may wait for the engine.
using ExecStarter = std::function<std::shared_ptr<ExecProcess>(const ExecSpec &spec,
                                                               std::shared_ptr<ExecSink> sink)>;

} // namespace clusterlab::api
