#include "core/ids.h"

namespace cloudlife::core {
namespace {

thread_local IdGenerator* t_bound = nullptr;

IdGenerator& state_generator() {
  if (t_bound) return *t_bound;
  static IdGenerator fallback;
  return fallback;
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
  // 8-4-4-4-12, written in place.
  std::string out(36, '-');
  std::size_t from = 0;
  std::size_t to = 0;
  for (const std::size_t n : {8, 4, 4, 4, 12}) {
    h.copy(out.data() + to, n, from);
    from += n;
    to += n + 1;
  }
  return out;
}

}  // namespace

IdGenerator::IdGenerator() : gen_(entropy_seed()) {}

void IdGenerator::reseed(std::uint64_t seed) {
  std::lock_guard<std::mutex> lock(mutex_);
  gen_.seed(seed);
}

std::string IdGenerator::hex(int n) {
  std::lock_guard<std::mutex> lock(mutex_);
  return hex_from(gen_, n);
}

long long IdGenerator::between(long long lo, long long hi) {
  if (hi <= lo) return lo;
  std::lock_guard<std::mutex> lock(mutex_);
  std::uniform_int_distribution<long long> pick(lo, hi);
  return pick(gen_);
}

std::mt19937_64 IdGenerator::position() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return gen_;
}

void IdGenerator::restore_position(const std::mt19937_64& position) {
  std::lock_guard<std::mutex> lock(mutex_);
  gen_ = position;
}

IdScope::IdScope(IdGenerator& generator) : previous_(t_bound) {
  t_bound = &generator;
}

IdScope::~IdScope() {
  t_bound = previous_;
}

std::string random_hex(int n) {
  return state_generator().hex(n);
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
  return state_generator().between(lo, hi);
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
