#include "sockets.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sstream>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace bench {

namespace {

/// toAddress fills a sockaddr_in; false when e.ip is not an IPv4 address.
bool toAddress(const Endpoint &e, sockaddr_in &address)
{
    address = {};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(e.port));
    return ::inet_pton(AF_INET, e.ip.c_str(), &address.sin_addr) == 1;
}

/// listeningInode is the inode of the LISTEN socket at `at` in /proc/net/tcp; 0 if none.
unsigned long listeningInode(const Endpoint &at)
{
    in_addr address{};
    if (::inet_pton(AF_INET, at.ip.c_str(), &address) != 1)
        return 0;
    char local[32];
    std::snprintf(local, sizeof local, "%08X:%04X", address.s_addr, unsigned(at.port));
    std::ifstream table("/proc/net/tcp");
    std::string line;
    while (std::getline(table, line)) {
        std::istringstream fields(line);
        std::string slot, localAddress, remote, state, queues, timer, retransmits;
        unsigned long uid = 0, timeout = 0, inode = 0;
        fields >> slot >> localAddress >> remote >> state >> queues >> timer >> retransmits >> uid
                >> timeout >> inode;
        if (localAddress == local && state == "0A")
            return inode;
    }
    return 0;
}

} // namespace

int connectTcp(const Endpoint &to, std::chrono::milliseconds timeout)
{
    sockaddr_in address;
    if (!toAddress(to, address))
        return -1;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -1;
    int rc = ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
    if (rc != 0 && errno == EINPROGRESS) {
        pollfd p{ fd, POLLOUT, 0 };
        int error = ETIMEDOUT;
        socklen_t length = sizeof error;
        if (::poll(&p, 1, int(timeout.count())) == 1)
            ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
        rc = error == 0 ? 0 : -1;
    }
    if (rc != 0) {
        ::close(fd);
        return -1;
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

bool canConnect(const Endpoint &to)
{
    const int fd = connectTcp(to, std::chrono::milliseconds(500));
    if (fd < 0)
        return false;
    ::close(fd);
    return true;
}

bool waitUntilAccepting(const Endpoint &to, std::chrono::milliseconds limit)
{
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!canConnect(to)) {
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return true;
}

int listenTcp(const Endpoint &at)
{
    sockaddr_in address;
    if (!toAddress(at, address))
        return -1;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
        || ::listen(fd, 128) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

int localPort(int fd)
{
    sockaddr_in address{};
    socklen_t length = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return 0;
    return ntohs(address.sin_port);
}

bool listensIn(pid_t pid, const Endpoint &at)
{
    const unsigned long inode = listeningInode(at);
    if (inode == 0)
        return false;
    const std::string wanted = "socket:[" + std::to_string(inode) + "]";
    std::error_code ec;
    const std::filesystem::path fds = "/proc/" + std::to_string(pid) + "/fd";
    for (const auto &entry : std::filesystem::directory_iterator(fds, ec)) {
        std::error_code linkError;
        if (std::filesystem::read_symlink(entry.path(), linkError).string() == wanted)
            return true;
    }
    return false;
}

void closeWithReset(int fd)
{
    const linger reset{ 1, 0 };
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    ::close(fd);
}

} // namespace bench
