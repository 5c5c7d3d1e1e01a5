#include "core/ids.h"

#include <random>

namespace cloudlife::core {
namespace {

std::mt19937_64& generator() {
  thread_local std::mt19937_64 gen{std::random_device{}()};
  return gen;
}

}  // namespace

std::string random_hex(int n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(static_cast<std::size_t>(n));
  std::uint64_t bits = 0;
  int left = 0;
  for (int i = 0; i < n; ++i) {
    if (left == 0) {
      bits = generator()();
      left = 16;
    }
    out.push_back(kHex[bits & 0xf]);
    bits >>= 4;
    --left;
  }
  return out;
}

std::string resource_id(std::string_view prefix, int hex_digits) {
  std::string id(prefix);
  id.push_back('-');
  id += random_hex(hex_digits);
  return id;
}

std::string uuid() {
  std::string h = random_hex(32);
  h[12] = '4';
  h[16] = "89ab"[static_cast<unsigned char>(h[16]) % 4];
  return h.substr(0, 8) + '-' + h.substr(8, 4) + '-' + h.substr(12, 4) + '-' + h.substr(16, 4) +
         '-' + h.substr(20, 12);
}

long long random_between(long long lo, long long hi) {
  if (hi <= lo) return lo;
  std::uniform_int_distribution<long long> pick(lo, hi);
  return pick(generator());
}

}  // namespace cloudlife::core
