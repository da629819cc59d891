#include "net/dataplane_util.h"

#include <boost/asio/error.hpp>
#include <boost/system/errc.hpp>

#include <algorithm>
#include <cctype>
#include <iostream>

namespace clusterlab::net::dataplane {

namespace net = boost::asio;

std::optional<net::ip::address_v4> parseLoopbackAddress(const std::string &ip, std::string &error)
{
    boost::system::error_code ec;
    const auto address = net::ip::make_address_v4(ip, ec);
    if (ec) {
        error = "\"" + ip + "\" is not an IPv4 address";
        return std::nullopt;
    }
    if (!address.is_loopback()) {
        error = ip + " is outside 127.0.0.0/8; ClusterLab only uses loopback addresses";
        return std::nullopt;
    }
    return address;
}

std::string describe(const boost::system::error_code &ec)
{
    if (ec == net::error::address_in_use)
        return "address in use";
    if (ec == net::error::access_denied)
        return "permission denied";
    if (ec == boost::system::errc::address_not_available)
        return "address not available";
    std::string text = ec.message();
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return text;
}

} // namespace clusterlab::net::dataplane
