#include "users_generator.h"

#include "net/http_client.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>

namespace clusterlab {

namespace asio = boost::asio;

struct UsersGenerator::State
{
    explicit State(asio::io_context &context)
        : io(context), strand(asio::make_strand(context)), timer(strand)
    {
    }

    asio::io_context &io;
    asio::strand<asio::io_context::executor_type> strand; ///< runs the loop and owns timer
    asio::steady_timer timer;
    std::atomic<double> rate{ 0.0 };
    std::atomic_bool running{ false };
    std::atomic<int> inFlight{ 0 };
    std::atomic<std::uint64_t> sent{ 0 }, answered{ 0 }, failed{ 0 }, skipped{ 0 };
    mutable std::mutex mutex; ///< guards targets and next
    std::vector<UsersTarget> targets;
    std::size_t next = 0;
};

namespace {

asio::awaitable<void> sendOne(std::shared_ptr<UsersGenerator::State> state, UsersTarget target)
{
    net::ClientOptions options;
    options.localIp = "127.0.0.1";
    options.timeout = std::chrono::seconds(3);
    std::vector<std::pair<std::string, std::string>> headers;
    headers.emplace_back("User-Agent", "clusterlab-users/1");
    auto reply = co_await net::httpGet(target.endpoint, target.serviceName, "/", std::move(headers),
                                       options);
    if (reply && reply->status < 500)
        ++state->answered;
    else
        ++state->failed;
    --state->inFlight;
}

asio::awaitable<void> loop(std::shared_ptr<UsersGenerator::State> state)
{
    using namespace std::chrono;
    while (state->running) {
        const double rate = state->rate.load();
        if (rate <= 0) {
            state->timer.expires_after(milliseconds(200));
            co_await state->timer.async_wait(asio::as_tuple(asio::use_awaitable));
            continue;
        }
        state->timer.expires_after(
                duration_cast<steady_clock::duration>(duration<double>(1.0 / rate)));
        co_await state->timer.async_wait(asio::as_tuple(asio::use_awaitable));
        if (!state->running)
            break;
        std::optional<UsersTarget> target;
        {
            std::lock_guard lock(state->mutex);
            if (!state->targets.empty())
                target = state->targets[state->next++ % state->targets.size()];
        }
        if (!target)
            continue;
        if (state->inFlight >= UsersGenerator::kMaxInFlight) {
            ++state->skipped;
            continue;
        }
        ++state->inFlight;
        ++state->sent;
        asio::co_spawn(state->io, sendOne(state, *target), asio::detached);
    }
}

} // namespace

UsersGenerator::UsersGenerator(asio::io_context &io) : m_state(std::make_shared<State>(io)) { }

UsersGenerator::~UsersGenerator()
{
    stop();
}

void UsersGenerator::start()
{
    if (m_state->running.exchange(true))
        return;
    asio::co_spawn(m_state->strand, loop(m_state), [](std::exception_ptr e) {
        if (!e)
            return;
        try {
            std::rethrow_exception(e);
        } catch (const std::exception &error) {
            std::fprintf(stderr, "clusterlab: the users generator stopped: %s\n", error.what());
        }
    });
}

void UsersGenerator::stop()
{
    if (!m_state->running.exchange(false))
        return;
    asio::post(m_state->strand, [state = m_state] {
        state->timer.cancel();
    });
}

void UsersGenerator::setRate(double perSecond)
{
    m_state->rate = std::clamp(perSecond, 0.0, 10000.0);
    asio::post(m_state->strand, [state = m_state] {
        state->timer.cancel();
    });
}

double UsersGenerator::rate() const
{
    return m_state->rate;
}

void UsersGenerator::setTargets(std::vector<UsersTarget> targets)
{
    std::lock_guard lock(m_state->mutex);
    m_state->targets = std::move(targets);
}

UsersStats UsersGenerator::stats() const
{
    return { m_state->sent, m_state->answered, m_state->failed, m_state->skipped };
}

} // namespace clusterlab
