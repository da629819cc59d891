#include "api/attach_process.h"

#include "logs/container_log.h"

#include <mutex>

namespace clusterlab::api {

namespace {

/// LogAttach follows one container's log for an attach stream.
class LogAttach : public ExecProcess, public std::enable_shared_from_this<LogAttach>
{
public:
    LogAttach(const ExecSpec &spec, std::shared_ptr<ExecSink> sink)
        : m_log(spec.attachLog), m_sink(std::move(sink)), m_stdout(spec.stdout), m_tty(spec.tty)
    {
    }

    void start()
    {
        // From now on: what is already there was written before the client attached.
        m_seq = m_log->lastSeq();
        std::weak_ptr<LogAttach> weak = weak_from_this();
        const std::uint64_t id = m_log->subscribe([weak] {
            if (auto self = weak.lock())
                self->pump();
        });
        {
            std::lock_guard lock(m_mutex);
            m_subscription = id;
        }
        pump(); // lines written, or the log closed, before the subscription
    }

    void input(std::string) override { }
    void closeInput() override { }
    void resize(int, int) override { }

    void terminate() override
    {
        std::uint64_t id = 0;
        {
            std::lock_guard lock(m_mutex);
            if (m_done)
                return;
            m_done = true;
            id = m_subscription;
        }
        m_log->unsubscribe(id);
    }

private:
    /// pump sends the lines after m_seq; once the log is closed, it ends the stream.
    void pump()
    {
        std::lock_guard lock(m_mutex); // one writer at a time keeps the lines in order
        if (m_done)
            return;
        std::string out;
        for (const logs::LogLine &line : m_log->linesAfter(m_seq)) {
            m_seq = line.seq;
            out += line.text + (m_tty ? "\r\n" : "\n");
        }
        if (m_stdout && !out.empty())
            m_sink->write(1, std::move(out));
        if (m_log->closed()) {
            m_done = true;
            m_sink->exit(0);
        }
    }

    const std::shared_ptr<logs::ContainerLog> m_log;
    const std::shared_ptr<ExecSink> m_sink;
    const bool m_stdout;
    const bool m_tty;
    std::mutex m_mutex; ///< guards the members below
    std::uint64_t m_seq = 0;
    std::uint64_t m_subscription = 0;
    bool m_done = false;
};

} // namespace

std::shared_ptr<ExecProcess> startAttach(const ExecSpec &spec, std::shared_ptr<ExecSink> sink)
{
    auto process = std::make_shared<LogAttach>(spec, std::move(sink));
    process->start();
    return process;
}

} // namespace clusterlab::api
