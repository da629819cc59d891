#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

/// A small DNS message codec (RFC 1035, SRV RFC 2782, EDNS OPT RFC 6891): enough for a
/// cluster DNS server. Parsing never throws and never reads past the packet.
namespace clusterlab::net::dns {

enum class RecordType : std::uint16_t {
    A = 1,
    NS = 2,
    CNAME = 5,
    SOA = 6,
    PTR = 12,
    TXT = 16,
    AAAA = 28,
    SRV = 33,
    OPT = 41,
    ANY = 255,
};
constexpr std::uint16_t kClassIN = 1;
constexpr std::uint16_t kClassANY = 255;

enum class Rcode : std::uint8_t {
    NoError = 0,
    FormErr = 1,
    ServFail = 2,
    NXDomain = 3,
    NotImp = 4,
    Refused = 5
};

struct Question
{
    std::string name; // as sent (case kept), without the final dot; "" is the root
    std::uint16_t type = 0;
    std::uint16_t klass = kClassIN;
};

/// Query is a parsed request.
struct Query
{
    std::uint16_t id = 0;
    std::uint8_t opcode = 0;
    bool recursionDesired = false;
    std::optional<Question> question;
    bool edns = false;
    std::uint16_t ednsUdpSize = 512;
};

/// ParseStatus: Drop means no answer at all (shorter than a header, or itself a response).
enum class ParseStatus { Ok, Drop, FormErr, NotImp };

struct ParseResult
{
    ParseStatus status = ParseStatus::Drop;
    Query query; // id and opcode are set unless Drop
};

/// parseQuery decodes a request; anything malformed is FormErr, never a crash.
ParseResult parseQuery(std::span<const std::uint8_t> packet);

struct ARecord
{
    std::uint32_t address = 0; // host order
};
struct SrvRecord
{
    std::uint16_t priority = 0, weight = 0, port = 0;
    std::string target;
};
/// NameRecord is the data of a CNAME or PTR record: one domain name.
struct NameRecord
{
    RecordType type = RecordType::CNAME; // CNAME or PTR
    std::string target;
};
struct SoaRecord
{
    std::string mname, rname;
    std::uint32_t serial = 0, refresh = 7200, retry = 1800, expire = 86400, minimum = 5;
};

struct ResourceRecord
{
    std::string name;
    std::uint32_t ttl = 5;
    std::variant<ARecord, SrvRecord, SoaRecord, NameRecord> data;
};

/// Response is what encodeResponse writes; the question is echoed when known.
struct Response
{
    std::uint16_t id = 0;
    std::uint8_t opcode = 0;
    bool recursionDesired = false;
    bool authoritative = false;
    Rcode rcode = Rcode::NoError;
    std::optional<Question> question;
    std::vector<ResourceRecord> answers, authority, additional;
    bool edns = false;
};

/// encodeResponse writes the message with name compression. When it would exceed maxSize
/// (UDP) it sends the header and question only, with TC set, so the client retries over TCP.
std::vector<std::uint8_t> encodeResponse(const Response &response, std::size_t maxSize = 65535);

/// parseIPv4 reads dotted-quad text into host order.
std::optional<std::uint32_t> parseIPv4(const std::string &text);

} // namespace clusterlab::net::dns
