#pragma once

// SPDY/3.1 framing, as far as Kubernetes' port-forward protocol uses it (the moby/spdystream
// library client-go speaks): the frames, their bytes, and the compressed header blocks.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace clusterlab::api::spdy {

/// The control frame types of SPDY/3.
enum class FrameType : std::uint16_t {
    SynStream = 1,
    SynReply = 2,
    RstStream = 3,
    Settings = 4,
    Ping = 6,
    GoAway = 7,
    Headers = 8,
    WindowUpdate = 9,
};

/// kFlagFin ends the sender's side of a stream (on DATA, SYN_STREAM, SYN_REPLY).
inline constexpr std::uint8_t kFlagFin = 0x01;
/// kFlagUnidirectional opens a stream the receiver may not send on (SYN_STREAM).
inline constexpr std::uint8_t kFlagUnidirectional = 0x02;

/// RST_STREAM status codes.
enum class ResetStatus : std::uint32_t {
    ProtocolError = 1,
    InvalidStream = 2,
    RefusedStream = 3,
    Cancel = 5,
    InternalError = 6,
};

/// Headers is a header block: lower-case names, each with its value (values that SPDY joins
/// with NUL are kept joined).
using Headers = std::map<std::string, std::string>;

/// Frame is one decoded frame. control frames carry type; SYN_STREAM, SYN_REPLY and HEADERS
/// their headers; RST_STREAM, PING and GOAWAY their 32-bit value in code (status, ping id,
/// GOAWAY status); data frames their bytes in data.
struct Frame
{
    bool control = false;
    FrameType type = FrameType::SynStream;
    std::uint8_t flags = 0;
    std::uint32_t streamId = 0; ///< for GOAWAY: the last good stream id
    std::uint32_t code = 0;
    Headers headers;
    std::string data;
    bool fin() const { return (flags & kFlagFin) != 0; }
};

/// dictionary is SPDY/3's header compression dictionary (draft 3, section 2.6.10.1).
const std::string &dictionary();

/// HeaderCodec compresses and decompresses the header blocks of one connection: SPDY/3 keeps
/// one zlib stream per direction for the connection's whole life, primed with dictionary().
/// Thread: one at a time.
class HeaderCodec
{
public:
    HeaderCodec();
    ~HeaderCodec();
    HeaderCodec(const HeaderCodec &) = delete;
    HeaderCodec &operator=(const HeaderCodec &) = delete;

    /// compress encodes headers as the next block sent.
    std::string compress(const Headers &headers);
    /// decompress decodes the next block received; nullopt (and error set) when it is not a
    /// valid block, after which the connection cannot go on.
    std::optional<Headers> decompress(std::string_view block, std::string &error);

private:
    struct Zlib;
    std::unique_ptr<Zlib> m_zlib;
};

/// FrameReader cuts the bytes of a connection into frames, however they arrive. A frame's
/// length is a 24-bit field, so one frame holds at most 16 MiB.
class FrameReader
{
public:
    explicit FrameReader(HeaderCodec &codec) : m_codec(codec) { }
    /// feed appends bytes received.
    void feed(std::string_view bytes) { m_buffer.append(bytes); }
    /// next is the next whole frame, nullopt when more bytes are needed, or (error set) a
    /// frame that breaks the protocol; unknown control types come back with their type.
    std::optional<Frame> next(std::string &error);

private:
    HeaderCodec &m_codec;
    std::string m_buffer;
    std::size_t m_offset = 0;
};

/// FrameWriter encodes frames to bytes. Thread: one at a time.
class FrameWriter
{
public:
    explicit FrameWriter(HeaderCodec &codec) : m_codec(codec) { }
    /// synReply accepts a stream the peer opened.
    std::string synReply(std::uint32_t streamId, const Headers &headers, bool fin = false);
    /// data carries bytes on a stream; fin ends this side of it (bytes may be empty).
    std::string data(std::uint32_t streamId, std::string_view bytes, bool fin = false);
    /// rstStream ends a stream at once, both ways.
    std::string rstStream(std::uint32_t streamId, ResetStatus status);
    /// ping is a PING (also the answer to one: the same id back).
    std::string ping(std::uint32_t id);
    /// goAway says no more streams will be accepted after lastGoodStreamId.
    std::string goAway(std::uint32_t lastGoodStreamId, std::uint32_t status = 0);
    /// synStream opens a stream (what a client sends; the tests speak it).
    std::string synStream(std::uint32_t streamId, const Headers &headers, bool fin = false);

private:
    HeaderCodec &m_codec;
};

} // namespace clusterlab::api::spdy
