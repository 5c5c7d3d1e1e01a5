#include "core/ids.h"

#include <mutex>
#include <random>

namespace cloudlife::core {
namespace {

struct StateGenerator {
  std::mutex mutex;
  std::mt19937_64 gen{std::random_device{}()};
};

StateGenerator& state_generator() {
  static StateGenerator g;
  return g;
}

std::string hex_from(std::mt19937_64& gen, int n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(static_cast<std::size_t>(n));
  std::uint64_t bits = 0;
  int left = 0;
  for (int i = 0; i < n; ++i) {
    if (left == 0) {
      bits = gen();
      left = 16;
    }
    out.push_back(kHex[bits & 0xf]);
    bits >>= 4;
    --left;
  }
  return out;
}

std::string format_uuid(std::string h) {
  h[12] = '4';
  h[16] = "89ab"[static_cast<unsigned char>(h[16]) % 4];
  return h.substr(0, 8) + '-' + h.substr(8, 4) + '-' + h.substr(12, 4) + '-' + h.substr(16, 4) +
         '-' + h.substr(20, 12);
}

}  // namespace

std::string random_hex(int n) {
  StateGenerator& g = state_generator();
  std::lock_guard<std::mutex> lock(g.mutex);
  return hex_from(g.gen, n);
}

std::string resource_id(std::string_view prefix, int hex_digits) {
  std::string id(prefix);
  id.push_back('-');
  id += random_hex(hex_digits);
  return id;
}

std::string derived_id(std::string_view prefix, std::string_view key, int hex_digits) {
  // FNV-1a over prefix and key, stretched with splitmix64 for as many digits as asked.
  std::uint64_t h = 1469598103934665603ULL;
  auto mix_in = [&h](std::string_view text) {
    for (unsigned char c : text) {
      h ^= c;
      h *= 1099511628211ULL;
    }
  };
  mix_in(prefix);
  mix_in(std::string_view("\0", 1));
  mix_in(key);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(prefix);
  id.push_back('-');
  while (hex_digits > 0) {
    h += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = h;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    for (int i = 0; i < 16 && hex_digits > 0; ++i, --hex_digits) {
      id.push_back(kHex[(z >> (4 * i)) & 0xf]);
    }
  }
  return id;
}

std::string uuid() {
  return format_uuid(random_hex(32));
}

long long random_between(long long lo, long long hi) {
  if (hi <= lo) return lo;
  StateGenerator& g = state_generator();
  std::lock_guard<std::mutex> lock(g.mutex);
  std::uniform_int_distribution<long long> pick(lo, hi);
  return pick(g.gen);
}

void reseed_ids(std::uint64_t seed) {
  StateGenerator& g = state_generator();
  std::lock_guard<std::mutex> lock(g.mutex);
  g.gen.seed(seed);
}

std::uint64_t entropy_seed() {
  std::random_device rd;
  return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
}

std::string request_id() {
  thread_local std::mt19937_64 gen{std::random_device{}()};
  return format_uuid(hex_from(gen, 32));
}

}  // namespace cloudlife::core
