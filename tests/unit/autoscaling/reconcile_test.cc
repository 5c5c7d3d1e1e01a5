// The reconcile engine driven directly on the virtual clock (no HTTP).
#include <gtest/gtest.h>

#include "../support/engine_lock_for_test.h"
#include "autoscaling/asg_model.h"
#include "core/engine.h"
#include "ec2/ec2_model.h"

namespace cloudlife::autoscaling {
namespace {

class ReconcileTest : public ::testing::Test {
 protected:
  ReconcileTest() : engine_(options()), ec2_(engine_), model_(engine_, ec2_) {}

  static core::EngineOptions options() {
    core::EngineOptions o;
    o.clock_mode = core::ClockMode::kFrozen;
    return o;
  }

  void create(const std::string& name, long long desired, std::vector<std::string> zones) {
    engine_.transact([&](core::TimeMs now) {
      AsgPartition& p = model_.partition(core::test_lock(), key_);
      LaunchConfiguration lc;
      lc.name = "lc";
      lc.image_id = "ami-0123456789abcdef0";
      lc.instance_type = "t3.micro";
      if (!p.launch_configurations.contains("lc")) {
        model_.create_launch_configuration(p, lc, "", now);
      }
      GroupSettings s;
      s.launch_configuration = "lc";
      s.min_size = 0;
      s.max_size = 10;
      s.desired = desired;
      s.zones = zones;
      model_.create_group(p, name, s, now);
    });
  }

  Group snapshot(const std::string& name) {
    return engine_.transact(
        [&](core::TimeMs) { return *model_.partition(core::test_lock(), key_).find_group(name); });
  }

  std::map<std::string, int> zones_of(const Group& g) {
    std::map<std::string, int> out;
    for (const Member& m : g.members) ++out[m.zone];
    return out;
  }

  core::PartitionKey key_{"123456789012", "us-east-1"};
  core::Engine engine_;
  ec2::Ec2Model ec2_;
  AsgModel model_;
};

TEST_F(ReconcileTest, NothingHappensUntilTheScheduledPassRuns) {
  create("g", 3, {"us-east-1a", "us-east-1b"});
  // The pass is an event at `now`: the create call itself launched nothing.
  EXPECT_TRUE(engine_.with_lock(
      [&] { return model_.partition(core::test_lock(), key_).find_group("g")->members.empty(); }));
  const Group g = snapshot("g");
  EXPECT_EQ(g.members.size(), 3u);
  EXPECT_EQ(zones_of(g), (std::map<std::string, int>{{"us-east-1a", 2}, {"us-east-1b", 1}}));
  for (const Member& m : g.members) EXPECT_EQ(m.state, "InService");
}

TEST_F(ReconcileTest, ScaleInTerminatesFromTheLongestZone) {
  create("g", 3, {"us-east-1a", "us-east-1b"});
  snapshot("g");
  engine_.transact([&](core::TimeMs now) {
    model_.set_desired_capacity(model_.partition(core::test_lock(), key_), "g", 2, false, now);
  });
  const Group g = snapshot("g");
  EXPECT_EQ(zones_of(g), (std::map<std::string, int>{{"us-east-1a", 1}, {"us-east-1b", 1}}));
}

TEST_F(ReconcileTest, PendingLaunchesTakeTheTimingProfileDuration) {
  engine_.transact(
      [&](core::TimeMs) { engine_.timing().set_override("pending", 30 * core::kSecond); });
  create("g", 1, {"us-east-1a"});
  EXPECT_EQ(snapshot("g").members.at(0).state, "Pending");
  engine_.advance(29 * core::kSecond);
  EXPECT_EQ(snapshot("g").members.at(0).state, "Pending");
  engine_.advance(1 * core::kSecond);
  EXPECT_EQ(snapshot("g").members.at(0).state, "InService");
}

}  // namespace
}  // namespace cloudlife::autoscaling
