// planCurl: which curl options the panel passes on, and how a URL's host becomes a ClusterLab
// address. Options are allow-listed, since many of curl's read or write files, follow
// redirects elsewhere or pick a proxy.
#include "terminal/command_policy.h"

#include <QUrl>

namespace clusterlab::app {

namespace {

/// Short options without a value ("-sSi" may combine them).
const QString kShortPlain = QStringLiteral("sSiIvfkN4G");
/// Short options that take a value ("-H 'X: y'" or "-H'X: y'").
const QString kShortValue = QStringLiteral("HXdmAewu");

const QStringList &longPlain()
{
    static const QStringList options = {
        QStringLiteral("--silent"),         QStringLiteral("--show-error"),
        QStringLiteral("--include"),        QStringLiteral("--head"),
        QStringLiteral("--verbose"),        QStringLiteral("--fail"),
        QStringLiteral("--insecure"),       QStringLiteral("--no-buffer"),
        QStringLiteral("--http1.0"),        QStringLiteral("--http1.1"),
        QStringLiteral("--ipv4"),           QStringLiteral("--get"),
        QStringLiteral("--globoff"),        QStringLiteral("--compressed"),
        QStringLiteral("--fail-with-body"),
    };
    return options;
}

const QStringList &longValue()
{
    static const QStringList options = {
        QStringLiteral("--header"),      QStringLiteral("--request"),
        QStringLiteral("--data"),        QStringLiteral("--data-raw"),
        QStringLiteral("--data-binary"), QStringLiteral("--data-urlencode"),
        QStringLiteral("--max-time"),    QStringLiteral("--connect-timeout"),
        QStringLiteral("--user-agent"),  QStringLiteral("--write-out"),
        QStringLiteral("--referer"),     QStringLiteral("--user"),
        QStringLiteral("--retry"),       QStringLiteral("--url"),
    };
    return options;
}

/// readsFile says whether an option's value makes curl read (or, -w's %output{}, write) a
/// local file (`-d @file`).
bool readsFile(const QString &option, const QString &value)
{
    if ((option == QLatin1String("-w") || option == QLatin1String("--write-out"))
        && value.contains(QLatin1String("%output")))
        return true;
    if (value.startsWith(QLatin1Char('@'))) // -H @file reads headers from a file too
        return option != QLatin1String("-A") && option != QLatin1String("--user-agent");
    return option == QLatin1String("--data-urlencode")
            && value.section(QLatin1Char('='), 0, 0).contains(QLatin1Char('@'));
}

/// fileWord names what a refused value does with files, for the message.
QString fileWord(const QString &value)
{
    return value.contains(QLatin1String("%output")) ? QStringLiteral(" %output")
                                                    : QStringLiteral(" @file");
}

CommandPlan refuse(const QString &message)
{
    CommandPlan plan;
    plan.message = message;
    return plan;
}

QString notAllowed(const QString &option)
{
    return QStringLiteral("curl option %1 is not allowed here (no files, proxies or redirects)")
            .arg(option);
}

struct CurlArgs
{
    QStringList options;
    QStringList urls;
    QString error;
};

/// parseCurlArgs sorts argv into allowed options (value kept with its option) and URLs.
CurlArgs parseCurlArgs(const QStringList &argv)
{
    CurlArgs out;
    for (qsizetype i = 1; i < argv.size(); ++i) {
        const QString &arg = argv.at(i);
        if (arg.startsWith(QLatin1String("--"))) {
            const QString name = arg.section(QLatin1Char('='), 0, 0);
            if (longPlain().contains(arg)) {
                out.options << arg;
                continue;
            }
            if (!longValue().contains(name)) {
                out.error = notAllowed(name);
                return out;
            }
            const bool inline_ = arg.contains(QLatin1Char('='));
            if (!inline_ && i + 1 >= argv.size()) {
                out.error = QStringLiteral("curl: %1 needs a value").arg(name);
                return out;
            }
            const QString value = inline_ ? arg.section(QLatin1Char('='), 1) : argv.at(++i);
            if (readsFile(name, value)) {
                out.error = notAllowed(name + fileWord(value));
                return out;
            }
            if (name == QLatin1String("--url"))
                out.urls << value;
            else
                out.options << name << value;
            continue;
        }
        if (arg.startsWith(QLatin1Char('-')) && arg.size() > 1) {
            for (qsizetype c = 1; c < arg.size(); ++c) {
                const QChar flag = arg.at(c);
                const QString option = QStringLiteral("-") + flag;
                if (kShortPlain.contains(flag)) {
                    out.options << option;
                    continue;
                }
                if (!kShortValue.contains(flag)) {
                    out.error = notAllowed(option);
                    return out;
                }
                QString value = arg.mid(c + 1);
                if (value.isEmpty()) {
                    if (i + 1 >= argv.size()) {
                        out.error = QStringLiteral("curl: %1 needs a value").arg(option);
                        return out;
                    }
                    value = argv.at(++i);
                }
                if (readsFile(option, value)) {
                    out.error = notAllowed(option + fileWord(value));
                    return out;
                }
                out.options << option << value;
                break;
            }
            continue;
        }
        out.urls << arg;
    }
    return out;
}

} // namespace

CommandPlan planCurl(const QStringList &argv, const AddressBook &book)
{
    const CurlArgs args = parseCurlArgs(argv);
    if (!args.error.isEmpty())
        return refuse(args.error);
    if (args.urls.isEmpty())
        return refuse(QStringLiteral("curl needs a URL: try curl http://backend/"));
    // -q first: never read ~/.curlrc; -g: no URL globbing, so one URL is one host.
    QStringList routes = { QStringLiteral("-q"), QStringLiteral("-g"), QStringLiteral("--noproxy"),
                           QStringLiteral("*") };
    QStringList urls;
    for (const QString &text : args.urls) {
        const QUrl url = QUrl::fromUserInput(
                text.contains(QLatin1String("://")) ? text : QStringLiteral("http://") + text);
        if (!url.isValid() || url.scheme() != QLatin1String("http"))
            return refuse(QStringLiteral("curl here only speaks http:// to ClusterLab: %1 is not "
                                         "such a URL")
                                  .arg(text));
        QString host = url.host();
        if (host == QLatin1String("localhost"))
            host = QStringLiteral("127.0.0.1");
        const int port = url.port(80);
        if (port <= 0)
            return refuse(QStringLiteral("curl here needs a port from 1 to 65535: %1").arg(text));
        QString ip;
        if (const auto svc = book.service(host))
            ip = svc->clusterIP;
        else if (book.owns(host) || book.owns(host, port))
            ip = host;
        if (ip.isEmpty())
            return refuse(QStringLiteral("curl here only reaches ClusterLab's own addresses: %1 "
                                         "is not one of them")
                                  .arg(host.isEmpty() ? text : host));
        if (const QString problem = book.portProblem(ip, port, url.host()); !problem.isEmpty())
            return refuse(QStringLiteral("curl here only reaches ClusterLab's own ports: %1")
                                  .arg(problem));
        if (!book.owns(ip, port))
            return refuse(QStringLiteral("curl here only reaches ClusterLab's own addresses: "
                                         "%1:%2 is not one of them")
                                  .arg(host)
                                  .arg(port));
        const int bound = book.boundPort(ip, port);
        if (ip != url.host() || bound != port) // localhost too: curl would also try ::1
            routes << QStringLiteral("--connect-to")
                   << QStringLiteral("%1:%2:%3:%4").arg(url.host()).arg(port).arg(ip).arg(bound);
        urls << url.toString(QUrl::FullyEncoded);
    }
    CommandPlan plan;
    plan.action = CommandPlan::Action::Run;
    plan.program = QStringLiteral("curl");
    plan.arguments = routes + args.options + urls;
    return plan;
}

} // namespace clusterlab::app
