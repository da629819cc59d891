#include "io/io_errors.h"

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>

#include <iostream>

namespace clusterlab::io {

namespace asio = boost::asio;
namespace beast = boost::beast;

bool isNormalEnding(const boost::system::error_code &ec)
{
    return ec == asio::error::eof || ec == asio::error::connection_reset
            || ec == asio::error::connection_aborted || ec == asio::error::operation_aborted
            || ec == asio::error::broken_pipe || ec == asio::error::not_connected
            || ec == asio::error::bad_descriptor || ec == asio::error::shut_down
            || ec == beast::error::timeout || ec == beast::http::error::end_of_stream;
}

void reportFailure(const boost::system::error_code &ec, std::string_view what)
{
    if (ec && !isNormalEnding(ec))
        std::cerr << "clusterlab: " << what << ": " << ec.message() << '\n';
}

} // namespace clusterlab::io
