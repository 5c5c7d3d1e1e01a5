// Unit tests of the sequence test's own machinery: the step text form, the generator's
// determinism, the shrinker, and that the in-process runner really detects a broken invariant.
#include <gtest/gtest.h>

#include "generator.h"
#include "runner.h"
#include "shrink.h"
#include "step.h"
#include "target.h"

namespace cloudlife::sequence {
namespace {

TEST(SequenceSteps, TextFormRoundTrips) {
  const auto steps = generate(42, 50);
  std::string text = "# a comment\n\n";
  for (const auto& s : steps) text += to_text(s) + "\n";
  const auto parsed = parse_steps(text);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, steps);
  EXPECT_FALSE(parse_steps("NoSuchOp 1 2 3"));
  EXPECT_FALSE(parse_steps("RunInstances 1 x"));
}

TEST(SequenceGenerator, SameSeedSameStepsOtherSeedOtherSteps) {
  EXPECT_EQ(generate(7, 40), generate(7, 40));
  EXPECT_NE(generate(7, 40), generate(8, 40));
  // Every operation shows up across a modest number of sequences.
  std::vector<int> seen(kOpCount);
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    for (const auto& s : generate(seed, 30)) ++seen[static_cast<int>(s.op)];
  }
  for (int i = 0; i < kOpCount; ++i) EXPECT_GT(seen[i], 0) << op_name(static_cast<Op>(i));
}

TEST(SequenceShrink, FindsTheShortestFailingSubsequenceWithPlainArguments) {
  // Fails when a RunInstances with a[2] >= 3 comes after a DeleteSubnet.
  auto fails = [](const std::vector<Step>& steps) {
    bool deleted = false;
    for (const auto& s : steps) {
      if (s.op == Op::kDeleteSubnet) deleted = true;
      if (deleted && s.op == Op::kRunInstances && s.a[2] >= 3) return true;
    }
    return false;
  };
  std::vector<Step> steps = generate(3, 60);
  steps.insert(steps.begin() + 10, Step{Op::kDeleteSubnet, {5, 6, 7, 8, 9, 10}});
  steps.insert(steps.begin() + 40, Step{Op::kRunInstances, {5, 6, 700, 8, 9, 10}});
  ASSERT_TRUE(fails(steps));
  const auto shrunk = shrink(steps, fails);
  ASSERT_EQ(shrunk.size(), 2u);
  EXPECT_EQ(shrunk[0], (Step{Op::kDeleteSubnet, {0, 0, 0, 0, 0, 0}}));
  EXPECT_EQ(shrunk[1], (Step{Op::kRunInstances, {0, 0, 3, 0, 0, 0}}));
}

TEST(SequenceRunner, AHealthySequenceHoldsEveryInvariant) {
  auto target = make_in_process_target();
  RunOptions options;
  options.slow_ms = 5000;
  Runner runner(*target, options);
  const std::vector<Step> steps = {
      {Op::kCreateLaunchTemplate, {}},
      {Op::kCreateAutoScalingGroup, {0, 0, 1, 2, 1, 0}},  // g0: min 1, max 3, desired 2
      {Op::kRunInstances, {1, 0, 1, 0, 1, 0}},
      {Op::kEcsRunInstances, {1, 0, 0, 1, 0, 0}},
      {Op::kAdvanceClock, {5}},
  };
  const auto f = runner.run(steps, 1);
  EXPECT_FALSE(f) << f->kind << ": " << f->detail;
  EXPECT_GT(runner.requests(), steps.size());
}

TEST(SequenceRunner, AnUnansweredRequestIsAFailure) {
  // A target that never answers: the runner must report it, not carry on.
  struct Silent : Target {
    Reply send(const Request&) override { return {}; }
    void fresh(std::uint64_t) override {}
  } silent;
  Runner runner(silent, RunOptions{});
  const auto f = runner.run({{Op::kDescribeInstances, {}}}, 1);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->kind, "answered");
}

TEST(SequenceRunner, AnUninjected5xxIsAFailure) {
  struct Failing : Target {
    Reply send(const Request&) override {
      return {true, 500, "<Error><Code>InternalError</Code></Error>", false, 1};
    }
    void fresh(std::uint64_t) override {}
  } failing;
  Runner runner(failing, RunOptions{});
  const auto f = runner.run({{Op::kDescribeInstances, {}}}, 1);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->kind, "5xx");
}

}  // namespace
}  // namespace cloudlife::sequence
