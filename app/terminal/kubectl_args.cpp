#include "terminal/kubectl_args.h"

#include <algorithm>

namespace clusterlab::app {

namespace {

/// valueFlag names the field a flag with a value fills, or nothing for an unknown flag.
QString *valueFlag(KubectlArgs &args, const QString &flag)
{
    if (flag == QLatin1String("-n") || flag == QLatin1String("--namespace"))
        return &args.ns;
    if (flag == QLatin1String("-o") || flag == QLatin1String("--output"))
        return &args.output;
    if (flag == QLatin1String("-l") || flag == QLatin1String("--selector"))
        return &args.selector;
    return nullptr;
}

bool isListFlag(const QString &flag)
{
    return flag == QLatin1String("-f") || flag == QLatin1String("--filename")
            || flag == QLatin1String("--replicas");
}

void store(KubectlArgs &args, const QString &flag, const QString &value)
{
    if (QString *field = valueFlag(args, flag)) {
        *field = value;
    } else if (flag == QLatin1String("--replicas")) {
        bool ok = false;
        const int n = value.toInt(&ok);
        if (!ok || n < 0)
            args.error = QStringLiteral("error: invalid argument \"%1\" for \"--replicas\" flag")
                                 .arg(value);
        else
            args.replicas = n;
    } else {
        args.files << value;
    }
}

} // namespace

KubectlArgs parseKubectlArgs(const QStringList &argv)
{
    KubectlArgs args;
    for (qsizetype i = 0; i < argv.size() && args.error.isEmpty(); ++i) {
        const QString &arg = argv.at(i);
        if (arg == QLatin1String("-A") || arg == QLatin1String("--all-namespaces")) {
            args.allNamespaces = true;
            continue;
        }
        if (arg == QLatin1String("--overwrite") || arg == QLatin1String("--overwrite=true")) {
            args.overwrite = true;
            continue;
        }
        if (!arg.startsWith(QLatin1Char('-')) || arg == QLatin1String("-")) {
            if (args.verb.isEmpty())
                args.verb = arg;
            else
                args.positional << arg;
            continue;
        }
        // "key-" removes a label in `kubectl label`: a word, not a flag.
        if (!arg.startsWith(QLatin1String("--")) && arg.size() > 2 && arg.endsWith(QLatin1Char('-'))
            && args.verb == QLatin1String("label")) {
            args.positional << arg;
            continue;
        }
        QString flag = arg;
        QString value;
        bool hasValue = false;
        if (arg.startsWith(QLatin1String("--")) && arg.contains(QLatin1Char('='))) {
            flag = arg.section(QLatin1Char('='), 0, 0);
            value = arg.section(QLatin1Char('='), 1);
            hasValue = true;
        } else if (!arg.startsWith(QLatin1String("--")) && arg.size() > 2) {
            flag = arg.left(2);
            value = arg.mid(2);
            if (value.startsWith(QLatin1Char('=')))
                value.remove(0, 1);
            hasValue = true;
        }
        if (!valueFlag(args, flag) && !isListFlag(flag)) {
            args.error = QStringLiteral("error: unknown flag: %1 (the built-in kubectl knows -n, "
                                        "-A, -o, -l, -f, --replicas and --overwrite)")
                                 .arg(flag);
            break;
        }
        if (!hasValue) {
            if (i + 1 >= argv.size()) {
                args.error = QStringLiteral("error: flag needs an argument: %1").arg(flag);
                break;
            }
            value = argv.at(++i);
        }
        store(args, flag, value);
    }
    return args;
}

const api::ApiResource *findResource(const QString &typed)
{
    const std::string name = typed.toLower().toStdString();
    const api::ApiResource *found = nullptr;
    for (const api::ApiResource &r : api::apiResources()) {
        std::string kind = r.kind;
        for (char &c : kind)
            c = char(std::tolower(static_cast<unsigned char>(c)));
        const bool matches = name == r.resource || name == r.singular() || name == kind
                || name == r.resource + "." + r.group
                || std::find(r.shortNames.begin(), r.shortNames.end(), name) != r.shortNames.end();
        // The core group wins over events.k8s.io and friends, as kubectl's preferred order.
        if (matches && (!found || (r.group.empty() && !found->group.empty())))
            found = &r;
    }
    return found;
}

ResourceTargets resolveTargets(const QStringList &positional)
{
    ResourceTargets out;
    auto unknown = [&out](const QString &type) {
        out.error =
                QStringLiteral("error: the server doesn't have a resource type \"%1\"").arg(type);
    };
    if (positional.isEmpty())
        return out;
    auto targetFor = [&out](const api::ApiResource *resource) -> ResourceTarget & {
        for (auto &target : out.targets)
            if (target.resource == resource)
                return target;
        out.targets.push_back({ resource, {} });
        return out.targets.back();
    };
    if (positional.front().contains(QLatin1Char('/'))) {
        for (const QString &word : positional) {
            const QString type = word.section(QLatin1Char('/'), 0, 0);
            const api::ApiResource *resource = findResource(type);
            if (!resource || !word.contains(QLatin1Char('/'))) {
                if (!resource)
                    unknown(type);
                else
                    out.error = QStringLiteral("error: there is no need to specify a resource "
                                               "type as a separate argument when passing "
                                               "arguments in resource/name form");
                return out;
            }
            targetFor(resource).names << word.section(QLatin1Char('/'), 1);
        }
        out.severalTypes = out.targets.size() > 1;
        return out;
    }
    const QStringList types = positional.front().split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &type : types) {
        if (type == QLatin1String("all")) {
            for (const api::ApiResource &r : api::apiResources())
                if (r.inAll)
                    targetFor(&r);
            out.severalTypes = true;
            continue;
        }
        const api::ApiResource *resource = findResource(type);
        if (!resource) {
            unknown(type);
            return out;
        }
        targetFor(resource);
    }
    out.severalTypes = out.severalTypes || out.targets.size() > 1;
    for (auto &target : out.targets)
        target.names = positional.mid(1);
    return out;
}

std::string collectionPath(const api::ApiResource &resource, const QString &ns, const QString &name)
{
    std::string path = resource.group.empty() ? "/api/" + resource.version
                                              : "/apis/" + resource.groupVersion();
    if (resource.namespaced && !ns.isEmpty())
        path += "/namespaces/" + ns.toStdString();
    path += "/" + resource.resource;
    if (!name.isEmpty())
        path += "/" + name.toStdString();
    return path;
}

std::string qualifiedName(const api::ApiResource &resource)
{
    return resource.group.empty() ? resource.singular()
                                  : resource.singular() + "." + resource.group;
}

} // namespace clusterlab::app
