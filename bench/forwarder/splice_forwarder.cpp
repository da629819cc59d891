#include "splice_forwarder.h"

#include "processes.h"

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace bench {

namespace {

constexpr int kPipeSize = 1 << 20;

/// Pump is one direction: from -> pipe -> to.
struct Pump
{
    int from = -1, to = -1;
    int pipe[2] = { -1, -1 };
    std::size_t inPipe = 0, capacity = 0;
    bool eof = false, done = false;

    /// open creates the pipe, made as large as the kernel allows up to kPipeSize.
    bool open()
    {
        if (::pipe2(pipe, O_NONBLOCK | O_CLOEXEC) != 0)
            return false;
        const int size = ::fcntl(pipe[1], F_SETPIPE_SZ, kPipeSize);
        capacity = size > 0 ? std::size_t(size) : 65536;
        return true;
    }
    /// ~Pump closes the pipe; the sockets belong to SpliceForwarder::forward.
    ~Pump()
    {
        for (int fd : pipe)
            if (fd >= 0)
                ::close(fd);
    }
    /// step moves what it can without blocking; false when nothing moved.
    bool step()
    {
        bool moved = false;
        constexpr unsigned flags = SPLICE_F_MOVE | SPLICE_F_NONBLOCK;
        if (!eof && inPipe < capacity) {
            const ssize_t n = ::splice(from, nullptr, pipe[1], nullptr, capacity - inPipe, flags);
            if (n > 0)
                inPipe += std::size_t(n);
            eof = n == 0 || (n < 0 && errno != EAGAIN);
            moved = n >= 0;
        }
        if (inPipe > 0) {
            const ssize_t n = ::splice(pipe[0], nullptr, to, nullptr, inPipe, flags);
            if (n > 0)
                inPipe -= std::size_t(n);
            else if (n < 0 && errno != EAGAIN)
                eof = true, inPipe = 0; // the receiver is gone: drop what is left
            moved |= n > 0;
        }
        if (eof && inPipe == 0 && !done) {
            ::shutdown(to, SHUT_WR);
            done = moved = true;
        }
        return moved;
    }
    /// readEvents and writeEvents are what to poll `from` and `to` for.
    short readEvents() const { return !eof && inPipe < capacity ? POLLIN : 0; }
    short writeEvents() const { return inPipe > 0 ? POLLOUT : 0; }
};

} // namespace

SpliceForwarder::SpliceForwarder(const Endpoint &listenAt, const Endpoint &upstream, int cpu)
    : m_address(listenAt), m_upstream(upstream)
{
    m_listener = listenTcp(listenAt);
    m_address.port = m_listener >= 0 ? localPort(m_listener) : 0;
    if (m_listener >= 0)
        m_thread = std::thread([this, cpu] {
            run(cpu);
        });
}

SpliceForwarder::~SpliceForwarder()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
    if (m_listener >= 0)
        ::close(m_listener);
}

void SpliceForwarder::run(int cpu)
{
    pinThisThread(cpu);
    while (!m_stop) {
        pollfd p{ m_listener, POLLIN, 0 };
        if (::poll(&p, 1, 100) != 1)
            continue;
        const int client = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (client >= 0)
            forward(client);
    }
}

void SpliceForwarder::forward(int client)
{
    const int upstream = connectTcp(m_upstream, std::chrono::seconds(3));
    Pump up, down;
    if (upstream < 0 || !up.open() || !down.open()) {
        closeWithReset(client);
        if (upstream >= 0)
            ::close(upstream);
        return;
    }
    for (int fd : { client, upstream })
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    up.from = down.to = client;
    up.to = down.from = upstream;
    while (!m_stop && !(up.done && down.done)) {
        bool moved = up.step();
        moved = down.step() || moved;
        if (moved)
            continue;
        pollfd fds[2] = { { client, short(up.readEvents() | down.writeEvents()), 0 },
                          { upstream, short(down.readEvents() | up.writeEvents()), 0 } };
        ::poll(fds, 2, 100);
    }
    ::close(client);
    ::close(upstream);
}

} // namespace bench
