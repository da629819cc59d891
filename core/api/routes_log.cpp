// GET pods/{name}/log: `kubectl logs`. The API server's part (PodLogOptions validation, the
// container choice) and the kubelet's (the container's state, the log itself, follow), in
// their words.
#include "api/routes_internal.h"
#include "logs/log_query.h"

#include <charconv>

namespace clusterlab::api::detail {

namespace {

/// Options are the PodLogOptions of a request.
struct Options
{
    std::string container;
    bool follow = false;
    bool previous = false;
    logs::LogQuery query;
    std::optional<std::int64_t> sinceSeconds;
    std::optional<std::string> sinceTime;
};

/// readInt reads an integer query parameter; the error is strconv's, as the API server's
/// parameter decoding reports it.
std::optional<StatusError> readInt(const Target &target, const std::string &key,
                                   std::optional<std::int64_t> &out)
{
    const auto it = target.query.find(key);
    if (it == target.query.end())
        return std::nullopt;
    const std::string &text = it->second;
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc::result_out_of_range)
        return badRequest("strconv.ParseInt: parsing \"" + text + "\": value out of range");
    if (ec != std::errc() || end != text.data() + text.size())
        return badRequest("strconv.ParseInt: parsing \"" + text + "\": invalid syntax");
    out = value;
    return std::nullopt;
}

std::variant<Options, StatusError> readOptions(const RequestContext &ctx, const std::string &name)
{
    Options o;
    o.container = ctx.target.param("container");
    o.follow = ctx.target.flag("follow");
    o.previous = ctx.target.flag("previous");
    o.query.timestamps = ctx.target.flag("timestamps");
    for (auto [key, slot] : { std::pair{ "tailLines", &o.query.tailLines },
                              std::pair{ "limitBytes", &o.query.limitBytes },
                              std::pair{ "sinceSeconds", &o.sinceSeconds } })
        if (auto error = readInt(ctx.target, key, *slot))
            return *error;
    if (auto it = ctx.target.query.find("sinceTime"); it != ctx.target.query.end()) {
        const auto time = logs::parseRfc3339(it->second);
        if (!time)
            return badRequest("parsing time \"" + it->second
                              + "\" as \"2006-01-02T15:04:05Z07:00\": "
                                "cannot parse \""
                              + it->second + "\" as \"2006\"");
        // The API server passes sinceTime on to the kubelet in whole seconds.
        o.query.since = std::chrono::floor<std::chrono::seconds>(*time);
        o.sinceTime = it->second;
    }
    // ValidatePodLogOptions, in its order and words.
    std::vector<manifest::FieldError> causes;
    if (o.query.tailLines && *o.query.tailLines < 0)
        causes.push_back({ "tailLines", "FieldValueInvalid",
                           "Invalid value: " + std::to_string(*o.query.tailLines)
                                   + ": must be greater than or equal to 0" });
    if (o.query.limitBytes && *o.query.limitBytes < 1)
        causes.push_back({ "limitBytes", "FieldValueInvalid",
                           "Invalid value: " + std::to_string(*o.query.limitBytes)
                                   + ": must be greater than 0" });
    if (o.sinceSeconds && o.sinceTime)
        causes.push_back({ "", "FieldValueForbidden",
                           "Forbidden: at most one of `sinceTime` or `sinceSeconds` may be "
                           "specified" });
    else if (o.sinceSeconds && *o.sinceSeconds < 1)
        causes.push_back({ "sinceSeconds", "FieldValueInvalid",
                           "Invalid value: " + std::to_string(*o.sinceSeconds)
                                   + ": must be greater than 0" });
    if (!causes.empty())
        return fromClusterError(cluster::invalid("PodLogOptions", name, std::move(causes)),
                                "PodLogOptions");
    if (o.sinceSeconds)
        o.query.since = logs::Clock::now() - std::chrono::seconds(*o.sinceSeconds);
    return o;
}

/// chooseContainer is the API server's validateContainer: the one container when there is
/// one, else the one named, in its words.
std::variant<std::string, StatusError> chooseContainer(const model::Pod &pod,
                                                       const std::string &wanted)
{
    const auto &containers = pod.spec.containers;
    if (wanted.empty()) {
        if (containers.size() == 1)
            return containers.front().name;
        if (containers.empty())
            return badRequest("a container name must be specified for pod " + pod.metadata.name);
        std::string names;
        for (const auto &c : containers)
            names += (names.empty() ? "" : " ") + c.name;
        return badRequest("a container name must be specified for pod " + pod.metadata.name
                          + ", choose one of: [" + names + "]");
    }
    for (const auto &c : containers)
        if (c.name == wanted)
            return wanted;
    return badRequest("container " + wanted + " is not valid for pod " + pod.metadata.name);
}

struct Found
{
    std::shared_ptr<const model::Pod> pod;
    std::shared_ptr<logs::PodLogs> logs;
};

ApiResponse textResponse(const RequestContext &ctx, std::string text)
{
    ApiResponse out;
    out.message = Response(http::status::ok, ctx.request.version());
    out.message.set(http::field::content_type, "text/plain");
    out.message.set(http::field::cache_control, "no-cache, private");
    out.message.body() = std::move(text);
    out.message.keep_alive(ctx.request.keep_alive());
    out.message.prepare_payload();
    return out;
}

} // namespace

ApiResponse handlePodLog(const RequestContext &ctx, const ResourcePath &path)
{
    auto options = readOptions(ctx, path.name);
    if (auto *error = std::get_if<StatusError>(&options))
        return statusResponse(ctx, *error);
    Options &o = std::get<Options>(options);
    const Found found = ctx.view.call([&](cluster::Cluster &c, ApiState &state) {
        auto object = c.store().get("Pod", path.namespace_, path.name);
        return Found{ object ? std::make_shared<const model::Pod>(std::get<model::Pod>(*object))
                             : nullptr,
                      state.logs };
    });
    if (!found.pod)
        return statusResponse(ctx, notFoundObject("Pod", path.name));
    const model::Pod &pod = *found.pod;
    auto chosen = chooseContainer(pod, o.container);
    if (auto *error = std::get_if<StatusError>(&chosen))
        return statusResponse(ctx, *error);
    const std::string container = std::get<std::string>(chosen);
    if (pod.spec.nodeName.empty()) // not scheduled: no kubelet to ask, an empty log
        return textResponse(ctx, {});
    // The kubelet's validateContainerLogStatus: ClusterLab's containers never restart, so
    // there is never a previous one.
    const std::string quoted = "\"" + container + "\" in pod \"" + pod.metadata.name + "\"";
    if (o.previous)
        return statusResponse(ctx,
                              badRequest("previous terminated container " + quoted + " not found"));
    if (pod.status.phase == "Pending")
        return statusResponse(
                ctx, badRequest("container " + quoted + " is waiting to start: ContainerCreating"));
    const auto log = found.logs ? found.logs->find(pod.metadata.uid, container) : nullptr;
    if (!log)
        return textResponse(ctx, {});
    const auto all = log->lines();
    const std::uint64_t seen = all.empty() ? 0 : all.back().seq;
    auto limit = o.query.limitBytes;
    ApiResponse out = textResponse(
            ctx, logs::renderLines(logs::selectLines(all, o.query), o.query.timestamps, limit));
    if (o.follow && !(limit && *limit <= 0) && !log->closed())
        out.logStream = LogStream{ log, seen, o.query.timestamps, limit };
    return out;
}

} // namespace clusterlab::api::detail
