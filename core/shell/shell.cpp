#include "shell/shell.h"

#include "shell/tool_registry.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cctype>

namespace clusterlab::shell {

using namespace boost::asio::experimental::awaitable_operators;

namespace {

bool inBinDirectory(const std::string &path)
{
    for (const char *dir : { "/bin/", "/usr/bin/", "/sbin/", "/usr/sbin/", "/usr/local/bin/" })
        if (path.starts_with(dir)
            && path.find('/', std::string_view(dir).size()) == std::string::npos)
            return true;
    return false;
}

} // namespace

const std::map<std::string, Tool> &tools()
{
    static const detail::Tools all = [] {
        detail::Tools t;
        detail::addBuiltins(t);
        detail::addTextTools(t);
        detail::addNetTools(t);
        detail::addDnsTools(t);
        return t;
    }();
    return all;
}

const Tool *findTool(const std::string &name)
{
    std::string base = name;
    if (name.find('/') != std::string::npos) {
        if (!inBinDirectory(name))
            return nullptr;
        base = name.substr(name.rfind('/') + 1);
    }
    const auto &all = tools();
    const auto it = all.find(base);
    return it == all.end() ? nullptr : &it->second;
}

Shell::Shell(asio::any_io_executor executor, std::shared_ptr<const PodInfo> pod)
    : m_executor(std::move(executor)),
      m_pod(std::move(pod)),
      m_files(std::make_shared<std::map<std::string, std::string>>())
{
    for (const auto &[name, value] : m_pod->env)
        setVariable(name, value, true);
    if (!variable("PWD"))
        setVariable("PWD", "/", true);
}

std::unique_ptr<Shell> Shell::child() const
{
    auto out = std::make_unique<Shell>(m_executor, m_pod);
    out->m_variables.clear();
    for (const auto &var : m_variables)
        if (var.exported)
            out->m_variables.push_back(var);
    out->m_files = m_files;
    out->terminal = terminal;
    return out;
}

std::optional<std::string> Shell::variable(const std::string &name) const
{
    for (const auto &var : m_variables)
        if (var.name == name)
            return var.value;
    return std::nullopt;
}

void Shell::setVariable(const std::string &name, const std::string &value, bool exported)
{
    for (auto &var : m_variables)
        if (var.name == name) {
            var.value = value;
            var.exported = var.exported || exported;
            return;
        }
    m_variables.push_back({ name, value, exported });
}

void Shell::exportVariable(const std::string &name)
{
    for (auto &var : m_variables)
        if (var.name == name)
            var.exported = true;
}

void Shell::unsetVariable(const std::string &name)
{
    std::erase_if(m_variables, [&](const Variable &v) {
        return v.name == name;
    });
}

EnvList Shell::environment() const
{
    EnvList out;
    for (const auto &var : m_variables)
        if (var.exported)
            out.emplace_back(var.name, var.value);
    return out;
}

std::optional<std::string> Shell::readFile(const std::string &path) const
{
    const PodInfo &p = *m_pod;
    if (path == "/etc/resolv.conf")
        return "search " + p.namespace_
                + ".svc.cluster.local svc.cluster.local cluster.local\n"
                  "nameserver "
                + p.dnsServer + "\noptions ndots:5\n";
    if (path == "/etc/hosts")
        return "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost "
               "ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\n"
                + p.ip + "\t" + p.hostname + "\n";
    if (path == "/etc/hostname")
        return p.hostname + "\n";
    if (path == "/dev/null")
        return std::string();
    if (const auto it = m_files->find(path); it != m_files->end())
        return it->second;
    return std::nullopt;
}

void Shell::writeFile(const std::string &path, const std::string &data, bool append)
{
    if (path == "/dev/null")
        return;
    auto &file = (*m_files)[path];
    file = append ? file + data : data;
}

void Shell::requestExit(int code)
{
    m_exiting = true;
    m_status = code;
}

std::string Shell::expandOne(const Word &word) const
{
    std::string out;
    for (const auto &part : word) {
        if (part.kind == WordPart::Kind::Literal) {
            out += part.text;
        } else if (part.text == "?") {
            out += std::to_string(m_status);
        } else if (part.text == "$") {
            out += "1";
        } else if (part.text == "#") {
            out += std::to_string(m_positional.empty() ? 0 : m_positional.size() - 1);
        } else if (part.text.size() == 1
                   && std::isdigit(static_cast<unsigned char>(part.text[0]))) {
            const std::size_t i = std::size_t(part.text[0] - '0');
            out += i < m_positional.size() ? m_positional[i] : (i == 0 ? "sh" : "");
        } else {
            out += variable(part.text).value_or("");
        }
    }
    return out;
}

std::vector<std::string> Shell::expand(const Word &word) const
{
    // Unquoted parameters are split on blanks; a word of nothing unquoted disappears.
    std::vector<std::string> fields;
    std::string current;
    bool have = false;
    for (const auto &part : word) {
        const std::string text = expandOne(Word{ part });
        if (part.quoted || part.kind == WordPart::Kind::Literal) {
            current += text;
            have = have || part.quoted || !text.empty();
            continue;
        }
        std::size_t i = 0;
        while (i < text.size()) {
            const bool blank = text[i] == ' ' || text[i] == '\t' || text[i] == '\n';
            if (blank) {
                if (have)
                    fields.push_back(std::exchange(current, {}));
                have = false;
            } else {
                current += text[i];
                have = true;
            }
            ++i;
        }
    }
    if (have)
        fields.push_back(current);
    return fields;
}

asio::awaitable<int> Shell::runScript(const std::string &text, Streams &io)
{
    ParseResult parsed = parse(text);
    if (!parsed.error.empty()) {
        io.err("sh: " + parsed.error + "\n");
        m_status = 2;
        co_return 2;
    }
    for (const auto &item : parsed.script) {
        m_status = co_await runAndOr(item, io);
        if (m_exiting)
            break;
    }
    co_return m_status;
}

asio::awaitable<int> Shell::runAndOr(const AndOr &item, Streams &io)
{
    int status = co_await runPipeline(item.pipelines.front(), io);
    for (std::size_t i = 1; i < item.pipelines.size() && !m_exiting; ++i) {
        const bool run = item.ands[i - 1] ? status == 0 : status != 0;
        if (run)
            status = co_await runPipeline(item.pipelines[i], io);
        m_status = status;
    }
    co_return status;
}

asio::awaitable<int> Shell::runPipeline(const Pipeline &pipeline, Streams &io)
{
    // The stages run one after another, each reading what the one before wrote.
    std::optional<StringInput> piped;
    int status = 0;
    for (std::size_t i = 0; i < pipeline.commands.size(); ++i) {
        const bool last = i + 1 == pipeline.commands.size();
        std::string buffer;
        Streams stage{ piped ? &*piped : io.in, io.out, io.err };
        if (!last)
            stage.out = [&buffer](std::string_view data) {
                buffer += data;
            };
        status = co_await runSimple(pipeline.commands[i], stage);
        m_status = status;
        if (m_exiting)
            break;
        piped.emplace(std::move(buffer));
    }
    co_return pipeline.negated ? (status == 0 ? 1 : 0) : status;
}

asio::awaitable<int> Shell::runSimple(const SimpleCommand &command, Streams &io)
{
    std::vector<std::pair<std::string, std::string>> assignments;
    std::vector<std::string> argv;
    for (const auto &word : command.words) {
        if (argv.empty() && !word.empty() && word[0].kind == WordPart::Kind::Literal
            && !word[0].quoted) {
            const auto eq = word[0].text.find('=');
            if (eq != std::string::npos && isName(word[0].text.substr(0, eq))) {
                Word rest = word;
                rest[0].text = word[0].text.substr(eq + 1);
                assignments.emplace_back(word[0].text.substr(0, eq), expandOne(rest));
                continue;
            }
        }
        for (auto &field : expand(word))
            argv.push_back(std::move(field));
    }
    Streams local = io;
    std::optional<StringInput> fileInput;
    for (const auto &r : command.redirects) {
        const std::string target = expandOne(r.target);
        if (r.kind == Redirect::Kind::Read) {
            auto text = readFile(target);
            if (!text) {
                io.err("sh: can't open '" + target + "': No such file or directory\n");
                co_return 1;
            }
            fileInput.emplace(std::move(*text));
            local.in = &*fileInput;
        } else if (r.kind == Redirect::Kind::Duplicate) {
            if (target != "1" && target != "2") {
                io.err("sh: " + target + ": bad file descriptor\n");
                co_return 1;
            }
            if (r.fd == 1 || r.fd == 2)
                (r.fd == 1 ? local.out : local.err) = target == "1" ? local.out : local.err;
        } else if (r.fd == 1 || r.fd == 2) {
            if (r.kind == Redirect::Kind::Write)
                writeFile(target, "", false);
            (r.fd == 1 ? local.out : local.err) = [this, target](std::string_view data) {
                writeFile(target, std::string(data), true);
            };
        }
    }
    if (argv.empty()) {
        for (const auto &[name, value] : assignments)
            setVariable(name, value, false);
        co_return 0;
    }
    const Tool *tool = findTool(argv[0]);
    if (!tool) {
        local.err("sh: " + argv[0] + ": not found\n");
        co_return 127;
    }
    // NAME=value before a command is in its environment only.
    std::vector<std::pair<std::string, std::optional<std::string>>> saved;
    for (const auto &[name, value] : assignments) {
        saved.emplace_back(name, variable(name));
        setVariable(name, value, true);
    }
    const int status = co_await (*tool)(*this, std::move(argv), local);
    for (const auto &[name, value] : saved) {
        if (value)
            setVariable(name, *value, false);
        else
            unsetVariable(name);
    }
    co_return status;
}

asio::awaitable<int> Shell::runArgv(std::vector<std::string> argv, Streams &io)
{
    if (argv.empty())
        co_return 0;
    const Tool *tool = findTool(argv[0]);
    if (!tool) {
        io.err("exec: \"" + argv[0] + "\": executable file not found in $PATH\n");
        co_return 127;
    }
    m_status = co_await (*tool)(*this, std::move(argv), io);
    co_return m_status;
}

asio::awaitable<int> Shell::interactive(Streams &io, bool prompt)
{
    std::string pending;
    for (;;) {
        if (prompt)
            io.out(pending.empty() ? "~ # " : "> ");
        auto line = co_await io.in->readLine();
        if (!line)
            break;
        pending += *line + "\n";
        const ParseResult parsed = parse(pending);
        if (parsed.incomplete)
            continue;
        if (pending.find_first_not_of(" \t\n") == std::string::npos) {
            pending.clear(); // an empty line leaves $? as it was
            continue;
        }
        // In a terminal, Ctrl-C interrupts the command running (sleep, a curl that waits):
        // it is cancelled at its next wait and the shell prompts again, status 130. The
        // exec's own cancellation (kubectl went away) still reaches both.
        auto *stream = dynamic_cast<StreamInput *>(io.in);
        if (!stream) {
            co_await runScript(std::exchange(pending, {}), io);
        } else {
            asio::steady_timer ctrlC(co_await asio::this_coro::executor,
                                     asio::steady_timer::time_point::max());
            bool interrupted = false;
            std::function<void()> outer =
                    std::exchange(stream->onInterrupt, [&ctrlC, &interrupted] {
                        interrupted = true;
                        ctrlC.cancel();
                    });
            auto waitForCtrlC = [&ctrlC]() -> asio::awaitable<void> {
                co_await ctrlC.async_wait(asio::as_tuple(asio::use_awaitable));
            };
            std::exception_ptr failure;
            try {
                co_await (runScript(std::exchange(pending, {}), io) || waitForCtrlC());
            } catch (...) {
                failure = std::current_exception();
            }
            stream->onInterrupt = std::move(outer);
            if (interrupted)
                m_status = 130;
            else if (failure)
                std::rethrow_exception(failure); // the exec's end, or a real fault
        }
        if (m_exiting)
            break;
    }
    co_return m_status;
}

} // namespace clusterlab::shell
