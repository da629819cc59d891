#include "pod_exec.h"

#include "dataplane.h"
#include "engine.h"
#include "shell/shell.h"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

namespace clusterlab {

namespace asio = boost::asio;

namespace {

/// onlcr turns "\n" into "\r\n", as a terminal's output processing does.
std::string onlcr(std::string_view data)
{
    std::string out;
    out.reserve(data.size() + 8);
    for (std::size_t i = 0; i < data.size(); ++i) {
        if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r'))
            out += '\r';
        out += data[i];
    }
    return out;
}

/// PodExec is one exec's command running in a container's shell.
class PodExec : public api::ExecProcess, public std::enable_shared_from_this<PodExec>
{
public:
    PodExec(asio::io_context &io, std::shared_ptr<const shell::PodInfo> pod, api::ExecSpec spec,
            std::shared_ptr<api::ExecSink> sink)
        : m_strand(asio::make_strand(io)),
          m_spec(std::move(spec)),
          m_sink(std::move(sink)),
          m_shell(m_strand, std::move(pod)),
          m_input(m_strand, m_spec.tty, [sink = m_sink](std::string_view data) {
              sink->write(1, std::string(data));
          })
    {
        m_shell.terminal = m_spec.tty;
    }

    void start()
    {
        asio::co_spawn(m_strand, run(),
                       asio::bind_cancellation_slot(
                               m_cancel.slot(),
                               [self = shared_from_this()](std::exception_ptr e, int code) {
                                   self->m_sink->exit(e ? 137 : code);
                               }));
    }

    void input(std::string data) override
    {
        asio::post(m_strand, [self = shared_from_this(), data = std::move(data)] {
            self->m_input.push(data);
        });
    }

    void closeInput() override
    {
        asio::post(m_strand, [self = shared_from_this()] {
            self->m_input.close();
        });
    }

    void resize(int, int) override { }

    void terminate() override
    {
        asio::post(m_strand, [self = shared_from_this()] {
            self->m_input.close();
            self->m_cancel.emit(asio::cancellation_type::terminal);
        });
    }

private:
    asio::awaitable<int> run()
    {
        auto sink = m_sink;
        const bool tty = m_spec.tty;
        shell::Streams io;
        shell::StringInput none("");
        io.in = m_spec.stdin ? static_cast<shell::Input *>(&m_input) : &none;
        io.out = [sink, tty, on = m_spec.stdout](std::string_view data) {
            if (on)
                sink->write(1, tty ? onlcr(data) : std::string(data));
        };
        io.err = tty ? io.out : [sink, on = m_spec.stderr](std::string_view data) {
            if (on)
                sink->write(2, std::string(data));
        };
        co_return co_await m_shell.runArgv(m_spec.command, io);
    }

    asio::strand<asio::io_context::executor_type> m_strand;
    api::ExecSpec m_spec;
    std::shared_ptr<api::ExecSink> m_sink;
    shell::Shell m_shell;
    shell::StreamInput m_input;
    asio::cancellation_signal m_cancel; ///< touched on m_strand
};

} // namespace

api::ExecStarter execStarter(Engine &engine)
{
    return [&engine](const api::ExecSpec &spec,
                     std::shared_ptr<api::ExecSink> sink) -> std::shared_ptr<api::ExecProcess> {
        DataPlane *plane = engine.dataPlane();
        std::optional<shell::PodInfo> info;
        if (plane)
            info = engine.call([&](cluster::Cluster &c) {
                             auto ports = plane->podPorts();
                             auto &forwarder = plane->forwarder();
                             const int dnsPort = plane->dnsPort();
                             auto realPort = [&forwarder, ports, dnsPort](const std::string &ip,
                                                                          int port) {
                                 if (ip == "127.96.0.10" && port == 53)
                                     return dnsPort;
                                 if (auto bound = forwarder.boundPort(ip, port))
                                     return *bound;
                                 if (auto pod = ports.find(ip); pod != ports.end())
                                     if (auto p = pod->second.find(port); p != pod->second.end())
                                         return p->second;
                                 return port;
                             };
                             return plane->shells().podInfo(c.store(), spec.namespace_, spec.pod,
                                                            spec.container, realPort);
                         }).get();
        if (!info) {
            sink->exit(1, "container not found (\"" + spec.container + "\")");
            return nullptr;
        }
        auto process = std::make_shared<PodExec>(
                plane->io(), std::make_shared<const shell::PodInfo>(std::move(*info)), spec, sink);
        process->start();
        return process;
    };
}

} // namespace clusterlab
