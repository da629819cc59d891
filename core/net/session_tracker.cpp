#include "net/session_tracker.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <vector>

namespace clusterlab::net {

namespace {

void closeSocket(SessionControl &control)
{
    if (control.socket) {
        boost::system::error_code ignored;
        control.socket->shutdown(tcp::socket::shutdown_both, ignored);
        control.socket->close(ignored);
    }
}

} // namespace

SocketBinding::SocketBinding(SessionControl &control, tcp::socket &socket) : m_control(control)
{
    m_control.socket = &socket;
}

SocketBinding::~SocketBinding()
{
    m_control.socket = nullptr;
}

std::shared_ptr<SessionControl> SessionTracker::add(asio::any_io_executor sessionExecutor)
{
    auto control = std::make_shared<SessionControl>(std::move(sessionExecutor));
    std::lock_guard lock(m_mutex);
    m_sessions.insert(control);
    return control;
}

void SessionTracker::remove(const std::shared_ptr<SessionControl> &control)
{
    std::lock_guard lock(m_mutex);
    m_sessions.erase(control);
}

std::size_t SessionTracker::size() const
{
    std::lock_guard lock(m_mutex);
    return m_sessions.size();
}

void SessionTracker::stopAll(asio::any_io_executor timerExecutor, std::chrono::milliseconds grace)
{
    std::vector<std::shared_ptr<SessionControl>> sessions;
    {
        std::lock_guard lock(m_mutex);
        sessions.assign(m_sessions.begin(), m_sessions.end());
    }
    if (sessions.empty())
        return;
    for (const auto &control : sessions) {
        control->stopping = true;
        asio::post(control->executor, [control] {
            if (!control->busy)
                closeSocket(*control);
        });
    }
    auto timer = std::make_shared<asio::steady_timer>(timerExecutor, grace);
    timer->async_wait([timer, sessions](const boost::system::error_code &) {
        for (const auto &control : sessions)
            asio::post(control->executor, [control] {
                closeSocket(*control);
            });
    });
}

} // namespace clusterlab::net
