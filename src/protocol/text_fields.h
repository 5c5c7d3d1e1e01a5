// Splitting and trimming separated fields: of signature headers (AWS SigV4 Authorization, Alibaba
// ACS3 Authorization) and of the instance-type catalogue's generated lists.
// Contract: split_fields / split_field_views keep empty fields and always returns at least one
// field (the whole text when `sep` is absent); trim_blanks removes spaces and tabs, trim_space
// every isspace character.
#pragma once

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace cloudlife::protocol {

// The fields as views into `s` (valid while `s` is).
inline std::vector<std::string_view> split_field_views(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = s.find(sep, start);
    out.push_back(s.substr(start, end == std::string_view::npos ? s.npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

inline std::vector<std::string> split_fields(std::string_view s, char sep) {
  const std::vector<std::string_view> views = split_field_views(s, sep);
  return std::vector<std::string>(views.begin(), views.end());
}

inline std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

inline std::string_view trim_space(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace cloudlife::protocol
