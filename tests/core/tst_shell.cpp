// The container shell of `kubectl exec` (core/shell) on its own: the parser's grammar and
// busybox's syntax errors, expansion, exit codes, pipes and redirections, the builtins and
// text tools, kubelet's environment rules, and curl connecting from the Pod's IP to a real
// server on loopback.
#include "shell/pod_environment.h"
#include "shell/shell.h"

#include <QtTest>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/parse.hpp>

#include <thread>

using namespace clusterlab;
namespace asio = boost::asio;

namespace {

struct Ran
{
    int status = -1;
    std::string out;
    std::string err;
};

std::shared_ptr<shell::PodInfo> frontendPod()
{
    auto pod = std::make_shared<shell::PodInfo>();
    pod->name = pod->hostname = "frontend-7d4f-abcde";
    pod->namespace_ = "shop";
    pod->ip = "127.244.250.7";
    pod->hostIP = "127.244.250.1";
    pod->nodeName = "node-250";
    pod->container = "web";
    pod->image = "busybox:1.36";
    pod->env = { { "PATH", "/bin" }, { "HOSTNAME", pod->name }, { "GREETING", "hello world" } };
    return pod;
}

/// run runs script in a fresh shell of frontendPod() with input on stdin.
Ran run(const std::string &script, const std::string &input = {},
        std::shared_ptr<shell::PodInfo> pod = frontendPod())
{
    asio::io_context io;
    shell::Shell sh(io.get_executor(), pod);
    shell::StringInput in(input);
    Ran ran;
    shell::Streams streams{ &in,
                            [&](std::string_view d) {
                                ran.out += d;
                            },
                            [&](std::string_view d) {
                                ran.err += d;
                            } };
    asio::co_spawn(io, sh.runScript(script, streams), [&](std::exception_ptr e, int status) {
        ran.status = e ? -2 : status;
    });
    io.run();
    return ran;
}

} // namespace

class TestShell : public QObject
{
    Q_OBJECT

private slots:
    void parserGrammar();
    void syntaxErrorsInBusyboxWords_data();
    void syntaxErrorsInBusyboxWords();
    void expansionAndQuotes();
    void exitCodesAndLists();
    void pipesAndRedirections();
    void builtinsAndFiles();
    void unknownCommandIs127();
    void kubeletServiceVariables();
    void containerEnvironmentFromFields();
    void curlConnectsFromThePodIP();
};

void TestShell::parserGrammar()
{
    const auto parsed =
            shell::parse("A=1 env | grep -c A && echo 'x y' || echo no; echo $A >/dev/null 2>&1");
    QVERIFY(parsed.error.empty());
    QCOMPARE(parsed.script.size(), std::size_t(2));
    QCOMPARE(parsed.script[0].pipelines.size(), std::size_t(3));
    QCOMPARE(parsed.script[0].ands, (std::vector<bool>{ true, false }));
    QCOMPARE(parsed.script[0].pipelines[0].commands.size(), std::size_t(2));
    const auto &last = parsed.script[1].pipelines[0].commands[0];
    QCOMPARE(last.redirects.size(), std::size_t(2));
    QCOMPARE(last.redirects[1].fd, 2);
    QVERIFY(last.redirects[1].kind == shell::Redirect::Kind::Duplicate);
}

void TestShell::syntaxErrorsInBusyboxWords_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QString>("message");
    QTest::addColumn<bool>("incomplete");
    QTest::newRow("open quote") << "echo 'abc"
                                << "syntax error: unterminated quoted string" << true;
    QTest::newRow("leading pipe") << "| grep x"
                                  << "syntax error: unexpected \"|\"" << false;
    QTest::newRow("double semicolon") << "echo a;;"
                                      << "syntax error: unexpected \";\"" << false;
    QTest::newRow("trailing and") << "true &&"
                                  << "syntax error: unexpected end of file" << true;
}

void TestShell::syntaxErrorsInBusyboxWords()
{
    QFETCH(QString, script);
    QFETCH(QString, message);
    QFETCH(bool, incomplete);
    const auto parsed = shell::parse(script.toStdString());
    QCOMPARE(QString::fromStdString(parsed.error), message);
    QCOMPARE(parsed.incomplete, incomplete);
    const Ran ran = run(script.toStdString());
    QCOMPARE(ran.status, 2);
    QCOMPARE(QString::fromStdString(ran.err), "sh: " + message + "\n");
}

void TestShell::expansionAndQuotes()
{
    QCOMPARE(run("echo $GREETING").out, std::string("hello world\n"));
    QCOMPARE(run("echo \"[$GREETING]\" '[$GREETING]' \\$HOME ${HOSTNAME}").out,
             std::string("[hello world] [$GREETING] $HOME frontend-7d4f-abcde\n"));
    QCOMPARE(run("X=a; echo $X$X; echo $UNSET end").out, std::string("aa\nend\n"));
    QCOMPARE(run("sh -c 'echo $0 $1 $#' me one two").out, std::string("me one 2\n"));
    QCOMPARE(run("printf_missing=1; echo -n a; echo -e 'b\\tc'").out, std::string("ab\tc\n"));
}

void TestShell::exitCodesAndLists()
{
    QCOMPARE(run("false; echo $?").out, std::string("1\n"));
    QCOMPARE(run("false && echo no || echo yes").out, std::string("yes\n"));
    QCOMPARE(run("! false && echo negated").out, std::string("negated\n"));
    QCOMPARE(run("exit 7; echo never").status, 7);
    QCOMPARE(run("exit 7; echo never").out, std::string());
    QCOMPARE(run("sh -c 'exit 3'; echo $?").out, std::string("3\n"));
    QCOMPARE(run("exit 300").status, 300 & 0xff);
}

void TestShell::pipesAndRedirections()
{
    QCOMPARE(run("env | grep GREETING").out, std::string("GREETING=hello world\n"));
    QCOMPARE(run("env | grep -c =").out, std::string("4\n")); // PATH HOSTNAME GREETING PWD
    QCOMPARE(run("echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f | wc -l").out,
             std::string("2\n"));
    QCOMPARE(run("cat < /tmp/none").err,
             std::string("sh: can't open '/tmp/none': No such file or directory\n"));
    const Ran swapped = run("echo to-err >&2; nosuch 2>/dev/null; nosuch 2>&1");
    QCOMPARE(swapped.err, std::string("to-err\n"));
    QCOMPARE(swapped.out, std::string("sh: nosuch: not found\n"));
    QCOMPARE(run("grep -v b", "a\nb\nc\n").out, std::string("a\nc\n"));
    QCOMPARE(run("head -n 2 | tail -1", "a\nb\nc\n").out, std::string("b\n"));
    QCOMPARE(run("grep -q zzz; echo $?", "a\n").out, std::string("1\n"));
    QCOMPARE(run("sh", "echo from-stdin\nexit 5\necho never\n").status, 5);
}

void TestShell::builtinsAndFiles()
{
    QCOMPARE(run("hostname").out, std::string("frontend-7d4f-abcde\n"));
    QCOMPARE(run("cat /etc/resolv.conf").out,
             std::string("search shop.svc.cluster.local svc.cluster.local cluster.local\n"
                         "nameserver 127.96.0.10\noptions ndots:5\n"));
    QVERIFY(run("cat /etc/hosts").out.ends_with("127.244.250.7\tfrontend-7d4f-abcde\n"));
    QVERIFY(run("ip addr").out.find("inet 127.244.250.7/24") != std::string::npos);
    QVERIFY(run("ifconfig").out.find("inet addr:127.244.250.7") != std::string::npos);
    QCOMPARE(run("printenv GREETING NOPE; echo $?").out, std::string("hello world\n1\n"));
    QCOMPARE(run("export A=1; sh -c 'echo $A'").out, std::string("1\n"));
    QCOMPARE(run("B=2 sh -c 'echo $B'; echo [$B]").out, std::string("2\n[]\n"));
    QCOMPARE(run("cat /nope").err,
             std::string("cat: can't open '/nope': No such file or directory\n"));
    QCOMPARE(run("ping backend").status, 1);
    QCOMPARE(run("/bin/echo ok; /usr/bin/env | grep -c GREETING").out, std::string("ok\n1\n"));
    QCOMPARE(run("sleep 0.05 && echo slept").out, std::string("slept\n"));
}

void TestShell::unknownCommandIs127()
{
    const Ran ran = run("foo --bar");
    QCOMPARE(ran.status, 127);
    QCOMPARE(ran.err, std::string("sh: foo: not found\n"));
    QCOMPARE(run("/opt/tool").err, std::string("sh: /opt/tool: not found\n"));
}

void TestShell::kubeletServiceVariables()
{
    model::Service svc;
    svc.metadata.name = "my-db.v2";
    svc.spec.clusterIP = "127.96.4.5";
    svc.spec.ports = { { "", "TCP", "", 5432, {}, 0 }, { "metrics", "UDP", "", 9100, {}, 0 } };
    const shell::EnvList vars = shell::serviceLinkVariables(svc);
    const shell::EnvList expected{
        { "MY_DB_V2_SERVICE_HOST", "127.96.4.5" },
        { "MY_DB_V2_SERVICE_PORT", "5432" },
        { "MY_DB_V2_SERVICE_PORT_METRICS", "9100" },
        { "MY_DB_V2_PORT", "tcp://127.96.4.5:5432" },
        { "MY_DB_V2_PORT_5432_TCP", "tcp://127.96.4.5:5432" },
        { "MY_DB_V2_PORT_5432_TCP_PROTO", "tcp" },
        { "MY_DB_V2_PORT_5432_TCP_PORT", "5432" },
        { "MY_DB_V2_PORT_5432_TCP_ADDR", "127.96.4.5" },
        { "MY_DB_V2_PORT_9100_UDP", "udp://127.96.4.5:9100" },
        { "MY_DB_V2_PORT_9100_UDP_PROTO", "udp" },
        { "MY_DB_V2_PORT_9100_UDP_PORT", "9100" },
        { "MY_DB_V2_PORT_9100_UDP_ADDR", "127.96.4.5" },
    };
    QCOMPARE(vars, expected);
    QCOMPARE(shell::serviceEnvName("3tier"), std::string("_3TIER"));
    svc.spec.clusterIP = "None";
    QVERIFY(shell::serviceLinkVariables(svc).empty());
}

void TestShell::containerEnvironmentFromFields()
{
    model::Pod pod;
    pod.metadata.name = "web-1";
    pod.metadata.namespace_ = "shop";
    pod.status.podIP = "127.244.1.9";
    pod.spec.nodeName = "node-1";
    model::Container c;
    c.name = "web";
    c.env = { { "MODE", "blue", false }, { "ME", "", true }, { "IP", "", true } };
    pod.spec.containers.push_back(c);
    pod.raw = boost::json::parse(R"({"spec":{"containers":[{"name":"web","env":[
        {"name":"MODE","value":"blue"},
        {"name":"ME","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}},
        {"name":"IP","valueFrom":{"fieldRef":{"fieldPath":"status.podIP"}}}]}]}})")
                      .as_object();
    model::Service backend;
    backend.metadata.name = "backend";
    backend.metadata.namespace_ = "shop";
    backend.spec.clusterIP = "127.96.0.50";
    backend.spec.ports = { { "http", "TCP", "", 80, {}, 0 } };
    const auto env = shell::containerEnvironment(pod, "web", { backend });
    auto has = [&](const std::string &name, const std::string &value) {
        return std::find(env.begin(), env.end(), std::pair{ name, value }) != env.end();
    };
    QVERIFY(has("HOSTNAME", "web-1"));
    QVERIFY(has("MODE", "blue"));
    QVERIFY(has("ME", "web-1"));
    QVERIFY(has("IP", "127.244.1.9"));
    QVERIFY(has("BACKEND_SERVICE_PORT_HTTP", "80"));
    QVERIFY(has("HOME", "/root"));
}

void TestShell::curlConnectsFromThePodIP()
{
    // A real server on a node address that answers with the client's address.
    asio::io_context serverIo;
    asio::ip::tcp::acceptor acceptor(serverIo, { asio::ip::make_address_v4("127.244.250.1"), 0 });
    const int port = acceptor.local_endpoint().port();
    std::thread server([&] {
        for (int i = 0; i < 2; ++i) {
            asio::ip::tcp::socket socket(serverIo);
            acceptor.accept(socket);
            asio::streambuf request;
            asio::read_until(socket, request, "\r\n\r\n");
            const std::string body = "client " + socket.remote_endpoint().address().to_string();
            const std::string answer = "HTTP/1.1 200 OK\r\nContent-Length: "
                    + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
            asio::write(socket, asio::buffer(answer));
        }
    });
    auto pod = frontendPod();
    pod->realPort = [port](const std::string &ip, int wanted) {
        return ip == "127.244.250.1" && wanted == 80 ? port : wanted;
    };
    const Ran curl = run("curl -s http://127.244.250.1/", {}, pod);
    QCOMPARE(curl.status, 0);
    QCOMPARE(curl.out, std::string("client 127.244.250.7"));
    const Ran code = run("curl -s -o /dev/null -w '%{http_code}' 127.244.250.1", {}, pod);
    QCOMPARE(code.out, std::string("200"));
    server.join();
    const Ran refused = run("curl http://127.244.250.1:1/", {}, pod);
    QCOMPARE(refused.status, 7);
    QVERIFY(refused.err.starts_with("curl: (7) Failed to connect to 127.244.250.1 port 1 after "));
}

QTEST_GUILESS_MAIN(TestShell)
#include "tst_shell.moc"
