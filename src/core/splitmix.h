// splitmix64's finalizer: a fast, well-mixed 64-bit hash of a 64-bit value (deterministic across
// runs and platforms, so values derived from it replay identically).
#pragma once

#include <cstdint>

namespace cloudlife::core {

inline std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace cloudlife::core
