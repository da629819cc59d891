#include "cluster/random.h"

#include <cstring>

namespace clusterlab::cluster {

Random::Random(std::uint64_t seed) : m_engine(seed) { }

std::size_t Random::below(std::size_t n)
{
    // Not std::uniform_int_distribution: its algorithm differs between standard libraries,
    // and the same seed must give the same names everywhere.
    return std::size_t(m_engine() % n);
}

std::string Random::suffix(std::size_t n)
{
    const std::size_t size = std::strlen(kNameAlphabet);
    std::string out(n, ' ');
    for (auto &c : out)
        c = kNameAlphabet[below(size)];
    return out;
}

std::string Random::uid()
{
    static const char *hex = "0123456789abcdef";
    const std::uint64_t hi = m_engine();
    const std::uint64_t lo = m_engine();
    std::string out;
    for (int i = 0; i < 32; ++i) {
        const std::uint64_t word = i < 16 ? hi : lo;
        int nibble = int((word >> (4 * (15 - i % 16))) & 0xf);
        if (i == 12)
            nibble = 4; // version 4
        if (i == 16)
            nibble = 8 | (nibble & 3); // RFC 4122 variant
        if (i == 8 || i == 12 || i == 16 || i == 20)
            out += '-';
        out += hex[nibble];
    }
    return out;
}

std::string safeEncodeString(const std::string &text)
{
    const std::size_t size = std::strlen(kNameAlphabet);
    std::string out = text;
    for (auto &c : out)
        c = kNameAlphabet[static_cast<unsigned char>(c) % size];
    return out;
}

} // namespace clusterlab::cluster
