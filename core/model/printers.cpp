#include "model/printers.h"

#include "model/printers_kinds.h"

#include <algorithm>

namespace clusterlab::model {

std::string humanDuration(std::chrono::seconds age)
{
    const long long seconds = age.count();
    if (seconds < -1)
        return "<invalid>";
    if (seconds < 0)
        return "0s";
    if (seconds < 60 * 2)
        return std::to_string(seconds) + "s";
    const long long minutes = seconds / 60;
    if (minutes < 10) {
        const long long s = seconds % 60;
        return std::to_string(minutes) + "m" + (s ? std::to_string(s) + "s" : "");
    }
    if (minutes < 60 * 3)
        return std::to_string(minutes) + "m";
    const long long hours = minutes / 60;
    if (hours < 8) {
        const long long m = minutes % 60;
        return std::to_string(hours) + "h" + (m ? std::to_string(m) + "m" : "");
    }
    if (hours < 48)
        return std::to_string(hours) + "h";
    if (hours < 24 * 8) {
        const long long h = hours % 24;
        return std::to_string(hours / 24) + "d" + (h ? std::to_string(h) + "h" : "");
    }
    if (hours < 24 * 365 * 2)
        return std::to_string(hours / 24) + "d";
    if (hours < 24 * 365 * 8) {
        const long long d = (hours / 24) % 365;
        return std::to_string(hours / 24 / 365) + "y" + (d ? std::to_string(d) + "d" : "");
    }
    return std::to_string(hours / 24 / 365) + "y";
}

namespace detail {

std::string age(const ObjectMeta &meta, Time now)
{
    return humanDuration(
            std::chrono::duration_cast<std::chrono::seconds>(now - meta.creationTimestamp));
}

std::string orNone(const std::string &s)
{
    return s.empty() ? "<none>" : s;
}

std::string containerNames(const PodTemplateSpec &t)
{
    std::string out;
    for (const auto &c : t.spec.containers)
        out += (out.empty() ? "" : ",") + c.name;
    return out;
}

std::string containerImages(const PodTemplateSpec &t)
{
    std::string out;
    for (const auto &c : t.spec.containers)
        out += (out.empty() ? "" : ",") + c.image;
    return out;
}

} // namespace detail

namespace {

using detail::age;
using detail::containerImages;
using detail::containerNames;
using detail::orNone;

std::string servicePorts(const Service &svc)
{
    std::string out;
    for (const auto &p : svc.spec.ports) {
        if (!out.empty())
            out += ',';
        out += std::to_string(p.port);
        if (p.nodePort)
            out += ':' + std::to_string(p.nodePort);
        out += '/' + p.protocol;
    }
    return orNone(out);
}

std::vector<std::string> serviceRow(const Service &svc, Time now)
{
    // kubectl's getServiceExternalIP: LoadBalancer addresses, then externalIPs.
    std::string clusterIP = svc.spec.clusterIP;
    std::vector<std::string> external;
    if (svc.spec.type == "LoadBalancer")
        for (const auto &ingress : svc.status.loadBalancerIngress)
            if (!ingress.ip.empty() || !ingress.hostname.empty())
                external.push_back(!ingress.ip.empty() ? ingress.ip : ingress.hostname);
    external.insert(external.end(), svc.spec.externalIPs.begin(), svc.spec.externalIPs.end());
    std::string externalIP;
    for (const auto &ip : external)
        externalIP += (externalIP.empty() ? "" : ",") + ip;
    if (svc.spec.type == "ExternalName") {
        clusterIP = "<none>";
        externalIP = svc.spec.externalName;
    } else if (externalIP.empty()) {
        externalIP = svc.spec.type == "LoadBalancer" ? "<pending>" : "<none>";
    }
    return { svc.metadata.name,
             svc.spec.type,
             orNone(clusterIP),
             externalIP,
             servicePorts(svc),
             age(svc.metadata, now),
             svc.spec.selector ? formatLabels(*svc.spec.selector) : "<none>" };
}

std::vector<std::string> podRow(const Pod &pod, Time now)
{
    int ready = 0;
    const int total = int(pod.spec.containers.size());
    if (isPodReady(pod))
        ready = total;
    return { pod.metadata.name,
             std::to_string(ready) + "/" + std::to_string(total),
             podStatusText(pod),
             std::to_string(pod.status.restartCount),
             age(pod.metadata, now),
             orNone(pod.status.podIP),
             orNone(pod.spec.nodeName),
             "<none>",
             "<none>" };
}

std::vector<std::string> deploymentRow(const Deployment &d, Time now)
{
    return { d.metadata.name,
             std::to_string(d.status.readyReplicas) + "/" + std::to_string(d.spec.replicas),
             std::to_string(d.status.updatedReplicas),
             std::to_string(d.status.availableReplicas),
             age(d.metadata, now),
             containerNames(d.spec.template_),
             containerImages(d.spec.template_),
             d.spec.selector ? formatSelector(*d.spec.selector) : "<none>" };
}

} // namespace

Table tableFor(const std::string &kind, const std::vector<ObjectPtr> &objects, Time now)
{
    Table table;
    if (kind == "Service") {
        table.columns = { { "NAME" },    { "TYPE" }, { "CLUSTER-IP" }, { "EXTERNAL-IP" },
                          { "PORT(S)" }, { "AGE" },  { "SELECTOR", 1 } };
    } else if (kind == "Pod") {
        table.columns = { { "NAME" },
                          { "READY" },
                          { "STATUS" },
                          { "RESTARTS" },
                          { "AGE" },
                          { "IP", 1 },
                          { "NODE", 1 },
                          { "NOMINATED NODE", 1 },
                          { "READINESS GATES", 1 } };
    } else if (kind == "Deployment") {
        table.columns = { { "NAME" }, { "READY" },         { "UP-TO-DATE" }, { "AVAILABLE" },
                          { "AGE" },  { "CONTAINERS", 1 }, { "IMAGES", 1 },  { "SELECTOR", 1 } };
    } else {
        detail::otherKindTable(kind, objects, now, table);
        return table;
    }
    for (const auto &object : objects) {
        if (auto *svc = std::get_if<Service>(object.get()); svc && kind == "Service")
            table.rows.push_back(serviceRow(*svc, now));
        else if (auto *pod = std::get_if<Pod>(object.get()); pod && kind == "Pod")
            table.rows.push_back(podRow(*pod, now));
        else if (auto *d = std::get_if<Deployment>(object.get()); d && kind == "Deployment")
            table.rows.push_back(deploymentRow(*d, now));
    }
    return table;
}

std::string formatTable(const Table &table, bool wide, const std::string &namePrefix)
{
    std::vector<size_t> shown;
    for (size_t i = 0; i < table.columns.size(); ++i)
        if (wide || table.columns[i].priority == 0)
            shown.push_back(i);
    auto cell = [&](const std::vector<std::string> &row, size_t column) {
        std::string text = column < row.size() ? row[column] : std::string();
        return column == 0 ? namePrefix + text : text;
    };
    std::vector<size_t> widths(shown.size(), 0);
    for (size_t c = 0; c < shown.size(); ++c) {
        widths[c] = table.columns[shown[c]].name.size();
        for (const auto &row : table.rows)
            widths[c] = std::max(widths[c], cell(row, shown[c]).size());
        widths[c] = std::max<size_t>(widths[c] + 3, 10);
    }
    auto line = [&](auto &&textOf) {
        std::string out;
        for (size_t c = 0; c < shown.size(); ++c) {
            std::string text = textOf(shown[c]);
            if (c + 1 < shown.size())
                text.resize(std::max(text.size(), widths[c]), ' ');
            out += text;
        }
        return out + "\n";
    };
    std::string out = line([&](size_t column) {
        return table.columns[column].name;
    });
    for (const auto &row : table.rows)
        out += line([&](size_t column) {
            return cell(row, column);
        });
    return out;
}

} // namespace clusterlab::model
