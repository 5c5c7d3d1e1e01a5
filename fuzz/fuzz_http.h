// Shared helpers for the libFuzzer targets: turning fuzz bytes into an HttpRequest.
// Contract: parse_raw_http() reads the text of a raw HTTP/1.1 request as the fuzz seeds hold it
// (docs/wire.md "Captured requests, test vectors and fuzz seeds"): "METHOD TARGET [HTTP/1.1]",
// header lines "Name: value", a blank line, the body; CRLF or LF. It fills HttpRequest the way
// server/http_server.cc does (path, raw_query, query decoded with decode_form, headers, body). It
// returns nothing when the first line is not a request line, so a target can fall back to using the
// bytes as a body or query string. Never throws on any input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/form_decoding.h"
#include "protocol/http_message.h"

namespace cloudlife::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Splits `text` into its lines (LF, with an optional CR before it).
inline std::string_view next_line(std::string_view& text) {
  const std::size_t nl = text.find('\n');
  std::string_view line = text.substr(0, nl);
  text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

inline void set_target(protocol::HttpRequest& request, std::string_view target) {
  const std::size_t q = target.find('?');
  request.path = std::string(target.substr(0, q));
  request.raw_query.clear();
  request.query.clear();
  if (q != std::string_view::npos) {
    request.raw_query = std::string(target.substr(q + 1));
    if (auto pairs = protocol::decode_form(request.raw_query)) request.query = std::move(*pairs);
  }
}

inline std::optional<protocol::HttpRequest> parse_raw_http(std::string_view text) {
  std::string_view rest = text;
  const std::string_view request_line = next_line(rest);
  const std::size_t sp = request_line.find(' ');
  if (sp == 0 || sp == std::string_view::npos) return std::nullopt;
  const std::string_view method = request_line.substr(0, sp);
  for (char c : method) {
    if (c < 'A' || c > 'Z') return std::nullopt;
  }
  std::string_view target = request_line.substr(sp + 1);
  if (const std::size_t v = target.rfind(" HTTP/"); v != std::string_view::npos) {
    target = target.substr(0, v);
  }
  protocol::HttpRequest request;
  request.method = std::string(method);
  set_target(request, target);
  request.remote_addr = "127.0.0.1";
  while (!rest.empty()) {
    const std::string_view line = next_line(rest);
    if (line.empty()) break;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) continue;
    request.headers.emplace(std::string(line.substr(0, colon)),
                            std::string(trim(line.substr(colon + 1))));
  }
  request.body = std::string(rest);
  return request;
}

// Splits a fuzz input into the requests of a sequence (separated by kSeparator lines).
inline constexpr std::string_view kSeparator = "\n--next--\n";

inline std::vector<std::string_view> split_sequence(std::string_view text, std::size_t max_parts) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < max_parts) {
    const std::size_t at = text.find(kSeparator);
    if (at == std::string_view::npos) break;
    parts.push_back(text.substr(0, at));
    text = text.substr(at + kSeparator.size());
  }
  parts.push_back(text);
  return parts;
}

}  // namespace cloudlife::fuzz
