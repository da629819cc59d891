#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace clusterlab::shell {

namespace asio = boost::asio;

/// Output is where a command writes (a stream of the exec, a pipe's buffer, /dev/null).
using Output = std::function<void(std::string_view)>;

/// Input is what a command reads: chunks until nothing (end of input).
/// Thread: the shell's strand.
class Input
{
public:
    virtual ~Input() = default;
    /// read returns the next chunk, or nothing at the end.
    virtual asio::awaitable<std::optional<std::string>> read() = 0;

    /// readLine returns the next line without its '\n' (the last may lack one), or nothing
    /// at the end.
    asio::awaitable<std::optional<std::string>> readLine();
    /// readAll reads to the end.
    asio::awaitable<std::string> readAll();

private:
    std::string m_pending;
    bool m_ended = false;
};

/// StringInput reads a string once (a pipe's buffered output, a file for `<`).
class StringInput : public Input
{
public:
    explicit StringInput(std::string text) : m_text(std::move(text)) { }
    asio::awaitable<std::optional<std::string>> read() override;

private:
    std::string m_text;
    bool m_done = false;
};

/// StreamInput is the exec's stdin: bytes pushed as kubectl sends them. With a terminal it
/// is a line discipline, as a pty's: typed keys are echoed, backspace erases, Enter ends a
/// line (sent as "\n" and echoed as "\r\n"), Ctrl-C drops the line and interrupts, Ctrl-D
/// on an empty line ends the input.
/// Thread: push/close/read on the shell's strand.
class StreamInput : public Input
{
public:
    StreamInput(const asio::any_io_executor &executor, bool terminal, Output echo);

    void push(std::string_view data);
    void close();
    /// onInterrupt is called for Ctrl-C in a terminal.
    std::function<void()> onInterrupt;

    asio::awaitable<std::optional<std::string>> read() override;

private:
    void cooked(std::string_view data);

    asio::steady_timer m_wake;
    bool m_terminal;
    Output m_echo;
    std::deque<std::string> m_ready;
    std::string m_line; ///< the line being typed (terminal)
    bool m_closed = false;
};

} // namespace clusterlab::shell
