// The shell's builtins and the small system tools of a busybox image.

#include "io/awaitable.h"
#include "shell/tool_registry.h"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>

#include <charconv>
#include <cmath>

namespace clusterlab::shell::detail {

namespace {

using Args = std::vector<std::string>;

asio::awaitable<int> echo(Shell &, Args args, Streams &io)
{
    bool newline = true;
    bool escapes = false;
    std::size_t i = 1;
    for (; i < args.size() && args[i].size() > 1 && args[i][0] == '-'
         && args[i].find_first_not_of("neE", 1) == std::string::npos;
         ++i) {
        newline = newline && args[i].find('n') == std::string::npos;
        escapes = args[i].find('e') != std::string::npos;
    }
    std::string text;
    for (std::size_t j = i; j < args.size(); ++j)
        text += (j > i ? " " : "") + args[j];
    if (escapes) {
        std::string out;
        for (std::size_t k = 0; k < text.size(); ++k) {
            if (text[k] != '\\' || k + 1 == text.size()) {
                out += text[k];
                continue;
            }
            const char c = text[++k];
            out += c == 'n' ? '\n' : c == 't' ? '\t' : c == '\\' ? '\\' : c;
        }
        text = out;
    }
    io.out(text + (newline ? "\n" : ""));
    co_return 0;
}

asio::awaitable<int> env(Shell &shell, Args args, Streams &io)
{
    std::size_t i = 1;
    auto inner = shell.child();
    for (; i < args.size(); ++i) {
        const auto eq = args[i].find('=');
        if (eq == std::string::npos || !isName(args[i].substr(0, eq)))
            break;
        inner->setVariable(args[i].substr(0, eq), args[i].substr(eq + 1), true);
    }
    if (i < args.size())
        co_return co_await inner->runArgv(Args(args.begin() + long(i), args.end()), io);
    for (const auto &[name, value] : inner->environment())
        line(io.out, name + "=" + value);
    co_return 0;
}

asio::awaitable<int> printenv(Shell &shell, Args args, Streams &io)
{
    if (args.size() == 1) {
        for (const auto &[name, value] : shell.environment())
            line(io.out, name + "=" + value);
        co_return 0;
    }
    int status = 0;
    const auto environment = shell.environment();
    for (std::size_t i = 1; i < args.size(); ++i) {
        bool found = false;
        for (const auto &[name, value] : environment)
            if (name == args[i]) {
                line(io.out, value);
                found = true;
            }
        status = found ? status : 1;
    }
    co_return status;
}

asio::awaitable<int> sh(Shell &shell, Args args, Streams &io)
{
    auto inner = shell.child();
    if (args.size() >= 3 && args[1] == "-c") {
        inner->setPositional(Args(args.begin() + 3, args.end()));
        co_return co_await inner->runScript(args[2], io);
    }
    if (args.size() >= 2 && args[1] != "-i" && args[1] != "-l" && args[1] != "-s") {
        const auto script = shell.readFile(args[1]);
        if (!script) {
            io.err("sh: can't open '" + args[1] + "': No such file or directory\n");
            co_return 2;
        }
        inner->setPositional(Args(args.begin() + 1, args.end()));
        co_return co_await inner->runScript(*script, io);
    }
    if (args.size() == 2 && args[1] == "-c") {
        io.err("sh: -c requires an argument\n");
        co_return 2;
    }
    co_return co_await inner->interactive(io, shell.terminal);
}

asio::awaitable<int> exitTool(Shell &shell, Args args, Streams &io)
{
    int code = shell.lastStatus();
    if (args.size() > 1) {
        int value = 0;
        const auto [end, ec] =
                std::from_chars(args[1].data(), args[1].data() + args[1].size(), value);
        if (ec != std::errc() || end != args[1].data() + args[1].size()) {
            io.err("sh: exit: Illegal number: " + args[1] + "\n");
            code = 2;
        } else {
            code = value & 0xff;
        }
    }
    shell.requestExit(code);
    co_return code;
}

asio::awaitable<int> exportTool(Shell &shell, Args args, Streams &io)
{
    if (args.size() == 1)
        for (const auto &[name, value] : shell.environment())
            line(io.out, "export " + name + "='" + value + "'");
    for (std::size_t i = 1; i < args.size(); ++i) {
        const auto eq = args[i].find('=');
        const std::string name = args[i].substr(0, eq);
        if (!isName(name)) {
            io.err("sh: export: bad variable name\n");
            co_return 1;
        }
        if (eq != std::string::npos)
            shell.setVariable(name, args[i].substr(eq + 1), true);
        else
            shell.exportVariable(name);
    }
    co_return 0;
}

asio::awaitable<int> sleepTool(Shell &, Args args, Streams &io)
{
    if (args.size() < 2) {
        io.err("Usage: sleep [N]...\n");
        co_return 1;
    }
    double seconds = 0;
    try {
        seconds = std::stod(args[1]);
    } catch (const std::exception &) {
        seconds = -1;
    }
    if (seconds < 0 || !std::isfinite(seconds)) {
        io.err("sleep: invalid number '" + args[1] + "'\n");
        co_return 1;
    }
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_after(std::chrono::milliseconds(std::int64_t(std::min(seconds, 1e7) * 1000)));
    co_await timer.async_wait(io::kTuple);
    co_return 0;
}

asio::awaitable<int> ps(Shell &shell, Args, Streams &io)
{
    const auto &pod = shell.pod();
    std::string image = pod.image.substr(pod.image.rfind('/') + 1);
    image = image.substr(0, image.find(':'));
    line(io.out, "PID   USER     TIME  COMMAND");
    line(io.out, "    1 root      0:00 " + image + " (simulated by ClusterLab)");
    line(io.out, "    7 root      0:00 sh");
    line(io.out, "   13 root      0:00 ps");
    co_return 0;
}

std::string eth0Mac(const std::string &ip)
{
    // Derived from the IP, as a CNI plugin's veth addresses look stable per Pod.
    std::string mac = "02:42";
    std::size_t start = 0;
    for (int i = 0; i < 4; ++i) {
        const auto dot = ip.find('.', start);
        int octet = std::atoi(ip.substr(start, dot - start).c_str());
        char hex[4];
        std::snprintf(hex, sizeof hex, ":%02x", octet & 0xff);
        mac += hex;
        start = dot == std::string::npos ? ip.size() : dot + 1;
    }
    return mac;
}

asio::awaitable<int> ip(Shell &shell, Args args, Streams &io)
{
    const auto &pod = shell.pod();
    const std::string what = args.size() > 1 ? args[1] : "";
    if (what == "a" || what == "addr" || what == "address") {
        line(io.out,
             "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN qlen 1000");
        line(io.out, "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00");
        line(io.out, "    inet 127.0.0.1/8 scope host lo");
        line(io.out, "       valid_lft forever preferred_lft forever");
        line(io.out,
             "2: eth0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue "
             "state UP");
        line(io.out, "    link/ether " + eth0Mac(pod.ip) + " brd ff:ff:ff:ff:ff:ff");
        line(io.out,
             "    inet " + pod.ip + "/24 brd " + pod.ip.substr(0, pod.ip.rfind('.'))
                     + ".255 scope global eth0");
        line(io.out, "       valid_lft forever preferred_lft forever");
        co_return 0;
    }
    if (what == "r" || what == "route") {
        line(io.out, "default via " + pod.hostIP + " dev eth0");
        line(io.out,
             pod.ip.substr(0, pod.ip.rfind('.')) + ".0/24 dev eth0 scope link  src " + pod.ip);
        co_return 0;
    }
    io.err("Usage: ip [ OPTIONS ] { address | route } (ClusterLab knows addr and route)\n");
    co_return 1;
}

asio::awaitable<int> ifconfig(Shell &shell, Args, Streams &io)
{
    const auto &pod = shell.pod();
    const std::string bcast = pod.ip.substr(0, pod.ip.rfind('.')) + ".255";
    line(io.out, "eth0      Link encap:Ethernet  HWaddr " + eth0Mac(pod.ip));
    line(io.out, "          inet addr:" + pod.ip + "  Bcast:" + bcast + "  Mask:255.255.255.0");
    line(io.out, "          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1");
    line(io.out, "");
    line(io.out, "lo        Link encap:Local Loopback");
    line(io.out, "          inet addr:127.0.0.1  Mask:255.0.0.0");
    line(io.out, "          UP LOOPBACK RUNNING  MTU:65536  Metric:1");
    line(io.out, "");
    co_return 0;
}

asio::awaitable<int> ls(Shell &, Args args, Streams &io)
{
    const std::string dir = args.size() > 1 ? args.back() : "/";
    if (dir == "/" || dir == ".")
        line(io.out, "bin    dev    etc    home   lib    proc   root   sys    tmp    usr    var");
    else if (dir == "/etc" || dir == "/etc/")
        line(io.out, "hostname     hosts        resolv.conf");
    else if (dir == "/tmp" || dir == "/root" || dir == "/home")
        co_return 0;
    else {
        io.err("ls: " + dir + ": No such file or directory\n");
        co_return 1;
    }
    co_return 0;
}

asio::awaitable<int> constant(int code)
{
    co_return code;
}

} // namespace

Options parseOptions(const std::vector<std::string> &args, const std::string &withValue,
                     const std::string &allowed)
{
    Options out;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string &arg = args[i];
        if (arg == "--") {
            out.operands.insert(out.operands.end(), args.begin() + long(i) + 1, args.end());
            break;
        }
        if (arg.starts_with("--")) {
            out.longs.push_back(arg);
            continue;
        }
        if (arg.size() < 2 || arg[0] != '-') {
            out.operands.push_back(arg);
            continue;
        }
        for (std::size_t k = 1; k < arg.size(); ++k) {
            const char c = arg[k];
            if (allowed.find(c) == std::string::npos && withValue.find(c) == std::string::npos) {
                out.error = std::string("invalid option -- '") + c + "'";
                return out;
            }
            if (withValue.find(c) == std::string::npos) {
                out.flags[c] = "";
                continue;
            }
            if (k + 1 < arg.size())
                out.flags[c] = arg.substr(k + 1);
            else if (i + 1 < args.size())
                out.flags[c] = args[++i];
            else
                out.error = std::string("option requires an argument -- '") + c + "'";
            break;
        }
    }
    return out;
}

void addBuiltins(Tools &t)
{
    t["echo"] = echo;
    t["env"] = env;
    t["printenv"] = printenv;
    t["sh"] = sh;
    t["ash"] = sh;
    t["bash"] = sh;
    t["exit"] = exitTool;
    t["export"] = exportTool;
    t["sleep"] = sleepTool;
    t["ps"] = ps;
    t["ip"] = ip;
    t["ifconfig"] = ifconfig;
    t["ls"] = ls;
    t["true"] = [](Shell &, Args, Streams &) {
        return constant(0);
    };
    t[":"] = t["true"];
    t["false"] = [](Shell &, Args, Streams &) {
        return constant(1);
    };
    t["hostname"] = [](Shell &shell, Args, Streams &io) {
        line(io.out, shell.pod().hostname);
        return constant(0);
    };
    t["pwd"] = [](Shell &, Args, Streams &io) {
        line(io.out, "/");
        return constant(0);
    };
    t["whoami"] = [](Shell &, Args, Streams &io) {
        line(io.out, "root");
        return constant(0);
    };
    t["id"] = [](Shell &, Args, Streams &io) {
        line(io.out, "uid=0(root) gid=0(root) groups=0(root)");
        return constant(0);
    };
    t["uname"] = [](Shell &shell, Args args, Streams &io) {
        line(io.out,
             args.size() > 1 && args[1] == "-a"
                     ? "Linux " + shell.pod().hostname + " 6.1.0 #1 SMP x86_64 GNU/Linux"
                     : "Linux");
        return constant(0);
    };
    t["unset"] = [](Shell &shell, Args args, Streams &) {
        for (std::size_t i = 1; i < args.size(); ++i)
            shell.unsetVariable(args[i]);
        return constant(0);
    };
    t["cd"] = [](Shell &, Args args, Streams &io) {
        if (args.size() > 1 && args[1] != "/" && args[1] != "~" && args[1] != ".") {
            io.err("sh: cd: can't cd to " + args[1] + ": No such file or directory\n");
            return constant(2);
        }
        return constant(0);
    };
    t["ping"] = [](Shell &, Args, Streams &io) {
        io.err("ping: ClusterLab does not simulate ICMP; try curl, nc -zv or nslookup\n");
        return constant(1);
    };
}

} // namespace clusterlab::shell::detail
