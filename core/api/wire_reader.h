#pragma once

// The protobuf wire format, read without a generated schema; used by protobuf_decode.cpp and
// not part of the API library's interface.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace clusterlab::api::detail {

/// WireError is how WireReader gives up on malformed input. It never leaves the api library:
/// decodeProtobuf catches it and answers 400 BadRequest.
struct WireError
{
    std::string message;
    std::string path; ///< the field being read, filled in by the innermost message
};

enum class Wire : std::uint8_t { Varint, Fixed64, Bytes, StartGroup, EndGroup, Fixed32 };

/// Tag is a field's key: its number and wire type.
struct Tag
{
    std::uint32_t field = 0;
    Wire wire = Wire::Varint;
};

/// WireReader reads the protobuf wire format from a view and never reads past its end:
/// a truncated varint, a length running past the end, a bad wire type or field number, or an
/// unbalanced group throws WireError. Thread: any; it owns nothing but a position.
class WireReader
{
public:
    explicit WireReader(std::string_view data) : m_data(data) { }

    bool atEnd() const { return m_pos == m_data.size(); }
    std::uint64_t varint();
    std::string_view bytes(std::uint64_t length);
    std::string_view lengthDelimited() { return bytes(varint()); }
    /// text reads a length-delimited string, which must be valid UTF-8 (as JSON is).
    std::string text();
    Tag tag();
    /// skip passes over one field of any wire type, groups included (to a bounded depth).
    void skip(Tag tag, int depth = 0);
    /// expect refuses a known field sent with another wire type.
    static void expect(Tag tag, Wire wire);

private:
    std::string_view m_data;
    std::size_t m_pos = 0;
};

/// validUtf8 refuses bad sequences, overlong forms, surrogates and code points past U+10FFFF.
bool validUtf8(std::string_view s);

} // namespace clusterlab::api::detail
