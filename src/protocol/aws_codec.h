// The runtime of the generated AWS codecs (scripts/gen_aws_codec.py, docs/architecture.md "The AWS
// codec"): typed argument wrappers for the streaming response writers, the value readers the
// generated request decoders call, and the response document the generated responses own.
// Contract: the argument wrappers accept only their own C++ type family (a string where a string
// member is, an integer where an integer is …), so a wrong-typed member is a compile error; they
// are views and never allocate. Readers answer false when the parameter is absent and throw
// ParamError for text that is not of the type. No business rule lives here.
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <ranges>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/compact_text.h"
#include "core/symbol.h"
#include "core/time.h"
#include "protocol/aws_query_envelope.h"
#include "protocol/query_params.h"
#include "protocol/xml_writer.h"

namespace cloudlife::protocol {

// A string member's value: std::string, std::string_view, core::Symbol, core::CompactText or a
// literal; nothing else converts.
struct Text {
  std::string_view v;
  Text(std::string_view s) : v(s) {}                 // NOLINT(google-explicit-constructor)
  Text(const std::string& s) : v(s) {}               // NOLINT(google-explicit-constructor)
  Text(const core::Symbol& s) : v(s) {}              // NOLINT(google-explicit-constructor)
  Text(const core::CompactText& s) : v(s.view()) {}  // NOLINT(google-explicit-constructor)
  Text(const char* s) : v(s) {}                      // NOLINT(google-explicit-constructor)
  Text(std::nullptr_t) = delete;
};

// An integer member's value: any integer type but bool.
struct Int {
  long long v;
  template <std::integral T>
  requires(!std::same_as<T, bool>) Int(T x)
      : v(static_cast<long long>(x)) {}  // NOLINT(google-explicit-constructor)
};

// A boolean member's value: bool only (an int or a pointer does not convert).
struct Bool {
  bool v;
  template <class T>
  requires std::same_as<T, bool> Bool(T x) : v(x) {}  // NOLINT(google-explicit-constructor)
};

// A float/double member's value.
struct Double {
  double v;
  template <class T>
  requires(std::is_arithmetic_v<T> && !std::same_as<T, bool>) Double(T x)
      : v(static_cast<double>(x)) {}  // NOLINT(google-explicit-constructor)
};

// A timestamp member's value: virtual time in ms since the epoch, written as AWS does
// ("2026-11-21T10:00:00.000Z").
struct Timestamp {
  core::TimeMs ms;
  template <std::integral T>
  requires(!std::same_as<T, bool>) Timestamp(T x)
      : ms(static_cast<core::TimeMs>(x)) {}  // NOLINT(google-explicit-constructor)
};

// Writes t as "YYYY-MM-DDTHH:MM:SS.mmmZ" into buf (at least 32 bytes); returns the length. No
// allocation (the same text as core::format_iso8601_ms).
std::size_t format_timestamp(char* buf, core::TimeMs t);
void write_timestamp(XmlWriter& xml, std::string_view element, Timestamp t);
void write_double(XmlWriter& xml, std::string_view element, Double d);

// Owns the response document while a generated response writes into it (constructed first, so the
// generated writer base can refer to it).
class ResponseDocument {
 protected:
  explicit ResponseDocument(XmlWriter doc) : doc_(std::move(doc)) {}
  XmlWriter doc_;
};

// ---- readers used by the generated decoders: true when present ----
bool read_string(const QueryParams& p, std::string_view key, std::string& out);
bool read_integer(const QueryParams& p, std::string_view key, std::int64_t& out);
bool read_boolean(const QueryParams& p, std::string_view key, bool& out);
bool read_double(const QueryParams& p, std::string_view key, double& out);
// ISO 8601 ("2026-11-21T10:00:00Z", fractions allowed) or epoch seconds, as botocore sends.
bool read_timestamp(const QueryParams& p, std::string_view key, core::TimeMs& out);
template <class S>
bool read_structure(const QueryParams& p, std::string_view key, S& out) {
  if (!p.has_any(key)) return false;
  std::string scope(key);
  scope.push_back('.');
  out = S::decode(p.scope(scope));
  return true;
}

}  // namespace cloudlife::protocol
