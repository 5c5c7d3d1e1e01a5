// The state-ID sequence belongs to the engine (issue 9 §4): two server::Services — what each
// cloudlife::Emulator owns — in one process, launching instances in interleaved order, each draw
// from their own engine's sequence; reseeding or resetting one never moves the other.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/engine.h"
#include "ec2/ec2_model.h"
#include "server/services.h"

namespace cloudlife::server {
namespace {

core::EngineOptions frozen_options() {
  core::EngineOptions o;
  o.clock_mode = core::ClockMode::kFrozen;
  o.wall = [] { return core::TimeMs{1'795'262'400'000}; };
  return o;
}

void reseed(Services& s, std::uint64_t seed) {
  s.engine.with_lock([&](const core::EngineLock& held) { s.engine.ids(held).reseed(seed); });
}

// RunInstances through the model, under this emulator's own engine lock.
std::string launch(Services& s) {
  ec2::RunInstancesRequest r;
  r.spec.image_id = "ami-0123456789abcdef0";
  r.spec.instance_type = "t3.micro";
  return s.engine.transact([&](const core::EngineLock& held, core::TimeMs now) {
    ec2::Ec2Partition& p = s.ec2.partition(held, {"123456789012", "us-east-1"});
    return s.ec2.run_instances(p, r, now).instances.front().instance_id.str();
  });
}

TEST(EngineIds, TwoEmulatorsDrawingInterleavedEachKeepTheirOwnSequence) {
  Services a(frozen_options());
  Services b(frozen_options());
  reseed(a, 42);
  reseed(b, 42);
  std::vector<std::string> from_a;
  std::vector<std::string> from_b;
  for (int i = 0; i < 4; ++i) {  // a, b, a, b, …: each sees only its own draws
    from_a.push_back(launch(a));
    from_b.push_back(launch(b));
  }
  EXPECT_EQ(from_a, from_b);
  EXPECT_NE(from_a[0], from_a[1]);

  // A draw outside both engines (the process-wide fallback) moves neither; resetting and
  // reseeding a (what a reset through the control plane or a journal restore does) leaves b's
  // sequence where it was.
  (void)core::resource_id("i");
  a.reset();
  reseed(a, 42);
  const std::string b_fifth = launch(b);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(launch(a), from_a[i]);
  EXPECT_EQ(launch(a), b_fifth);
}

}  // namespace
}  // namespace cloudlife::server
