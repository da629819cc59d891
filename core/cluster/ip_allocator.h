#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_set>

namespace clusterlab::cluster {

class Random;

/// parseIpv4 reads dotted-quad text ("127.96.0.10"); nothing when it is not one.
std::optional<std::uint32_t> parseIpv4(const std::string &text);
/// formatIpv4 writes dotted-quad text.
std::string formatIpv4(std::uint32_t address);

/// IpAllocator hands out the addresses of one CIDR block. The network and broadcast
/// addresses are never given; `reservedLow` more at the bottom are kept for explicit requests
/// only (the static band of Kubernetes' ClusterIP allocator, a node's gateway .1). A released
/// address waits in a FIFO quarantine before it is handed out again, so a new Pod or Service
/// does not take an address that clients may still hold.
/// Thread: engine strand only.
class IpAllocator
{
public:
    enum class Order { Random, Sequential };

    IpAllocator(std::uint32_t network, int prefixLength, std::size_t reservedLow, Order order,
                std::size_t quarantine);

    /// contains says whether address may be allocated at all (inside, not network/broadcast).
    bool contains(std::uint32_t address) const;
    bool isAllocated(std::uint32_t address) const { return m_used.count(address) != 0; }
    /// allocate takes a specific address (quarantined ones too); false when taken or outside.
    bool allocate(std::uint32_t address);
    /// allocateNext picks a free address: at random (from random) or after the last one.
    std::optional<std::uint32_t> allocateNext(Random &random);
    /// release returns an address; it is quarantined first.
    void release(std::uint32_t address);
    /// cidr is the block as text ("127.96.0.0/12").
    std::string cidr() const;

private:
    bool isFree(std::uint32_t address) const;

    std::uint32_t m_network;
    int m_prefixLength;
    std::uint32_t m_first; ///< lowest address given without asking
    std::uint32_t m_last; ///< highest usable address
    Order m_order;
    std::size_t m_quarantineSize;
    std::uint32_t m_cursor; ///< sequential: the last address handed out
    std::unordered_set<std::uint32_t> m_used;
    std::unordered_set<std::uint32_t> m_quarantined;
    std::deque<std::uint32_t> m_quarantine;
};

} // namespace clusterlab::cluster
