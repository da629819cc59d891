#include "api/wire_reader.h"

namespace clusterlab::api::detail {

namespace {

constexpr int kMaxGroupDepth = 32;

} // namespace

std::uint64_t WireReader::varint()
{
    std::uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (atEnd())
            throw WireError{ "unexpected end of data inside a varint", {} };
        const auto byte = static_cast<std::uint8_t>(m_data[m_pos++]);
        if (shift == 63 && byte > 1)
            break;
        value |= std::uint64_t(byte & 0x7f) << shift;
        if (!(byte & 0x80))
            return value;
    }
    throw WireError{ "varint overflows 64 bits", {} };
}

std::string_view WireReader::bytes(std::uint64_t length)
{
    const std::size_t left = m_data.size() - m_pos;
    if (length > left)
        throw WireError{ "length " + std::to_string(length) + " runs past the end of the data ("
                                 + std::to_string(left) + " bytes left)",
                         {} };
    const std::string_view out = m_data.substr(m_pos, std::size_t(length));
    m_pos += std::size_t(length);
    return out;
}

std::string WireReader::text()
{
    const std::string_view s = lengthDelimited();
    if (!validUtf8(s))
        throw WireError{ "string is not valid UTF-8", {} };
    return std::string(s);
}

Tag WireReader::tag()
{
    const std::uint64_t key = varint();
    const std::uint64_t field = key >> 3;
    if (field == 0 || field > 0x1fffffff)
        throw WireError{ "invalid field number " + std::to_string(field), {} };
    if ((key & 7) > 5)
        throw WireError{ "invalid wire type " + std::to_string(key & 7) + " for field "
                                 + std::to_string(field),
                         {} };
    return { std::uint32_t(field), Wire(key & 7) };
}

void WireReader::skip(Tag tag, int depth)
{
    switch (tag.wire) {
    case Wire::Varint:
        varint();
        return;
    case Wire::Fixed64:
        bytes(8);
        return;
    case Wire::Bytes:
        lengthDelimited();
        return;
    case Wire::Fixed32:
        bytes(4);
        return;
    case Wire::StartGroup:
        if (depth >= kMaxGroupDepth)
            throw WireError{ "groups nested deeper than " + std::to_string(kMaxGroupDepth), {} };
        for (;;) {
            const Tag inner = this->tag();
            if (inner.wire == Wire::EndGroup) {
                if (inner.field != tag.field)
                    throw WireError{ "group " + std::to_string(tag.field) + " ends as group "
                                             + std::to_string(inner.field),
                                     {} };
                return;
            }
            skip(inner, depth + 1);
        }
    case Wire::EndGroup:
        break;
    }
    throw WireError{ "end of group " + std::to_string(tag.field) + " without its start", {} };
}

void WireReader::expect(Tag tag, Wire wire)
{
    static constexpr const char *kNames[] = { "varint",      "64-bit",    "length-delimited",
                                              "start group", "end group", "32-bit" };
    if (tag.wire != wire)
        throw WireError{ "wire type " + std::to_string(int(tag.wire)) + " (" + kNames[int(tag.wire)]
                                 + ") where " + std::to_string(int(wire)) + " (" + kNames[int(wire)]
                                 + ") belongs",
                         {} };
}

bool validUtf8(std::string_view s)
{
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        if (c < 0x80)
            n = 1;
        else if ((c >> 5) == 0x6)
            n = 2;
        else if ((c >> 4) == 0xe)
            n = 3;
        else if ((c >> 3) == 0x1e)
            n = 4;
        if (n == 0 || n > s.size() - i)
            return false;
        std::uint32_t cp = n == 1 ? c : c & (0x7fu >> n);
        for (std::size_t k = 1; k < n; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (cc & 0x3f);
        }
        constexpr std::uint32_t kMin[] = { 0, 0, 0x80, 0x800, 0x10000 };
        if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += n;
    }
    return true;
}

} // namespace clusterlab::api::detail
