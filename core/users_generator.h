#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace clusterlab {

/// UsersTarget is one entry Service the simulated users call: its ClusterIP and bound port.
struct UsersTarget
{
    std::string serviceName;
    boost::asio::ip::tcp::endpoint endpoint;
    bool operator==(const UsersTarget &) const = default;
};

/// UsersStats counts what the users generator did; exact.
struct UsersStats
{
    std::uint64_t sent = 0;
    std::uint64_t answered = 0;
    std::uint64_t failed = 0;
    std::uint64_t skipped = 0; ///< not sent because too many requests were still in flight
};

/// UsersGenerator is "the users": people outside the cluster sending HTTP requests to the
/// entry Services (those nobody in the cluster calls) at an adjustable rate, round-robin over
/// the targets. Bounded: at most kMaxInFlight requests at once, each with a 3 s timeout.
/// Thread: any thread may call setRate/setTargets/stats; requests run on the io_context.
class UsersGenerator
{
public:
    static constexpr int kMaxInFlight = 64;

    explicit UsersGenerator(boost::asio::io_context &io);
    ~UsersGenerator();

    void start();
    void stop();
    /// setRate sets requests per second; 0 pauses.
    void setRate(double perSecond);
    double rate() const;
    void setTargets(std::vector<UsersTarget> targets);
    UsersStats stats() const;

    struct State; ///< shared with the requests in flight, so they outlive a stop()

private:
    std::shared_ptr<State> m_state;
};

} // namespace clusterlab
