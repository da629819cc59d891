#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>

namespace clusterlab::cluster {

/// Random is the cluster's one source of randomness (names, uids, addresses, scheduling ties),
/// so one seed replays a whole session identically.
/// Thread: engine strand only.
class Random
{
public:
    explicit Random(std::uint64_t seed);

    /// below returns a number in [0, n); n must be > 0.
    std::size_t below(std::size_t n);
    /// suffix returns n characters from the alphabet Kubernetes uses for generated names
    /// (utilrand.String: "bcdfghjklmnpqrstvwxz2456789").
    std::string suffix(std::size_t n = 5);
    /// uid returns a version-4 UUID in its usual text form.
    std::string uid();

private:
    std::mt19937_64 m_engine;
};

/// kNameAlphabet is utilrand's alphabet: no vowels (no words), no 0/1/3 (no look-alikes).
inline constexpr const char *kNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

/// safeEncodeString maps each character onto kNameAlphabet as rand.SafeEncodeString does;
/// the Deployment controller uses it to spell the pod-template-hash.
std::string safeEncodeString(const std::string &text);

} // namespace clusterlab::cluster
