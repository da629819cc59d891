#include "terminal/command_policy.h"

namespace clusterlab::app {

namespace {

CommandPlan refuse(const QString &message)
{
    CommandPlan plan;
    plan.message = message;
    return plan;
}

CommandPlan run(const QString &program, const QStringList &arguments)
{
    CommandPlan plan;
    plan.action = CommandPlan::Action::Run;
    plan.program = program;
    plan.arguments = arguments;
    return plan;
}

/// kOtherCluster are kubectl's flags that would point it away from ClusterLab.
const QStringList &otherClusterFlags()
{
    static const QStringList flags = {
        QStringLiteral("--kubeconfig"), QStringLiteral("--server"),  QStringLiteral("-s"),
        QStringLiteral("--context"),    QStringLiteral("--cluster"), QStringLiteral("--user"),
        QStringLiteral("--token"),      QStringLiteral("--as"),      QStringLiteral("--username"),
    };
    return flags;
}

/// kubectlVerbs are the verbs the panel runs: kubectl's own commands that talk to the API
/// server and nothing else (no proxy, port-forward, plugins, or external diff/editor).
const QStringList &kubectlVerbs()
{
    static const QStringList verbs = {
        QStringLiteral("get"),          QStringLiteral("describe"), QStringLiteral("create"),
        QStringLiteral("apply"),        QStringLiteral("delete"),   QStringLiteral("scale"),
        QStringLiteral("label"),        QStringLiteral("annotate"), QStringLiteral("expose"),
        QStringLiteral("set"),          QStringLiteral("patch"),    QStringLiteral("replace"),
        QStringLiteral("rollout"),      QStringLiteral("explain"),  QStringLiteral("api-resources"),
        QStringLiteral("api-versions"), QStringLiteral("version"),  QStringLiteral("cluster-info"),
        QStringLiteral("logs"),         QStringLiteral("wait"),     QStringLiteral("config"),
        QStringLiteral("edit"),         QStringLiteral("exec"),     QStringLiteral("auth"),
        QStringLiteral("attach"),
    };
    return verbs;
}

/// refusedKubectlArgument says why an argument may not run, or nothing: flags that would
/// point kubectl at another cluster or write files, and -f URLs (kubectl would download).
QString refusedKubectlArgument(const QStringList &args, qsizetype i)
{
    const QString &arg = args.at(i);
    const QString flag = arg.section(QLatin1Char('='), 0, 0);
    if (otherClusterFlags().contains(flag) || flag == QLatin1String("--cache-dir")
        || (arg.startsWith(QLatin1String("-s")) && !arg.startsWith(QLatin1String("--"))))
        return QStringLiteral("kubectl here only talks to ClusterLab: %1 is not allowed")
                .arg(arg.startsWith(QLatin1String("-s")) ? QStringLiteral("-s") : flag);
    const bool fileFlag = flag == QLatin1String("-f") || flag == QLatin1String("--filename")
            || flag == QLatin1String("-k") || flag == QLatin1String("--kustomize");
    const QString value = arg.contains(QLatin1Char('=')) ? arg.section(QLatin1Char('='), 1)
            : fileFlag && i + 1 < args.size()            ? args.at(i + 1)
                                                         : QString();
    if (fileFlag && value.contains(QLatin1String("://")))
        return QStringLiteral("kubectl here reads files from this computer, not %1").arg(value);
    return {};
}

CommandPlan planKubectl(const QStringList &argv, KubectlMode mode)
{
    const QStringList args = argv.mid(1);
    // After "--" come the words of the command kubectl exec runs in the Pod, not kubectl's.
    const qsizetype ownArgs =
            args.contains(QStringLiteral("--")) ? args.indexOf(QStringLiteral("--")) : args.size();
    for (qsizetype i = 0; i < ownArgs; ++i)
        if (const QString why = refusedKubectlArgument(args, i); !why.isEmpty())
            return refuse(why);
    if (!args.isEmpty()
        && (args.front() == QLatin1String("port-forward")
            || args.front() == QLatin1String("proxy")))
        return refuse(QStringLiteral("kubectl %1 keeps running and listens on this computer, so "
                                     "it does not run in this panel: run it in a terminal of "
                                     "your own with the KUBECONFIG=... the status bar shows "
                                     "(kubectl %1 %2)")
                              .arg(args.front(),
                                   args.front() == QLatin1String("proxy")
                                           ? QStringLiteral("--port 8001")
                                           : QStringLiteral("svc/frontend 8080:80, then open "
                                                            "http://127.0.0.1:8080/")));
    if (!args.isEmpty() && !kubectlVerbs().contains(args.front()))
        return refuse(args.front().startsWith(QLatin1Char('-'))
                              ? QStringLiteral("kubectl here wants the verb first: kubectl get "
                                               "pods -n NAMESPACE")
                              : QStringLiteral("kubectl %1 is not available here (it would reach "
                                               "beyond ClusterLab's API)")
                                        .arg(args.front()));
    static const QStringList configReads = { QStringLiteral("view"),
                                             QStringLiteral("current-context"),
                                             QStringLiteral("get-contexts") };
    if (!args.isEmpty() && args.front() == QLatin1String("config")
        && !configReads.contains(args.value(1)))
        return refuse(QStringLiteral("kubectl config here only reads: view, current-context, "
                                     "get-contexts"));
    if (!args.isEmpty() && args.front() == QLatin1String("edit"))
        return refuse(QStringLiteral("kubectl edit needs an editor: change the YAML in the editor, "
                                     "or use kubectl apply -f FILE"));
    if (mode == KubectlMode::Builtin && !args.isEmpty()
        && (args.front() == QLatin1String("exec") || args.front() == QLatin1String("attach")))
        return refuse(QStringLiteral("kubectl %1 needs the real kubectl (1.30 or newer) "
                                     "installed; the built-in subset cannot open a stream")
                              .arg(args.front()));
    if (mode == KubectlMode::Builtin) {
        CommandPlan plan;
        plan.action = CommandPlan::Action::BuiltinKubectl;
        plan.program = QStringLiteral("kubectl");
        plan.arguments = args;
        return plan;
    }
    return run(QStringLiteral("kubectl"), args);
}

/// ownAddress is the address a dig @server or redis-cli -h names (a Service name becomes its
/// ClusterIP), or empty when it is not ClusterLab's.
QString ownAddress(const QString &host, const AddressBook &book)
{
    if (const auto svc = book.service(host))
        return svc->clusterIP;
    return book.owns(host) ? host : QString();
}

/// digOptionAllowed: the +options that only change what dig prints or how it asks, never
/// which server (+trace and +nssearch ask the root and authoritative servers).
bool digOptionAllowed(const QString &option)
{
    static const QStringList allowed = {
        "short",     "noshort",     "all",       "noall",       "answer",     "noanswer",
        "question",  "noquestion",  "authority", "noauthority", "additional", "noadditional",
        "comments",  "nocomments",  "stats",     "nostats",     "cmd",        "nocmd",
        "multiline", "nomultiline", "search",    "nosearch",    "tcp",        "notcp",
        "vc",        "novc",        "ttlid",     "nottlid",     "class",      "noclass",
        "ndots",     "time",        "tries",     "retry",
    };
    QString name = option.mid(1).section(QLatin1Char('='), 0, 0);
    return allowed.contains(name);
}

} // namespace

bool needsAddresses(const QStringList &argv)
{
    if (argv.isEmpty())
        return false;
    const QString &program = argv.front();
    return program == QLatin1String("curl") || program == QLatin1String("dig")
            || program == QLatin1String("redis-cli");
}

CommandPlan planCommand(const QStringList &argv, KubectlMode kubectl, const AddressBook &book)
{
    if (argv.isEmpty())
        return refuse(QString());
    const QString &program = argv.front();
    if (program == QLatin1String("kubectl"))
        return planKubectl(argv, kubectl);
    if (program == QLatin1String("curl"))
        return planCurl(argv, book);
    if (program == QLatin1String("dig"))
        return planDig(argv, book);
    if (program == QLatin1String("redis-cli"))
        return planRedisCli(argv, book);
    CommandPlan plan;
    if (program == QLatin1String("help")) {
        plan.action = CommandPlan::Action::Help;
        return plan;
    }
    if (program == QLatin1String("clear")) {
        plan.action = CommandPlan::Action::Clear;
        return plan;
    }
    return refuse(QStringLiteral("%1: not available here; this panel runs kubectl, curl, dig, "
                                 "redis-cli, help and clear")
                          .arg(program));
}

CommandPlan planDig(const QStringList &argv, const AddressBook &book)
{
    static const QStringList withValue = { QStringLiteral("-t"), QStringLiteral("-c"),
                                           QStringLiteral("-x"), QStringLiteral("-q") };
    static const QStringList plain = { QStringLiteral("-4"), QStringLiteral("-m"),
                                       QStringLiteral("-u") };
    QStringList names;
    QStringList out;
    for (qsizetype i = 1; i < argv.size(); ++i) {
        const QString &arg = argv.at(i);
        if (arg.startsWith(QLatin1Char('@'))) {
            const QString server = arg.mid(1);
            if (ownAddress(server, book) != book.dnsIP)
                return refuse(QStringLiteral("dig here only asks ClusterLab's DNS (@%1): %2 is "
                                             "not it")
                                      .arg(book.dnsIP, server));
            continue;
        }
        if (withValue.contains(arg)) {
            if (i + 1 >= argv.size())
                return refuse(QStringLiteral("dig: %1 needs a value").arg(arg));
            if (arg == QLatin1String("-x")) // a reverse lookup names its address
                names << argv.at(i + 1);
            out << arg << argv.at(++i);
            continue;
        }
        if (arg.startsWith(QLatin1Char('-')) && !plain.contains(arg))
            return refuse(QStringLiteral("dig option %1 is not allowed here (the panel sets the "
                                         "server and port)")
                                  .arg(arg));
        if (arg.startsWith(QLatin1Char('+')) && !digOptionAllowed(arg))
            return refuse(QStringLiteral("dig option %1 is not allowed here (it would ask servers "
                                         "other than ClusterLab's DNS)")
                                  .arg(arg));
        if (!arg.startsWith(QLatin1Char('-')) && !arg.startsWith(QLatin1Char('+')))
            names << arg;
        out << arg;
    }
    if (names.isEmpty())
        return refuse(
                QStringLiteral("dig needs a name: try dig backend.default.svc.cluster.local"));
    QStringList arguments = { QStringLiteral("-r"), QLatin1Char('@') + book.dnsIP };
    if (book.dnsPort != 53)
        arguments << QStringLiteral("-p") << QString::number(book.dnsPort);
    return run(QStringLiteral("dig"), arguments + out);
}

CommandPlan planRedisCli(const QStringList &argv, const AddressBook &book)
{
    static const QStringList withValue = { QStringLiteral("-n"),     QStringLiteral("-a"),
                                           QStringLiteral("--user"), QStringLiteral("--pass"),
                                           QStringLiteral("-r"),     QStringLiteral("-i") };
    static const QStringList plain = { QStringLiteral("--raw"), QStringLiteral("--no-raw"),
                                       QStringLiteral("--csv"), QStringLiteral("-e"),
                                       QStringLiteral("--no-auth-warning") };
    QString host;
    int port = 6379;
    QStringList options;
    qsizetype i = 1;
    for (; i < argv.size() && argv.at(i).startsWith(QLatin1Char('-')); ++i) {
        const QString &arg = argv.at(i);
        const bool hasValue = i + 1 < argv.size();
        if (arg == QLatin1String("-h") && hasValue) {
            host = argv.at(++i);
        } else if (arg == QLatin1String("-p") && hasValue) {
            bool ok = false;
            port = argv.at(++i).toInt(&ok);
            if (!ok || port <= 0 || port > 65535)
                return refuse(QStringLiteral("redis-cli: -p needs a port number"));
        } else if (withValue.contains(arg) && hasValue) {
            options << arg << argv.at(++i);
        } else if (plain.contains(arg)) {
            options << arg;
        } else {
            return refuse(QStringLiteral("redis-cli option %1 is not allowed here").arg(arg));
        }
    }
    if (host.isEmpty())
        return refuse(QStringLiteral("redis-cli needs -h with a ClusterLab Service: try "
                                     "redis-cli -h redis ping"));
    const QString ip = ownAddress(host, book);
    if (const QString problem = ip.isEmpty() ? QString() : book.portProblem(ip, port, host);
        !problem.isEmpty())
        return refuse(QStringLiteral("redis-cli here only reaches ClusterLab's own ports: %1")
                              .arg(problem));
    if (ip.isEmpty() || !book.owns(ip, port))
        return refuse(QStringLiteral("redis-cli here only reaches ClusterLab's own addresses: %1 "
                                     "is not one of them")
                              .arg(host));
    if (i >= argv.size())
        return refuse(QStringLiteral("redis-cli here runs one command at a time: try "
                                     "redis-cli -h %1 ping")
                              .arg(host));
    QStringList arguments = { QStringLiteral("-h"), ip, QStringLiteral("-p"),
                              QString::number(book.boundPort(ip, port)) };
    return run(QStringLiteral("redis-cli"), arguments + options + argv.mid(i));
}

QString installHint(const QString &program)
{
    QString package = program;
    if (program == QLatin1String("dig"))
        package = QStringLiteral("bind9-dnsutils");
    else if (program == QLatin1String("redis-cli"))
        package = QStringLiteral("redis-tools");
    return QStringLiteral("%1 is not installed; on Debian: sudo apt install %2")
            .arg(program, package);
}

QString terminalHelpText()
{
    return QStringLiteral(
            "This panel runs, against ClusterLab only:\n"
            "  kubectl get|describe|create|apply|delete|scale|label ...\n"
            "      (the real kubectl when it is installed and the API is on, else a built-in "
            "subset)\n"
            "  curl http://backend/          a Service by name, ClusterIP or Pod IP\n"
            "  dig backend.default.svc.cluster.local   asks ClusterLab's DNS (@127.96.0.10)\n"
            "  redis-cli -h redis ping       one command to a Redis Service\n"
            "  help, clear (Ctrl+L)\n"
            "Up/Down recall earlier commands; Ctrl+C stops a running one.\n");
}

} // namespace clusterlab::app
