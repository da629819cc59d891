#include "api/spdy_frames.h"

#include <array>
#include <zlib.h>

namespace clusterlab::api::spdy {

namespace {

constexpr std::uint16_t kVersion = 3;
/// kMaxHeaderBlock bounds a decompressed header block (a port-forward stream's is ~60 bytes).
constexpr std::size_t kMaxHeaderBlock = 256 * 1024;

void put32(std::string &out, std::uint32_t v)
{
    out += char(v >> 24);
    out += char(v >> 16);
    out += char(v >> 8);
    out += char(v);
}

std::uint32_t get32(std::string_view in, std::size_t at)
{
    return std::uint32_t(std::uint8_t(in[at])) << 24 | std::uint32_t(std::uint8_t(in[at + 1])) << 16
            | std::uint32_t(std::uint8_t(in[at + 2])) << 8
            | std::uint32_t(std::uint8_t(in[at + 3]));
}

/// controlFrame frames payload as a control frame of type with flags.
std::string controlFrame(FrameType type, std::uint8_t flags, const std::string &payload)
{
    std::string out;
    out.reserve(8 + payload.size());
    put32(out, 0x80000000u | std::uint32_t(kVersion) << 16 | std::uint32_t(type));
    put32(out, std::uint32_t(flags) << 24 | std::uint32_t(payload.size()));
    out += payload;
    return out;
}

} // namespace

const std::string &dictionary()
{
    // SPDY Protocol, draft 3, 2.6.10.1: 65 length-prefixed words, then a run of text.
    static const std::string bytes = [] {
        static constexpr std::array<std::string_view, 65> words = {
            "options",
            "head",
            "post",
            "put",
            "delete",
            "trace",
            "accept",
            "accept-charset",
            "accept-encoding",
            "accept-language",
            "accept-ranges",
            "age",
            "allow",
            "authorization",
            "cache-control",
            "connection",
            "content-base",
            "content-encoding",
            "content-language",
            "content-length",
            "content-location",
            "content-md5",
            "content-range",
            "content-type",
            "date",
            "etag",
            "expect",
            "expires",
            "from",
            "host",
            "if-match",
            "if-modified-since",
            "if-none-match",
            "if-range",
            "if-unmodified-since",
            "last-modified",
            "location",
            "max-forwards",
            "pragma",
            "proxy-authenticate",
            "proxy-authorization",
            "range",
            "referer",
            "retry-after",
            "server",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "user-agent",
            "vary",
            "via",
            "warning",
            "www-authenticate",
            "method",
            "get",
            "status",
            "200 OK",
            "version",
            "HTTP/1.1",
            "url",
            "public",
            "set-cookie",
            "keep-alive",
            "origin",
        };
        std::string out;
        for (const auto word : words) {
            put32(out, std::uint32_t(word.size()));
            out += word;
        }
        out += "100101201202205206300302303304305306307402405406407408409410411412413414415416417"
               "502504505203 Non-Authoritative Information204 No Content301 Moved Permanently"
               "400 Bad Request401 Unauthorized403 Forbidden404 Not Found500 Internal Server "
               "Error501 Not Implemented503 Service UnavailableJan Feb Mar Apr May Jun Jul Aug "
               "Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMTchunked,"
               "text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,"
               "text/plain,text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8"
               "charset=iso-8859-1,utf-,*,enq=0.";
        return out;
    }();
    return bytes;
}

struct HeaderCodec::Zlib
{
    z_stream deflater{};
    z_stream inflater{};
    bool deflaterReady = false;
    bool inflaterReady = false;
};

HeaderCodec::HeaderCodec() : m_zlib(std::make_unique<Zlib>())
{
    const std::string &dict = dictionary();
    m_zlib->deflaterReady = deflateInit(&m_zlib->deflater, Z_BEST_COMPRESSION) == Z_OK
            && deflateSetDictionary(&m_zlib->deflater, reinterpret_cast<const Bytef *>(dict.data()),
                                    uInt(dict.size()))
                    == Z_OK;
    m_zlib->inflaterReady = inflateInit(&m_zlib->inflater) == Z_OK;
}

HeaderCodec::~HeaderCodec()
{
    deflateEnd(&m_zlib->deflater);
    inflateEnd(&m_zlib->inflater);
}

std::string HeaderCodec::compress(const Headers &headers)
{
    std::string plain;
    put32(plain, std::uint32_t(headers.size()));
    for (const auto &[name, value] : headers) {
        put32(plain, std::uint32_t(name.size()));
        plain += name;
        put32(plain, std::uint32_t(value.size()));
        plain += value;
    }
    z_stream &z = m_zlib->deflater;
    std::string out;
    if (!m_zlib->deflaterReady)
        return out;
    z.next_in = reinterpret_cast<Bytef *>(plain.data());
    z.avail_in = uInt(plain.size());
    std::array<char, 4096> chunk{};
    do {
        z.next_out = reinterpret_cast<Bytef *>(chunk.data());
        z.avail_out = uInt(chunk.size());
        if (deflate(&z, Z_SYNC_FLUSH) == Z_STREAM_ERROR)
            return {};
        out.append(chunk.data(), chunk.size() - z.avail_out);
    } while (z.avail_out == 0);
    return out;
}

std::optional<Headers> HeaderCodec::decompress(std::string_view block, std::string &error)
{
    z_stream &z = m_zlib->inflater;
    if (!m_zlib->inflaterReady) {
        error = "header decompression is not available";
        return std::nullopt;
    }
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(block.data()));
    z.avail_in = uInt(block.size());
    std::string plain;
    std::array<char, 4096> chunk{};
    for (;;) {
        z.next_out = reinterpret_cast<Bytef *>(chunk.data());
        z.avail_out = uInt(chunk.size());
        int rc = inflate(&z, Z_SYNC_FLUSH);
        if (rc == Z_NEED_DICT) { // the first block: the stream names the dictionary
            const std::string &dict = dictionary();
            rc = inflateSetDictionary(&z, reinterpret_cast<const Bytef *>(dict.data()),
                                      uInt(dict.size()));
        }
        plain.append(chunk.data(), chunk.size() - z.avail_out);
        if (rc == Z_BUF_ERROR && z.avail_in == 0)
            break; // all of the block read, and nothing more to give
        if (rc != Z_OK) {
            error = "invalid compressed header block";
            m_zlib->inflaterReady = false;
            return std::nullopt;
        }
        if (plain.size() > kMaxHeaderBlock) {
            error = "header block too large";
            m_zlib->inflaterReady = false;
            return std::nullopt;
        }
        if (z.avail_in == 0 && z.avail_out != 0)
            break;
    }
    Headers headers;
    std::size_t at = 0;
    const auto take = [&](std::string &out) {
        if (plain.size() - at < 4)
            return false;
        const std::uint32_t n = get32(plain, at);
        at += 4;
        if (plain.size() - at < n)
            return false;
        out.assign(plain, at, n);
        at += n;
        return true;
    };
    if (plain.size() < 4) {
        error = "truncated header block";
        return std::nullopt;
    }
    const std::uint32_t pairs = get32(plain, 0);
    at = 4;
    for (std::uint32_t i = 0; i < pairs; ++i) {
        std::string name, value;
        if (!take(name) || !take(value)) {
            error = "truncated header block";
            return std::nullopt;
        }
        for (const char c : name)
            if (c >= 'A' && c <= 'Z') {
                error = "header name " + name + " is not lower case";
                return std::nullopt;
            }
        headers[name] = std::move(value);
    }
    return headers;
}

std::optional<Frame> FrameReader::next(std::string &error)
{
    if (m_offset > 64 * 1024 && m_offset * 2 > m_buffer.size()) { // drop what was read
        m_buffer.erase(0, m_offset);
        m_offset = 0;
    }
    const std::string_view in = std::string_view(m_buffer).substr(m_offset);
    if (in.size() < 8)
        return std::nullopt;
    const std::uint32_t word0 = get32(in, 0);
    const std::uint32_t word1 = get32(in, 4);
    const std::size_t length = word1 & 0xffffff;
    if (in.size() < 8 + length)
        return std::nullopt;
    const std::string_view payload = in.substr(8, length);
    m_offset += 8 + length;
    Frame frame;
    frame.flags = std::uint8_t(word1 >> 24);
    if (!(word0 & 0x80000000u)) {
        frame.streamId = word0 & 0x7fffffffu;
        frame.data.assign(payload);
        return frame;
    }
    frame.control = true;
    if (((word0 >> 16) & 0x7fff) != kVersion) {
        error = "unsupported SPDY version " + std::to_string((word0 >> 16) & 0x7fff);
        return std::nullopt;
    }
    frame.type = FrameType(word0 & 0xffff);
    const auto need = [&](std::size_t n) {
        if (payload.size() >= n)
            return true;
        error = "SPDY control frame of type " + std::to_string(word0 & 0xffff) + " is too short";
        return false;
    };
    std::size_t headersAt = 0;
    switch (frame.type) {
    case FrameType::SynStream:
        if (!need(10))
            return std::nullopt;
        headersAt = 10;
        break;
    case FrameType::SynReply:
    case FrameType::Headers:
        if (!need(4))
            return std::nullopt;
        headersAt = 4;
        break;
    case FrameType::RstStream:
    case FrameType::GoAway:
    case FrameType::WindowUpdate:
        if (!need(8))
            return std::nullopt;
        frame.code = get32(payload, 4);
        break;
    case FrameType::Ping:
        if (!need(4))
            return std::nullopt;
        frame.code = get32(payload, 0);
        return frame;
    default:
        return frame; // SETTINGS and unknown types: nothing a port-forward needs
    }
    frame.streamId = get32(payload, 0) & 0x7fffffffu;
    if (headersAt) {
        auto headers = m_codec.decompress(payload.substr(headersAt), error);
        if (!headers)
            return std::nullopt;
        frame.headers = std::move(*headers);
    }
    return frame;
}

std::string FrameWriter::synReply(std::uint32_t streamId, const Headers &headers, bool fin)
{
    std::string payload;
    put32(payload, streamId & 0x7fffffffu);
    payload += m_codec.compress(headers);
    return controlFrame(FrameType::SynReply, fin ? kFlagFin : 0, payload);
}

std::string FrameWriter::synStream(std::uint32_t streamId, const Headers &headers, bool fin)
{
    std::string payload;
    put32(payload, streamId & 0x7fffffffu);
    put32(payload, 0); // associated-to
    payload += char(0); // priority 0
    payload += char(0); // slot
    payload += m_codec.compress(headers);
    return controlFrame(FrameType::SynStream, fin ? kFlagFin : 0, payload);
}

std::string FrameWriter::data(std::uint32_t streamId, std::string_view bytes, bool fin)
{
    std::string out;
    out.reserve(8 + bytes.size());
    put32(out, streamId & 0x7fffffffu);
    put32(out, std::uint32_t(fin ? kFlagFin : 0) << 24 | std::uint32_t(bytes.size()));
    out += bytes;
    return out;
}

std::string FrameWriter::rstStream(std::uint32_t streamId, ResetStatus status)
{
    std::string payload;
    put32(payload, streamId & 0x7fffffffu);
    put32(payload, std::uint32_t(status));
    return controlFrame(FrameType::RstStream, 0, payload);
}

std::string FrameWriter::ping(std::uint32_t id)
{
    std::string payload;
    put32(payload, id);
    return controlFrame(FrameType::Ping, 0, payload);
}

std::string FrameWriter::goAway(std::uint32_t lastGoodStreamId, std::uint32_t status)
{
    std::string payload;
    put32(payload, lastGoodStreamId & 0x7fffffffu);
    put32(payload, status);
    return controlFrame(FrameType::GoAway, 0, payload);
}

} // namespace clusterlab::api::spdy
