#include "ecs/paging.h"

#include <algorithm>
#include <cstdio>

#include "ecs/ecs_errors.h"

namespace cloudlife::ecs {
namespace {

std::string hex_encode(const std::string& s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xf]);
  }
  return out;
}

bool hex_decode(const std::string& s, std::string& out) {
  if (s.size() % 2 != 0) return false;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  out.clear();
  for (std::size_t i = 0; i < s.size(); i += 2) {
    const int hi = nibble(s[i]);
    const int lo = nibble(s[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

}  // namespace

std::string sequence_key(std::uint64_t seq, const std::string& id) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%020llu:", static_cast<unsigned long long>(seq));
  return buf + id;
}

PageSlice select_page(const std::vector<std::string>& keys, const PageRequest& request) {
  PageSlice slice;
  slice.info.token_mode = request.token_mode;
  slice.info.total_count = static_cast<long long>(keys.size());
  slice.info.page_size = request.page_size;
  const auto size = static_cast<std::size_t>(request.page_size);
  if (request.token_mode) {
    std::size_t start = 0;
    if (!request.next_token.empty()) {
      std::string key;
      if (!hex_decode(request.next_token, key) || key.empty()) {
        throw errors::invalid_parameter("NextToken");
      }
      start =
          static_cast<std::size_t>(std::lower_bound(keys.begin(), keys.end(), key) - keys.begin());
    }
    slice.begin = start;
    slice.end = std::min(keys.size(), start + size);
    if (slice.end < keys.size()) slice.info.next_token = hex_encode(keys[slice.end]);
    return slice;
  }
  slice.info.page_number = request.page_number;
  const std::size_t start = static_cast<std::size_t>(request.page_number - 1) * size;
  slice.begin = std::min(start, keys.size());
  slice.end = std::min(keys.size(), slice.begin + size);
  return slice;
}

}  // namespace cloudlife::ecs
