#include "net/dns_message.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace clusterlab::net::dns {

namespace {

constexpr std::size_t kHeaderSize = 12;
constexpr std::size_t kMaxNameLength = 255;

class Reader
{
public:
    explicit Reader(std::span<const std::uint8_t> data) : m_data(data) { }
    std::size_t position() const { return m_pos; }
    bool u16(std::uint16_t &out)
    {
        if (m_pos + 2 > m_data.size())
            return false;
        out = static_cast<std::uint16_t>(m_data[m_pos] << 8 | m_data[m_pos + 1]);
        m_pos += 2;
        return true;
    }
    bool skip(std::size_t n)
    {
        if (m_pos + n > m_data.size())
            return false;
        m_pos += n;
        return true;
    }
    /// name reads a possibly compressed name; pointers must point backwards, so no loops.
    bool name(std::string &out)
    {
        out.clear();
        std::size_t pos = m_pos;
        std::optional<std::size_t> resumeAt;
        std::size_t wireLength = 0;
        for (;;) {
            if (pos >= m_data.size())
                return false;
            const std::uint8_t length = m_data[pos];
            if ((length & 0xC0) == 0xC0) {
                if (pos + 1 >= m_data.size())
                    return false;
                const std::size_t target = (length & 0x3F) << 8 | m_data[pos + 1];
                if (target >= pos)
                    return false;
                if (!resumeAt)
                    resumeAt = pos + 2;
                pos = target;
                continue;
            }
            if ((length & 0xC0) != 0)
                return false; // extended label types are not supported
            wireLength += length + 1u;
            if (wireLength > kMaxNameLength)
                return false;
            if (length == 0) {
                m_pos = resumeAt ? *resumeAt : pos + 1;
                return true;
            }
            if (pos + 1 + length > m_data.size())
                return false;
            if (!out.empty())
                out.push_back('.');
            out.append(reinterpret_cast<const char *>(&m_data[pos + 1]), length);
            pos += 1 + length;
        }
    }

private:
    std::span<const std::uint8_t> m_data;
    std::size_t m_pos = 0;
};

class Writer
{
public:
    std::vector<std::uint8_t> bytes;

    void u8(std::uint8_t v) { bytes.push_back(v); }
    void u16(std::uint16_t v)
    {
        bytes.push_back(static_cast<std::uint8_t>(v >> 8));
        bytes.push_back(static_cast<std::uint8_t>(v));
    }
    void u32(std::uint32_t v)
    {
        u16(static_cast<std::uint16_t>(v >> 16));
        u16(static_cast<std::uint16_t>(v));
    }
    void patch16(std::size_t at, std::uint16_t v)
    {
        bytes[at] = static_cast<std::uint8_t>(v >> 8);
        bytes[at + 1] = static_cast<std::uint8_t>(v);
    }
    /// name writes a name, pointing at an earlier copy of its longest known suffix.
    void name(const std::string &text)
    {
        std::string rest = text;
        while (!rest.empty()) {
            std::string key = lower(rest);
            if (auto it = m_offsets.find(key); it != m_offsets.end()) {
                u16(static_cast<std::uint16_t>(0xC000 | it->second));
                return;
            }
            if (bytes.size() < 0x3FFF)
                m_offsets.emplace(std::move(key), static_cast<std::uint16_t>(bytes.size()));
            const auto dot = rest.find('.');
            const std::string label = rest.substr(0, dot);
            const auto length = std::min<std::size_t>(label.size(), 63);
            u8(static_cast<std::uint8_t>(length));
            bytes.insert(bytes.end(), label.begin(), label.begin() + static_cast<long>(length));
            rest = dot == std::string::npos ? std::string() : rest.substr(dot + 1);
        }
        u8(0);
    }

private:
    static std::string lower(std::string s)
    {
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
            return static_cast<char>(std::tolower(c));
        });
        return s;
    }
    std::map<std::string, std::uint16_t> m_offsets;
};

bool skipRecord(Reader &reader)
{
    std::string ignored;
    std::uint16_t type, klass, ttlHigh, ttlLow, length;
    return reader.name(ignored) && reader.u16(type) && reader.u16(klass) && reader.u16(ttlHigh)
            && reader.u16(ttlLow) && reader.u16(length) && reader.skip(length);
}

void writeHeader(Writer &w, const Response &r, bool truncated, std::uint16_t answers,
                 std::uint16_t authority, std::uint16_t additional)
{
    std::uint16_t flags = 0x8000 | static_cast<std::uint16_t>((r.opcode & 0x0F) << 11);
    if (r.authoritative)
        flags |= 0x0400;
    if (truncated)
        flags |= 0x0200;
    if (r.recursionDesired)
        flags |= 0x0100;
    flags |= static_cast<std::uint16_t>(r.rcode);
    w.u16(r.id);
    w.u16(flags);
    w.u16(r.question ? 1 : 0);
    w.u16(answers);
    w.u16(authority);
    w.u16(static_cast<std::uint16_t>(additional + (r.edns ? 1 : 0)));
}

void writeRecord(Writer &w, const ResourceRecord &rr)
{
    w.name(rr.name);
    RecordType type = RecordType::SOA;
    if (std::holds_alternative<ARecord>(rr.data))
        type = RecordType::A;
    else if (std::holds_alternative<SrvRecord>(rr.data))
        type = RecordType::SRV;
    else if (const auto *named = std::get_if<NameRecord>(&rr.data))
        type = named->type;
    w.u16(static_cast<std::uint16_t>(type));
    w.u16(kClassIN);
    w.u32(rr.ttl);
    const std::size_t lengthAt = w.bytes.size();
    w.u16(0);
    if (const auto *a = std::get_if<ARecord>(&rr.data)) {
        w.u32(a->address);
    } else if (const auto *srv = std::get_if<SrvRecord>(&rr.data)) {
        w.u16(srv->priority);
        w.u16(srv->weight);
        w.u16(srv->port);
        w.name(srv->target); // RFC 2782 forbids compressing it; resolvers accept it anyway
    } else if (const auto *soa = std::get_if<SoaRecord>(&rr.data)) {
        w.name(soa->mname);
        w.name(soa->rname);
        for (auto v : { soa->serial, soa->refresh, soa->retry, soa->expire, soa->minimum })
            w.u32(v);
    } else if (const auto *named = std::get_if<NameRecord>(&rr.data)) {
        w.name(named->target); // RFC 1035 allows compressing CNAME and PTR data
    }
    w.patch16(lengthAt, static_cast<std::uint16_t>(w.bytes.size() - lengthAt - 2));
}

std::vector<std::uint8_t> encode(const Response &r, bool truncated)
{
    Writer w;
    const auto count = [&](const auto &v) {
        return truncated ? std::uint16_t{ 0 } : static_cast<std::uint16_t>(v.size());
    };
    writeHeader(w, r, truncated, count(r.answers), count(r.authority), count(r.additional));
    if (r.question) {
        w.name(r.question->name);
        w.u16(r.question->type);
        w.u16(r.question->klass);
    }
    if (!truncated) {
        for (const auto *section : { &r.answers, &r.authority, &r.additional })
            for (const auto &rr : *section)
                writeRecord(w, rr);
    }
    if (r.edns) {
        w.u8(0); // root
        w.u16(static_cast<std::uint16_t>(RecordType::OPT));
        w.u16(1232); // our UDP payload size
        w.u32(0);
        w.u16(0);
    }
    return std::move(w.bytes);
}

} // namespace

std::optional<std::uint32_t> parseIPv4(const std::string &text)
{
    std::uint32_t result = 0;
    int parts = 0;
    std::size_t i = 0;
    while (parts < 4) {
        if (i >= text.size() || !std::isdigit(static_cast<unsigned char>(text[i])))
            return std::nullopt;
        unsigned value = 0;
        std::size_t digits = 0;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && digits < 4) {
            value = value * 10 + static_cast<unsigned>(text[i++] - '0');
            ++digits;
        }
        if (value > 255 || digits > 3)
            return std::nullopt;
        result = result << 8 | value;
        if (++parts < 4) {
            if (i >= text.size() || text[i] != '.')
                return std::nullopt;
            ++i;
        }
    }
    return i == text.size() ? std::optional(result) : std::nullopt;
}

ParseResult parseQuery(std::span<const std::uint8_t> packet)
{
    ParseResult result;
    if (packet.size() < kHeaderSize)
        return result;
    Reader reader(packet);
    std::uint16_t flags, qd, an, ns, ar;
    reader.u16(result.query.id);
    reader.u16(flags);
    reader.u16(qd);
    reader.u16(an);
    reader.u16(ns);
    reader.u16(ar);
    if (flags & 0x8000)
        return result; // a response: never answer one (no reflection loops)
    result.query.opcode = static_cast<std::uint8_t>((flags >> 11) & 0x0F);
    result.query.recursionDesired = flags & 0x0100;
    if (result.query.opcode != 0) {
        result.status = ParseStatus::NotImp;
        return result;
    }
    result.status = ParseStatus::FormErr;
    if (qd != 1)
        return result;
    Question question;
    if (!reader.name(question.name) || !reader.u16(question.type) || !reader.u16(question.klass))
        return result;
    result.query.question = std::move(question);
    for (int i = 0; i < an + ns; ++i)
        if (!skipRecord(reader))
            return result;
    for (int i = 0; i < ar; ++i) {
        std::string name;
        std::uint16_t type, klass, ttlHigh, ttlLow, length;
        if (!reader.name(name) || !reader.u16(type) || !reader.u16(klass) || !reader.u16(ttlHigh)
            || !reader.u16(ttlLow) || !reader.u16(length) || !reader.skip(length))
            return result;
        if (type == static_cast<std::uint16_t>(RecordType::OPT)) {
            result.query.edns = true;
            result.query.ednsUdpSize = std::max<std::uint16_t>(512, klass);
        }
    }
    result.status = ParseStatus::Ok;
    return result;
}

std::vector<std::uint8_t> encodeResponse(const Response &response, std::size_t maxSize)
{
    auto bytes = encode(response, false);
    if (bytes.size() <= maxSize)
        return bytes;
    return encode(response, true);
}

} // namespace clusterlab::net::dns
