#include "shell/shell_io.h"

#include "io/awaitable.h"

namespace clusterlab::shell {

asio::awaitable<std::optional<std::string>> Input::readLine()
{
    for (;;) {
        const auto newline = m_pending.find('\n');
        if (newline != std::string::npos) {
            std::string line = m_pending.substr(0, newline);
            m_pending.erase(0, newline + 1);
            co_return line;
        }
        if (m_ended) {
            if (m_pending.empty())
                co_return std::nullopt;
            co_return std::exchange(m_pending, {});
        }
        auto chunk = co_await read();
        if (!chunk)
            m_ended = true;
        else
            m_pending += *chunk;
    }
}

asio::awaitable<std::string> Input::readAll()
{
    std::string all = std::exchange(m_pending, {});
    while (!m_ended) {
        auto chunk = co_await read();
        if (!chunk)
            m_ended = true;
        else
            all += *chunk;
    }
    co_return all;
}

asio::awaitable<std::optional<std::string>> StringInput::read()
{
    if (m_done)
        co_return std::nullopt;
    m_done = true;
    co_return std::move(m_text);
}

StreamInput::StreamInput(const asio::any_io_executor &executor, bool terminal, Output echo)
    : m_wake(executor), m_terminal(terminal), m_echo(std::move(echo))
{
}

void StreamInput::push(std::string_view data)
{
    if (m_closed)
        return;
    if (m_terminal)
        cooked(data);
    else
        m_ready.emplace_back(data);
    m_wake.cancel();
}

void StreamInput::close()
{
    m_closed = true;
    m_wake.cancel();
}

void StreamInput::cooked(std::string_view data)
{
    for (const char c : data) {
        if (c == '\r' || c == '\n') {
            m_echo("\r\n");
            m_ready.push_back(std::exchange(m_line, {}) + "\n");
        } else if (c == 0x7f || c == 0x08) {
            if (!m_line.empty()) {
                m_line.pop_back();
                m_echo("\b \b");
            }
        } else if (c == 0x03) {
            m_echo("^C\r\n");
            m_line.clear();
            if (onInterrupt)
                onInterrupt();
        } else if (c == 0x04) {
            if (m_line.empty()) {
                m_closed = true;
                return;
            }
            m_ready.push_back(std::exchange(m_line, {}));
        } else if (c == 0x15) {
            m_echo(std::string(m_line.size(), '\b') + std::string(m_line.size(), ' ')
                   + std::string(m_line.size(), '\b'));
            m_line.clear();
        } else if (c == 0x1b || (static_cast<unsigned char>(c) < 0x20 && c != '\t')) {
            // Escape sequences (arrow keys) and other controls are not edited: dropped.
        } else {
            m_line += c;
            m_echo(std::string_view(&c, 1));
        }
    }
}

asio::awaitable<std::optional<std::string>> StreamInput::read()
{
    while (m_ready.empty()) {
        if (m_closed)
            co_return std::nullopt;
        m_wake.expires_at(asio::steady_timer::time_point::max());
        co_await m_wake.async_wait(io::kTuple);
    }
    std::string chunk = std::move(m_ready.front());
    m_ready.pop_front();
    co_return chunk;
}

} // namespace clusterlab::shell
