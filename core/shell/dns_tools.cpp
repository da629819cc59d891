// nslookup and dig, asking kube-dns from the Pod with the Pod's resolv.conf.

#include "shell/dns_client.h"
#include "shell/tool_registry.h"

#include <algorithm>
#include <cctype>

namespace clusterlab::shell::detail {

namespace {

using Args = std::vector<std::string>;

std::uint16_t typeCode(std::string type)
{
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) {
        return char(std::toupper(c));
    });
    if (type == "A")
        return 1;
    if (type == "SRV")
        return 33;
    if (type == "CNAME")
        return 5;
    if (type == "PTR")
        return 12;
    if (type == "AAAA")
        return 28;
    return 0;
}

std::string typeName(std::uint16_t type)
{
    switch (type) {
    case 1:
        return "A";
    case 5:
        return "CNAME";
    case 12:
        return "PTR";
    case 28:
        return "AAAA";
    case 33:
        return "SRV";
    default:
        return "TYPE" + std::to_string(type);
    }
}

asio::awaitable<int> nslookup(Shell &shell, Args args, Streams &io)
{
    std::string name;
    std::uint16_t type = 1;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i].starts_with("-type=") || args[i].starts_with("-query="))
            type = typeCode(args[i].substr(args[i].find('=') + 1));
        else if (name.empty() && !args[i].starts_with("-"))
            name = args[i];
    }
    if (name.empty() || type == 0) {
        io.err("Usage: nslookup [-type=QUERY_TYPE] HOST [DNS_SERVER]\n");
        co_return 1;
    }
    const auto &pod = shell.pod();
    line(io.out, "Server:\t\t" + pod.dnsServer);
    line(io.out, "Address:\t" + pod.dnsServer + ":53");
    line(io.out, "");
    const ResolvedName resolved = co_await resolve(pod, name, type);
    if (!resolved.reply.error.empty()) {
        line(io.out, ";; " + resolved.reply.error);
        co_return 1;
    }
    if (resolved.reply.answers.empty()) {
        line(io.out,
             "** server can't find " + name + ": "
                     + (resolved.reply.rcode == 0 ? std::string("NODATA")
                                                  : rcodeName(resolved.reply.rcode)));
        line(io.out, "");
        co_return 1;
    }
    for (const auto &record : resolved.reply.answers) {
        if (record.type == 1) {
            line(io.out, "Name:\t" + record.name);
            line(io.out, "Address: " + record.data);
        } else if (record.type == 33) {
            line(io.out, record.name + "\tservice = " + record.data);
        } else {
            line(io.out, record.name + "\t" + typeName(record.type) + " = " + record.data);
        }
    }
    line(io.out, "");
    co_return 0;
}

asio::awaitable<int> dig(Shell &shell, Args args, Streams &io)
{
    std::string name;
    std::uint16_t type = 1;
    bool brief = false;
    bool search = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string &arg = args[i];
        if (arg == "+short")
            brief = true;
        else if (arg == "+search")
            search = true;
        else if (arg.starts_with("+") || arg.starts_with("@"))
            continue;
        else if (arg == "-t" && i + 1 < args.size())
            type = typeCode(args[++i]);
        else if (name.empty())
            name = arg;
        else if (typeCode(arg) != 0)
            type = typeCode(arg);
    }
    if (type == 0)
        type = 1;
    if (name.empty())
        name = ".";
    const auto &pod = shell.pod();
    ResolvedName resolved;
    if (search) {
        resolved = co_await resolve(pod, name, type);
    } else {
        resolved.fqdn = name;
        resolved.reply = co_await queryDns(pod, name, type);
    }
    const DnsReply &reply = resolved.reply;
    if (!reply.error.empty()) {
        line(io.out, ";; " + reply.error);
        co_return 9;
    }
    if (brief) {
        for (const auto &record : reply.answers)
            line(io.out, record.data);
        co_return 0;
    }
    std::string fqdn = resolved.fqdn;
    if (fqdn.empty() || fqdn.back() != '.')
        fqdn += ".";
    line(io.out, "");
    line(io.out, "; <<>> DiG 9.18 (ClusterLab) <<>> " + name);
    line(io.out, ";; global options: +cmd");
    line(io.out, ";; Got answer:");
    line(io.out, ";; ->>HEADER<<- opcode: QUERY, status: " + rcodeName(reply.rcode) + ", id: 1");
    line(io.out,
         ";; flags: qr aa rd; QUERY: 1, ANSWER: " + std::to_string(reply.answers.size())
                 + ", AUTHORITY: 0, ADDITIONAL: 0");
    line(io.out, "");
    line(io.out, ";; QUESTION SECTION:");
    line(io.out, ";" + fqdn + "\t\tIN\t" + typeName(type));
    if (!reply.answers.empty()) {
        line(io.out, "");
        line(io.out, ";; ANSWER SECTION:");
        for (const auto &record : reply.answers)
            line(io.out,
                 record.name + ".\t" + std::to_string(record.ttl) + "\tIN\t" + typeName(record.type)
                         + "\t" + record.data);
    }
    line(io.out, "");
    line(io.out, ";; SERVER: " + pod.dnsServer + "#53(" + pod.dnsServer + ") (UDP)");
    line(io.out, "");
    co_return 0;
}

} // namespace

void addDnsTools(Tools &t)
{
    t["nslookup"] = nslookup;
    t["dig"] = dig;
}

} // namespace clusterlab::shell::detail
