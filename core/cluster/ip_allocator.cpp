#include "cluster/ip_allocator.h"

#include "cluster/random.h"

#include <charconv>

namespace clusterlab::cluster {

std::optional<std::uint32_t> parseIpv4(const std::string &text)
{
    std::uint32_t out = 0;
    const char *p = text.data();
    const char *end = p + text.size();
    for (int part = 0; part < 4; ++part) {
        if (part > 0) {
            if (p == end || *p != '.')
                return std::nullopt;
            ++p;
        }
        unsigned value = 0;
        const auto [next, ec] = std::from_chars(p, end, value);
        if (ec != std::errc() || next == p || next - p > 3 || value > 255)
            return std::nullopt;
        if (next - p > 1 && *p == '0')
            return std::nullopt; // leading zeros are refused, as Go's net.ParseIP does
        out = (out << 8) | value;
        p = next;
    }
    return p == end ? std::optional(out) : std::nullopt;
}

std::string formatIpv4(std::uint32_t address)
{
    return std::to_string(address >> 24) + '.' + std::to_string((address >> 16) & 0xff) + '.'
            + std::to_string((address >> 8) & 0xff) + '.' + std::to_string(address & 0xff);
}

IpAllocator::IpAllocator(std::uint32_t network, int prefixLength, std::size_t reservedLow,
                         Order order, std::size_t quarantine)
    : m_network(network),
      m_prefixLength(prefixLength),
      m_first(network + 1 + std::uint32_t(reservedLow)),
      m_last(network + std::uint32_t((std::uint64_t(1) << (32 - prefixLength)) - 2)),
      m_order(order),
      m_quarantineSize(quarantine),
      m_cursor(m_first - 1)
{
}

bool IpAllocator::contains(std::uint32_t address) const
{
    return address > m_network && address <= m_last;
}

bool IpAllocator::isFree(std::uint32_t address) const
{
    return !m_used.count(address) && !m_quarantined.count(address);
}

bool IpAllocator::allocate(std::uint32_t address)
{
    if (!contains(address) || m_used.count(address))
        return false;
    m_used.insert(address);
    return true;
}

std::optional<std::uint32_t> IpAllocator::allocateNext(Random &random)
{
    const std::uint32_t span = m_last - m_first + 1;
    const std::uint32_t start = m_order == Order::Random
            ? m_first + std::uint32_t(random.below(span))
            : (m_cursor >= m_last ? m_first : m_cursor + 1);
    // Scan on from the start point, wrapping once, as the Kubernetes bitmap allocator does.
    for (std::uint32_t i = 0; i < span; ++i) {
        const std::uint32_t candidate = m_first + (start - m_first + i) % span;
        if (isFree(candidate)) {
            m_used.insert(candidate);
            m_cursor = candidate;
            return candidate;
        }
    }
    // Everything is used or quarantined: take the longest-quarantined address.
    while (!m_quarantine.empty()) {
        const std::uint32_t oldest = m_quarantine.front();
        m_quarantine.pop_front();
        m_quarantined.erase(oldest);
        if (!m_used.count(oldest) && oldest >= m_first) {
            m_used.insert(oldest);
            return oldest;
        }
    }
    return std::nullopt;
}

void IpAllocator::release(std::uint32_t address)
{
    if (!m_used.erase(address) || m_quarantineSize == 0)
        return;
    if (m_quarantined.insert(address).second)
        m_quarantine.push_back(address);
    while (m_quarantine.size() > m_quarantineSize) {
        m_quarantined.erase(m_quarantine.front());
        m_quarantine.pop_front();
    }
}

std::string IpAllocator::cidr() const
{
    return formatIpv4(m_network) + "/" + std::to_string(m_prefixLength);
}

} // namespace clusterlab::cluster
