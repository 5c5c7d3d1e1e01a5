// How JSON writes an ASCII byte inside a string, shared by the writers that emit JSON text without
// a DOM (EventBridge envelopes, Alibaba answers). Contract: appends `c` as nlohmann's dump() does:
// the two-character escapes for " \ \b \f \n \r \t, \u00xx (lower-case hex) for every other byte
// below 0x20, and the byte itself otherwise. Bytes at or above 0x80 are the caller's to handle.
#pragma once

#include <string>

namespace cloudlife::core {

inline void append_json_escaped_ascii(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default:
      if (c < 0x20) {
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
      } else {
        out += static_cast<char>(c);
      }
  }
}

}  // namespace cloudlife::core
