// The seeded sequence generator.
// Contract: generate(seed, length) is a pure function of its arguments (same seed, same steps, on
// every machine: it uses its own splitmix64, not <random>'s distributions). Operations are drawn by
// weight so that creates come often enough for the later steps to have something to act on; every
// argument is a small number whose 0 means the plainest valid choice, so shrinking towards 0
// simplifies a step.
#pragma once

#include <cstdint>
#include <vector>

#include "step.h"

namespace cloudlife::sequence {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }

 private:
  std::uint64_t state_;
};

// The relative weight of each operation in generated sequences.
int op_weight(Op op);

std::vector<Step> generate(std::uint64_t seed, int length);

}  // namespace cloudlife::sequence
