#pragma once

#include "net/io_util.h"

#include <boost/asio/any_io_executor.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>

namespace clusterlab::net {

/// SessionControl is how a PodServer reaches one connection to end it.
/// Thread: socket and busy are touched only on executor (the session's strand).
struct SessionControl
{
    explicit SessionControl(asio::any_io_executor ex) : executor(std::move(ex)) { }

    asio::any_io_executor executor;
    tcp::socket *socket = nullptr; ///< the session's socket while it is open
    bool busy = false; ///< a request is being answered
    std::atomic_bool stopping{ false }; ///< finish the request in hand, then close
};

/// SocketBinding points a SessionControl at a session's socket for its lifetime.
/// Thread: the session's strand.
class SocketBinding
{
public:
    SocketBinding(SessionControl &control, tcp::socket &socket);
    ~SocketBinding();
    SocketBinding(const SocketBinding &) = delete;
    SocketBinding &operator=(const SocketBinding &) = delete;

private:
    SessionControl &m_control;
};

/// BusyScope marks a session busy (answering) while it lives.
class BusyScope
{
public:
    explicit BusyScope(SessionControl &control) : m_control(control) { m_control.busy = true; }
    ~BusyScope() { m_control.busy = false; }
    BusyScope(const BusyScope &) = delete;
    BusyScope &operator=(const BusyScope &) = delete;

private:
    SessionControl &m_control;
};

/// SessionTracker knows a PodServer's open connections so close() can end them: idle ones
/// at once, busy ones after their answer, and all of them after a grace period.
/// Thread: any.
class SessionTracker
{
public:
    std::shared_ptr<SessionControl> add(asio::any_io_executor sessionExecutor);
    void remove(const std::shared_ptr<SessionControl> &control);
    std::size_t size() const;

    /// stopAll ends every tracked session: idle ones now, busy ones when their answer is
    /// written, the rest when grace has passed (timer on timerExecutor).
    void stopAll(asio::any_io_executor timerExecutor, std::chrono::milliseconds grace);

private:
    mutable std::mutex m_mutex; ///< guards m_sessions.
    std::set<std::shared_ptr<SessionControl>> m_sessions;
};

} // namespace clusterlab::net
