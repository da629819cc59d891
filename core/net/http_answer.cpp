#include "net/http_answer.h"

namespace clusterlab::net {

namespace json = boost::json;

namespace {

std::string field(const json::object &o, const char *key)
{
    const auto *v = o.if_contains(key);
    if (!v)
        return {};
    if (v->is_string())
        return std::string(v->as_string());
    if (v->is_int64())
        return std::to_string(v->as_int64());
    return {};
}

// "pod (ip on node)", or as much of it as is known.
std::string podLabel(const json::object &o)
{
    std::string label = field(o, "pod");
    const std::string ip = field(o, "ip"), node = field(o, "node");
    if (!ip.empty())
        label += " (" + ip + (node.empty() ? "" : " on " + node) + ")";
    return label;
}

void renderInto(const json::object &answer, int depth, std::string &out);

void renderCall(const json::object &call, int depth, std::string &out)
{
    out += std::string(std::size_t(depth) * 2, ' ') + "-> " + field(call, "url");
    if (const std::string via = field(call, "via"); !via.empty())
        out += " via " + via;
    const std::string status = field(call, "status");
    const auto *answer = call.if_contains("answer");
    if (!answer || !answer->is_object()) {
        out += ": " + status + "\n";
        return;
    }
    const json::object &a = answer->as_object();
    out += " -> ";
    if (a.contains("method")) {
        if (status != "ok")
            out += "[" + status + "] ";
        renderInto(a, depth, out);
        return;
    }
    const std::string label = podLabel(a), reply = field(a, "reply");
    out += label.empty() ? field(a, "text") : label;
    if (const std::string command = field(a, "command"); !command.empty())
        out += (label.empty() ? "" : ": ") + command + (reply.empty() ? "" : " = " + reply);
    else if (!label.empty() && a.contains("text"))
        out += ": " + field(a, "text");
    if (status != "ok")
        out += " [" + status + "]";
    out += "\n";
}

void renderInto(const json::object &answer, int depth, std::string &out)
{
    out += podLabel(answer) + ": " + field(answer, "method") + " " + field(answer, "path") + "\n";
    if (const auto *calls = answer.if_contains("calls"); calls && calls->is_array())
        for (const auto &call : calls->as_array())
            if (call.is_object())
                renderCall(call.as_object(), depth + 1, out);
    if (const auto *limited = answer.if_contains("hopLimitReached");
        limited && limited->is_bool() && limited->as_bool())
        out += std::string(std::size_t(depth + 1) * 2, ' ')
                + "(no further calls: " + field(answer, "hops") + " hops reached the limit)\n";
}

} // namespace

json::object describeRequest(const PodIdentity &pod, const RequestFacts &request, json::array calls)
{
    json::object answer{ { "pod", pod.name },          { "ip", pod.ip },
                         { "node", pod.node },         { "namespace", pod.namespace_ },
                         { "method", request.method }, { "path", request.path },
                         { "client", request.client }, { "hops", request.hops },
                         { "calls", std::move(calls) } };
    if (request.hopLimitReached)
        answer["hopLimitReached"] = true;
    return answer;
}

std::string renderText(const json::object &answer)
{
    std::string out;
    renderInto(answer, 0, out);
    return out;
}

} // namespace clusterlab::net
