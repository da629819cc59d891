#include "api/exec_stream.h"

#include "api/attach_process.h"
#include "io/awaitable.h"
#include "io/io_errors.h"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include <deque>
#include <mutex>

namespace clusterlab::api {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace json = boost::json;
using namespace net::experimental::awaitable_operators;

namespace {

constexpr char kStdin = 0;
constexpr char kError = 3;
constexpr char kResize = 4;
constexpr unsigned char kClose = 255;
/// kMaxQueued bounds the output waiting for a slow client; more is dropped.
constexpr std::size_t kMaxQueued = 16 * 1024 * 1024;
/// kSettle is how long the first message waits after the upgrade.
constexpr std::chrono::milliseconds kSettle{ 100 };

/// StreamSink queues a command's output for the WebSocket writer and wakes it.
class StreamSink : public ExecSink, public std::enable_shared_from_this<StreamSink>
{
public:
    explicit StreamSink(const net::any_io_executor &executor) : timer(executor) { }

    void write(int stream, std::string data) override
    {
        if (data.empty() || (stream != 1 && stream != 2))
            return;
        {
            std::lock_guard lock(m_mutex);
            if (m_exited || m_queuedBytes + data.size() > kMaxQueued)
                return;
            m_queuedBytes += data.size();
            data.insert(data.begin(), char(stream));
            m_queue.push_back(std::move(data));
        }
        wake();
    }

    void exit(int code, std::string failure) override
    {
        {
            std::lock_guard lock(m_mutex);
            if (m_exited)
                return;
            m_exited = true;
            m_code = code;
            m_failure = std::move(failure);
        }
        wake();
    }

    /// take hands over the queued messages; ended says whether the command has exited.
    std::deque<std::string> take(bool &ended, int &code, std::string &failure)
    {
        std::lock_guard lock(m_mutex);
        std::deque<std::string> out;
        out.swap(m_queue);
        m_queuedBytes = 0;
        ended = m_exited;
        code = m_code;
        failure = m_failure;
        return out;
    }

    void wake()
    {
        net::post(timer.get_executor(), [self = shared_from_this()] {
            self->timer.cancel();
        });
    }

    net::steady_timer timer; ///< the writer waits on it; touched on the session's strand

private:
    std::mutex m_mutex; ///< guards the members below
    std::deque<std::string> m_queue;
    std::size_t m_queuedBytes = 0;
    bool m_exited = false;
    int m_code = 0;
    std::string m_failure;
};

using Socket = websocket::stream<beast::tcp_stream &>;

net::awaitable<void> readInput(Socket &ws, ExecProcess *process, StreamSink &sink, bool &gone)
{
    beast::flat_buffer buffer;
    while (!gone) {
        buffer.clear();
        auto [ec, n] = co_await ws.async_read(buffer, io::kTuple);
        if (ec) {
            gone = true;
            sink.timer.cancel();
            break;
        }
        std::string message = beast::buffers_to_string(buffer.data());
        if (message.empty() || !process)
            continue;
        const auto channel = static_cast<unsigned char>(message.front());
        if (channel == kStdin) {
            process->input(message.substr(1));
        } else if (channel == kResize) {
            boost::system::error_code jec;
            const json::value size = json::parse(message.substr(1), jec);
            if (!jec && size.is_object()) {
                const auto *w = size.as_object().if_contains("Width");
                const auto *h = size.as_object().if_contains("Height");
                if (w && h && w->is_int64() && h->is_int64())
                    process->resize(int(w->as_int64()), int(h->as_int64()));
            }
        } else if (channel == kClose && message.size() >= 2 && message[1] == kStdin) {
            process->closeInput();
        }
    }
    if (process)
        process->terminate();
}

net::awaitable<void> writeOutput(Socket &ws, const ExecSpec &spec, StreamSink &sink, bool &gone)
{
    ws.binary(true);
    // client-go (1.30 to 1.33) starts reading before it has set up its streams and drops a
    // message for a stream not set up yet: give it a moment before the first one.
    net::steady_timer settle(co_await net::this_coro::executor);
    settle.expires_after(kSettle);
    co_await settle.async_wait(io::kTuple);
    while (!gone) {
        bool ended = false;
        int code = 0;
        std::string failure;
        auto messages = sink.take(ended, code, failure);
        for (auto &message : messages) {
            auto [ec, n] = co_await ws.async_write(net::buffer(message), io::kTuple);
            if (ec) {
                gone = true;
                break;
            }
        }
        if (gone)
            break;
        if (ended && messages.empty()) {
            const std::string status = kError + exitStatusJson(spec, code, failure);
            auto [ec, n] = co_await ws.async_write(net::buffer(status), io::kTuple);
            if (!ec)
                co_await ws.async_close(websocket::close_code::normal, io::kTuple);
            break;
        }
        if (messages.empty()) {
            sink.timer.expires_at(net::steady_timer::time_point::max());
            co_await sink.timer.async_wait(io::kTuple);
        }
    }
}

} // namespace

std::string exitStatusJson(const ExecSpec &spec, int code, const std::string &failure)
{
    json::object status{ { "metadata", json::object() } };
    if (!failure.empty()) {
        status["status"] = "Failure";
        status["message"] = failure;
        status["reason"] = "InternalError";
        status["code"] = 500;
    } else if (code == 0) {
        status["status"] = "Success";
    } else {
        std::string argv;
        for (const auto &arg : spec.command)
            argv += (argv.empty() ? "" : " ") + arg;
        const int rc = code & 0xff;
        status["status"] = "Failure";
        status["message"] = "command terminated with non-zero exit code: error executing command ["
                + argv + "], exit code " + std::to_string(rc);
        status["reason"] = "NonZeroExitCode";
        status["details"] = json::object{
            { "causes",
              json::array{ json::object{ { "reason", "ExitCode" },
                                         { "message", std::to_string(rc) } } } }
        };
    }
    return json::serialize(status);
}

net::awaitable<void> serveExec(beast::tcp_stream &stream, const Request &request, ExecSpec spec,
                               const ExecStarter &start)
{
    Socket ws(stream);
    ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws.set_option(websocket::stream_base::decorator(
            [protocol = spec.protocol](websocket::response_type &response) {
                response.set(http::field::sec_websocket_protocol, protocol);
            }));
    auto [ec] = co_await ws.async_accept(request, io::kTuple);
    if (ec) {
        io::reportFailure(ec, "exec upgrade");
        co_return;
    }
    auto sink = std::make_shared<StreamSink>(co_await net::this_coro::executor);
    std::shared_ptr<ExecProcess> process;
    if (spec.attach && spec.attachLog)
        process = startAttach(spec, sink);
    else if (!start)
        sink->exit(-1, "ClusterLab runs no data plane here, so no container can run a command");
    else
        process = start(spec, sink);
    bool gone = false;
    co_await (readInput(ws, process.get(), *sink, gone) && writeOutput(ws, spec, *sink, gone));
    if (process)
        process->terminate();
}

} // namespace clusterlab::api
