// The real kubectl exec into a real `clusterlab --headless`, as a class does in "Inside the
// Pods": commands and exit codes, stdin, a TTY, curl from a frontend Pod to the backend
// Service (the backend sees the frontend's Pod IP), nslookup, the environment kubelet gives a
// container, and older kubectl's SPDY refused with the version to use.
#include "kubectl_lab.h"

#include <QtTest>

#include <memory>

using namespace kubectl_test;

namespace {

const QString kNewest = QStringLiteral("/usr/lib/google-cloud-sdk/bin/kubectl.1.33");
const QString kOldest = QStringLiteral("/usr/lib/google-cloud-sdk/bin/kubectl.1.27");

/// kTtyDriver runs argv[1:] in a pseudo-terminal, types each line of stdin (with Enter) a
/// moment apart, and prints what the terminal showed; it exits with the command's code.
const QString kTtyDriver = QStringLiteral(R"PY(
import os, pty, sys, time, select
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
out = b""
def pump(seconds):
    global out
    end = time.time() + seconds
    while time.time() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                out += os.read(fd, 4096)
            except OSError:
                return
pump(1.5)
for line in sys.stdin.read().splitlines():
    os.write(fd, line.encode() + b"\r")
    pump(1.0)
pump(1.0)
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors="replace"))
sys.exit(os.waitstatus_to_exitcode(status))
)PY");

/// runWithInput runs program with input on its stdin (then closed).
Run runWithInput(const QString &program, const QStringList &arguments, const QByteArray &input,
                 const QProcessEnvironment &env)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(program, arguments);
    Run result;
    if (!process.waitForStarted(10000))
        return result;
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(40000))
        process.kill();
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

} // namespace

class TestKubectlExec : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void commandsAndExitCodes();
    void stdinEndsTheShell();
    void terminalShell();
    void curlFromTheFrontendPod();
    void nslookupShortAndLongNames();
    void environmentAsKubeletGivesIt();
    void oldKubectlIsToldTheVersion();

private:
    QStringList exec(const QStringList &command, const QStringList &flags = {}) const
    {
        return QStringList{ "exec" } + flags + QStringList{ m_frontend, "--" } + command;
    }

    std::unique_ptr<Lab> m_lab;
    QString m_frontend; ///< pod/frontend-...
    QString m_frontendIP;
};

void TestKubectlExec::initTestCase()
{
    if (!QFileInfo::exists(kNewest))
        requireKubectl();
    m_lab = std::make_unique<Lab>(QFileInfo::exists(kNewest) ? kNewest : findKubectl());
    QVERIFY2(m_lab->ready(), qPrintable(m_lab->startupOutput()));
    const Run service = m_lab->run({ "create", "-f", kData + "backend-service.yaml" });
    QVERIFY2(service.exitCode == 0, qPrintable(why(service)));
    const Run frontend = m_lab->run({ "apply", "-f", kData + "exec-frontend.yaml" });
    QVERIFY2(frontend.exitCode == 0, qPrintable(why(frontend)));
    const Run pods = m_lab->waitFor({ "get", "pods", "-l", "app=frontend", "-o", "wide" },
                                    [](const QString &out) {
                                        return out.contains(" Running ");
                                    });
    const auto match = QRegularExpression("^(frontend-\\S+)\\s+1/1\\s+Running\\s+\\S+\\s+\\S+\\s+"
                                          "(127\\.244\\.\\d+\\.\\d+)",
                                          QRegularExpression::MultilineOption)
                               .match(pods.out);
    QVERIFY2(match.hasMatch(), qPrintable(why(pods)));
    m_frontend = "pod/" + match.captured(1);
    m_frontendIP = match.captured(2);
    // A Service made after the frontend started: not in its environment, but in DNS.
    const Run later = m_lab->run({ "create", "service", "clusterip", "later", "--tcp=8080:8080" });
    QVERIFY2(later.exitCode == 0, qPrintable(why(later)));
}

void TestKubectlExec::cleanupTestCase()
{
    m_lab.reset();
}

void TestKubectlExec::commandsAndExitCodes()
{
    const Run echo = m_lab->run(exec({ "echo", "hello", "class" }));
    QVERIFY2(echo.exitCode == 0, qPrintable(why(echo)));
    QCOMPARE(echo.out, QString("hello class\n"));

    const Run seven = m_lab->run(exec({ "sh", "-c", "exit 7" }));
    QCOMPARE(seven.exitCode, 7);
    QVERIFY2(seven.err.contains("command terminated with exit code 7"), qPrintable(why(seven)));

    const Run chain = m_lab->run(exec({ "sh", "-c", "false || echo fallback; true && echo $?" }));
    QCOMPARE(chain.out, QString("fallback\n0\n"));

    const Run unknown = m_lab->run(exec({ "sh", "-c", "foo --bar" }));
    QCOMPARE(unknown.exitCode, 127);
    QVERIFY2(unknown.err.contains("sh: foo: not found"), qPrintable(why(unknown)));

    const Run hostname = m_lab->run(exec({ "hostname" }));
    QCOMPARE(hostname.out.trimmed(), m_frontend.mid(4));

    const Run missing = m_lab->run({ "exec", "no-such-pod", "--", "ls" });
    QVERIFY2(missing.exitCode != 0
                     && missing.err.contains("Error from server (NotFound): pods \"no-such-pod\" "
                                             "not found"),
             qPrintable(why(missing)));
}

void TestKubectlExec::stdinEndsTheShell()
{
    const Run shell = runWithInput(m_lab->kubectl(), m_lab->withCache(exec({ "sh" }, { "-i" })),
                                   "echo one\nhostname | grep -c frontend\nexit 3\necho never\n",
                                   m_lab->environment());
    QCOMPARE(shell.exitCode, 3);
    QCOMPARE(shell.out, QString("one\n1\n"));

    const Run ended = runWithInput(m_lab->kubectl(), m_lab->withCache(exec({ "sh" }, { "-i" })),
                                   "echo last\n", m_lab->environment());
    QVERIFY2(ended.exitCode == 0, qPrintable(why(ended)));
    QCOMPARE(ended.out, QString("last\n"));

    const Run counted =
            runWithInput(m_lab->kubectl(), m_lab->withCache(exec({ "wc", "-l" }, { "-i" })),
                         "a\nb\nc\n", m_lab->environment());
    QCOMPARE(counted.out.trimmed(), QString("3"));
}

void TestKubectlExec::terminalShell()
{
    if (QStandardPaths::findExecutable("python3").isEmpty())
        QSKIP("python3 drives the pseudo-terminal");
    const Run tty = runWithInput("python3",
                                 QStringList{ "-c", kTtyDriver, m_lab->kubectl() }
                                         + m_lab->withCache(exec({ "sh" }, { "-it" })),
                                 "echo hi $GREETING\nsleep 30\n\x03\necho after $?\nexit 4\n",
                                 m_lab->environment());
    QVERIFY2(tty.exitCode == 4, qPrintable(why(tty)));
    // The prompt, the typed line echoed back by the remote terminal, output with \r\n.
    QVERIFY2(tty.out.contains("~ # echo hi $GREETING\r\nhi hello\r\n~ # sleep 30"),
             qPrintable(why(tty)));
    // Ctrl-C interrupts the command running, as in a real container's shell.
    QVERIFY2(tty.out.contains("~ # sleep 30\r\n^C\r\n"), qPrintable(why(tty)));
    QVERIFY2(tty.out.contains("~ # echo after $?\r\nafter 130\r\n~ # exit 4"),
             qPrintable(why(tty)));
    QVERIFY2(tty.out.contains("command terminated with exit code 4"), qPrintable(why(tty)));
}

void TestKubectlExec::curlFromTheFrontendPod()
{
    const Run curl = m_lab->run({ "exec", "deploy/frontend", "--", "curl", "-s", "-H",
                                  "Accept: application/json", "http://backend/" });
    QVERIFY2(curl.exitCode == 0, qPrintable(why(curl)));
    QVERIFY2(curl.out.contains(QRegularExpression("\"pod\":\"backend-[a-z0-9]+-[a-z0-9]+\"")),
             qPrintable(why(curl)));
    QVERIFY2(curl.out.contains("\"client\":\"" + m_frontendIP + ":"), qPrintable(why(curl)));

    const Run wget = m_lab->run(exec({ "wget", "-qO-", "http://backend/hostname" }));
    QVERIFY2(wget.exitCode == 0 && wget.out.startsWith("backend-"), qPrintable(why(wget)));

    const Run nowhere = m_lab->run(exec({ "curl", "http://nowhere/" }));
    QCOMPARE(nowhere.exitCode, 6);
    QVERIFY2(nowhere.err.contains("curl: (6) Could not resolve host: nowhere"),
             qPrintable(why(nowhere)));

    const Run closed = m_lab->run(exec({ "nc", "-zv", "backend", "81" }));
    QCOMPARE(closed.exitCode, 1);
    const Run open = m_lab->run(exec({ "nc", "-zv", "backend", "80" }));
    QVERIFY2(open.exitCode == 0 && open.err.contains("open"), qPrintable(why(open)));
}

void TestKubectlExec::nslookupShortAndLongNames()
{
    const Run shortName = m_lab->run(exec({ "nslookup", "backend" }));
    QVERIFY2(shortName.exitCode == 0, qPrintable(why(shortName)));
    QVERIFY2(shortName.out.contains("Server:\t\t127.96.0.10\n"), qPrintable(why(shortName)));
    const auto address = QRegularExpression("Name:\\tbackend\\.default\\.svc\\.cluster\\.local\\n"
                                            "Address: (127\\.\\d+\\.\\d+\\.\\d+)")
                                 .match(shortName.out);
    QVERIFY2(address.hasMatch(), qPrintable(why(shortName)));
    const Run service =
            m_lab->run({ "get", "service", "backend", "-o", "jsonpath={.spec.clusterIP}" });
    QCOMPARE(address.captured(1), service.out);

    const Run longName = m_lab->run(exec({ "nslookup", "backend.default.svc.cluster.local" }));
    QVERIFY2(longName.out.contains("Address: " + service.out), qPrintable(why(longName)));

    const Run missing = m_lab->run(exec({ "nslookup", "nothere" }));
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.out.contains("** server can't find nothere: NXDOMAIN"),
             qPrintable(why(missing)));

    const Run resolv = m_lab->run(exec({ "cat", "/etc/resolv.conf" }));
    QCOMPARE(resolv.out,
             QString("search default.svc.cluster.local svc.cluster.local cluster.local\n"
                     "nameserver 127.96.0.10\noptions ndots:5\n"));
}

void TestKubectlExec::environmentAsKubeletGivesIt()
{
    const Run env = m_lab->run(exec({ "env" }));
    QVERIFY2(env.exitCode == 0, qPrintable(why(env)));
    const Run service =
            m_lab->run({ "get", "service", "backend", "-o", "jsonpath={.spec.clusterIP}" });
    const QString ip = service.out;
    for (const QString &line :
         { "BACKEND_SERVICE_HOST=" + ip, QString("BACKEND_SERVICE_PORT=80"),
           "BACKEND_PORT=tcp://" + ip + ":80", "BACKEND_PORT_80_TCP=tcp://" + ip + ":80",
           QString("BACKEND_PORT_80_TCP_PROTO=tcp"), QString("BACKEND_PORT_80_TCP_PORT=80"),
           "BACKEND_PORT_80_TCP_ADDR=" + ip, QString("KUBERNETES_SERVICE_HOST=127.96.0.1"),
           QString("KUBERNETES_SERVICE_PORT=443"), QString("GREETING=hello"),
           "MY_POD_NAME=" + m_frontend.mid(4), "MY_POD_IP=" + m_frontendIP,
           "HOSTNAME=" + m_frontend.mid(4) })
        QVERIFY2(env.out.contains(QRegularExpression("^" + QRegularExpression::escape(line) + "$",
                                                     QRegularExpression::MultilineOption)),
                 qPrintable(line + "\n" + why(env)));
    // Created after the Pod started: kubelet wrote no variables for it.
    QVERIFY2(!env.out.contains("LATER_"), qPrintable(why(env)));
    const Run grep = m_lab->run(exec({ "sh", "-c", "env | grep BACKEND_SERVICE" }));
    QCOMPARE(grep.out, "BACKEND_SERVICE_HOST=" + ip + "\nBACKEND_SERVICE_PORT=80\n");
}

void TestKubectlExec::oldKubectlIsToldTheVersion()
{
    if (!QFileInfo::exists(kOldest))
        QSKIP("kubectl 1.27 is not installed");
    const Run old = process_test::runProcess(kOldest, m_lab->withCache(exec({ "echo", "hi" })),
                                             30000, m_lab->environment());
    QVERIFY(old.exitCode != 0);
    QVERIFY2(old.err.contains("Error from server (BadRequest): ClusterLab serves kubectl exec "
                              "over WebSocket only")
                     && old.err.contains("kubectl 1.30 or newer"),
             qPrintable(why(old)));
}

QTEST_GUILESS_MAIN(TestKubectlExec)
#include "tst_kubectl_exec.moc"
