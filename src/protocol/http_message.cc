#include "protocol/http_message.h"

#include <algorithm>

namespace cloudlife::protocol {

namespace {

// ASCII lower case (what std::tolower does in the "C" locale, without its call per byte).
constexpr unsigned char header_char_lower(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 'A' && u <= 'Z' ? static_cast<unsigned char>(u + ('a' - 'A')) : u;
}

}  // namespace

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char x = header_char_lower(a[i]);
    const unsigned char y = header_char_lower(b[i]);
    if (x != y) return x < y;
  }
  return a.size() < b.size();
}

std::string_view HttpRequest::header(std::string_view name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string_view{} : std::string_view{it->second};
}

}  // namespace cloudlife::protocol
