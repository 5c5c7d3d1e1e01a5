#include "generator.h"

#include <array>

namespace cloudlife::sequence {

int op_weight(Op op) {
  switch (op) {
    case Op::kCreateAutoScalingGroup:
    case Op::kUpdateAutoScalingGroup:
    case Op::kSetInstanceProtection:
    case Op::kSetDesiredCapacity:
      return 10;
    case Op::kRunInstances:
    case Op::kEcsRunInstances:
    case Op::kAdvanceClock:
      return 6;
    case Op::kDescribeSubnets:
    case Op::kDeleteSubnet:
    case Op::kCreateSubnet:
    case Op::kTerminateInstances:
    case Op::kCreateVolume:
    case Op::kAttachVolume:
    case Op::kCreateLaunchTemplate:
    case Op::kDescribeAutoScalingGroups:
      return 4;
    case Op::kReset:
      return 1;
    case Op::kSettle:
      return 1;
    default:
      return 2;
  }
}

namespace {

struct Table {
  std::array<int, kOpCount> cumulative{};
  int total = 0;
  Table() {
    for (int i = 0; i < kOpCount; ++i) {
      total += op_weight(static_cast<Op>(i));
      cumulative[i] = total;
    }
  }
};

Op draw(SplitMix64& rng) {
  static const Table table;
  const int x = static_cast<int>(rng.below(static_cast<std::uint32_t>(table.total)));
  for (int i = 0; i < kOpCount; ++i) {
    if (x < table.cumulative[i]) return static_cast<Op>(i);
  }
  return Op::kDescribeInstances;
}

}  // namespace

std::vector<Step> generate(std::uint64_t seed, int length) {
  SplitMix64 rng(seed * 0x2545F4914F6CDD1DULL + 1);
  std::vector<Step> steps;
  steps.reserve(static_cast<std::size_t>(length));
  for (int i = 0; i < length; ++i) {
    Step s;
    s.op = draw(rng);
    // Mostly small numbers (plain choices, low pool indexes), sometimes large ones.
    for (auto& v : s.a) v = rng.below(8) == 0 ? rng.below(1000) : rng.below(8);
    steps.push_back(s);
  }
  return steps;
}

}  // namespace cloudlife::sequence
