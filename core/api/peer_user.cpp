#include "api/peer_user.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace clusterlab::api {

namespace {

/// procAddress is an IPv4 endpoint as /proc/net/tcp prints it: the address's four bytes read
/// as one native 32-bit number and the port, both in upper-case hex ("0100007F:1F90").
std::string procAddress(const boost::asio::ip::tcp::endpoint &endpoint)
{
    const auto bytes = endpoint.address().to_v4().to_bytes();
    std::uint32_t native = 0;
    static_assert(sizeof(native) == sizeof(bytes));
    std::memcpy(&native, bytes.data(), sizeof(native));
    char text[16];
    std::snprintf(text, sizeof(text), "%08X:%04X", native, unsigned(endpoint.port()));
    return text;
}

} // namespace

std::optional<unsigned> loopbackPeerUid(const boost::asio::ip::tcp::endpoint &local,
                                        const boost::asio::ip::tcp::endpoint &remote)
{
    if (!local.address().is_v4() || !remote.address().is_v4() || !remote.address().is_loopback())
        return std::nullopt;
    const std::string peerLocal = procAddress(remote), peerRemote = procAddress(local);
    std::ifstream table("/proc/net/tcp");
    std::string line;
    std::getline(table, line); // the header
    while (std::getline(table, line)) {
        std::istringstream fields(line);
        std::string slot, localAddress, remoteAddress, state, queues, timer, retransmits;
        unsigned uid = 0;
        if (!(fields >> slot >> localAddress >> remoteAddress >> state >> queues >> timer
              >> retransmits >> uid))
            continue;
        if (localAddress == peerLocal && remoteAddress == peerRemote)
            return uid;
    }
    return std::nullopt;
}

bool peerIsSameUser(const boost::asio::ip::tcp::socket &socket)
{
    boost::system::error_code localError, remoteError;
    const auto local = socket.local_endpoint(localError);
    const auto remote = socket.remote_endpoint(remoteError);
    if (localError || remoteError)
        return false;
    const auto uid = loopbackPeerUid(local, remote);
    return uid && *uid == ::getuid();
}

} // namespace clusterlab::api
