#include "ecs/paging.h"

#include <algorithm>
#include <charconv>
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

namespace {

bool key_less(const SequencedKey& a, const SequencedKey& b) {
  return a.seq != b.seq ? a.seq < b.seq : *a.id < *b.id;
}

// Whether `k` sorts at or after the string key `from` (as sequence_key(k) >= from would).
class KeyFrom {
 public:
  explicit KeyFrom(const std::string& from) : from_(from) {
    // The usual token: 20 digits and ':' then an ID; compared numerically, no string built.
    // (A number beyond 64 bits, which no key has, is left to the string comparison.)
    if (from.size() > 21 && from[20] == ':' &&
        std::all_of(from.begin(), from.begin() + 20, [](char c) { return c >= '0' && c <= '9'; })) {
      const auto [end, ec] = std::from_chars(from.data(), from.data() + 20, seq_);
      numeric_ = ec == std::errc{} && end == from.data() + 20;
      if (numeric_) id_ = from.substr(21);
    }
  }
  bool at_or_after(const SequencedKey& k) const {
    if (!numeric_) return sequence_key(k.seq, *k.id) >= from_;
    return k.seq != seq_ ? k.seq > seq_ : *k.id >= id_;
  }

 private:
  const std::string& from_;
  bool numeric_ = false;
  std::uint64_t seq_ = 0;
  std::string id_;
};

// Puts the smallest `count` keys of [first, last) at its front, in ascending order.
void order_front(std::vector<SequencedKey>::iterator first,
                 std::vector<SequencedKey>::iterator last, std::size_t count) {
  const auto size = static_cast<std::size_t>(last - first);
  if (count == 0 || size == 0) return;
  const auto mid = first + static_cast<std::ptrdiff_t>(std::min(count, size));
  if (mid < last) std::nth_element(first, mid, last, key_less);
  std::sort(first, mid, key_less);
}

}  // namespace

PageSlice select_page_in_sequence(std::vector<SequencedKey>& keys, const PageRequest& request) {
  PageSlice slice;
  slice.info.token_mode = request.token_mode;
  slice.info.total_count = static_cast<long long>(keys.size());
  slice.info.page_size = request.page_size;
  const auto size = static_cast<std::size_t>(request.page_size);
  if (request.token_mode) {
    auto first = keys.begin();
    if (!request.next_token.empty()) {
      std::string from;
      if (!hex_decode(request.next_token, from) || from.empty()) {
        throw errors::invalid_parameter("NextToken");
      }
      const KeyFrom key_from(from);
      first = std::partition(keys.begin(), keys.end(),
                             [&](const SequencedKey& k) { return !key_from.at_or_after(k); });
    }
    slice.begin = static_cast<std::size_t>(first - keys.begin());
    // One more than the page: its first key is the next token.
    order_front(first, keys.end(), size + 1);
    slice.end = std::min(keys.size(), slice.begin + size);
    if (slice.end < keys.size()) {
      slice.info.next_token = hex_encode(sequence_key(keys[slice.end].seq, *keys[slice.end].id));
    }
    return slice;
  }
  slice.info.page_number = request.page_number;
  const std::size_t start = static_cast<std::size_t>(request.page_number - 1) * size;
  slice.begin = std::min(start, keys.size());
  slice.end = std::min(keys.size(), slice.begin + size);
  if (slice.begin < slice.end) {
    const auto begin = keys.begin() + static_cast<std::ptrdiff_t>(slice.begin);
    if (slice.begin > 0) std::nth_element(keys.begin(), begin, keys.end(), key_less);
    order_front(begin, keys.end(), slice.end - slice.begin);
  }
  return slice;
}

PageSlice select_page_in_order(std::size_t count,
                               const std::function<SequencedKey(std::size_t)>& key_at,
                               const PageRequest& request) {
  PageSlice slice;
  slice.info.token_mode = request.token_mode;
  slice.info.total_count = static_cast<long long>(count);
  slice.info.page_size = request.page_size;
  const auto size = static_cast<std::size_t>(request.page_size);
  if (request.token_mode) {
    std::size_t start = 0;
    if (!request.next_token.empty()) {
      std::string from;
      if (!hex_decode(request.next_token, from) || from.empty()) {
        throw errors::invalid_parameter("NextToken");
      }
      const KeyFrom key_from(from);
      std::size_t lo = 0, hi = count;  // first item at or after the token
      while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (key_from.at_or_after(key_at(mid))) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      start = lo;
    }
    slice.begin = start;
    slice.end = std::min(count, start + size);
    if (slice.end < count) {
      const SequencedKey next = key_at(slice.end);
      slice.info.next_token = hex_encode(sequence_key(next.seq, *next.id));
    }
    return slice;
  }
  slice.info.page_number = request.page_number;
  const std::size_t start = static_cast<std::size_t>(request.page_number - 1) * size;
  slice.begin = std::min(start, count);
  slice.end = std::min(count, slice.begin + size);
  return slice;
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
