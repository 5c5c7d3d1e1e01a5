// The reconcile engine driven directly on the virtual clock (no HTTP).
#include <optional>
#include <string>
#include <vector>

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

// --- the EC2 health check
// -------------------------------------------------------------------------

class Ec2HealthCheckTest : public ReconcileTest {
 protected:
  Ec2HealthCheckTest() {
    engine_.transact([&](core::TimeMs) {
      engine_.timing().set_override("stopping", 10 * core::kSecond);
      engine_.timing().set_override("shutting-down", 10 * core::kSecond);
    });
    create("g", 1, {"us-east-1a"});
    first_ = snapshot("g").members.at(0).instance_id;
  }

  void stop(const std::string& id) {
    engine_.transact([&](core::TimeMs now) {
      ec2_.stop_instances(ec2_.partition(core::test_lock(), key_), {id}, false, false, false, now);
    });
  }
  void processes(bool suspend, const std::string& process) {
    engine_.transact([&](core::TimeMs now) {
      AsgPartition& p = model_.partition(core::test_lock(), key_);
      if (suspend) model_.suspend_processes(p, "g", {process}, now);
      if (!suspend) model_.resume_processes(p, "g", {process}, now);
    });
  }
  std::optional<Member> member(const std::string& id) {
    const Group g = snapshot("g");
    for (const Member& m : g.members) {
      if (m.instance_id == id) return m;
    }
    return std::nullopt;
  }

  std::string termination_cause(const std::string& id) {
    return engine_.transact([&](core::TimeMs) {
      for (const Activity& a : model_.partition(core::test_lock(), key_).activities) {
        if (a.description.find("Terminating EC2 instance: " + id) != std::string::npos) {
          return a.cause;
        }
      }
      return std::string();
    });
  }

  std::string first_;
};

TEST_F(Ec2HealthCheckTest, AStoppedInstanceMakesItsMemberUnhealthyAndReplaced) {
  stop(first_);
  engine_.advance(5 * core::kSecond);  // still stopping, and no pass of the group since
  EXPECT_EQ(member(first_)->health, "Healthy");
  engine_.advance(5 * core::kSecond);        // stopped: the group's pass notices, and replaces it
  EXPECT_FALSE(member(first_).has_value());  // a stopped instance terminates at once
  const Group g = snapshot("g");
  ASSERT_EQ(g.members.size(), 1u);
  EXPECT_NE(g.members[0].instance_id, first_);
  EXPECT_NE(termination_cause(first_).find("EC2 health check"), std::string::npos)
      << termination_cause(first_);
}

TEST_F(Ec2HealthCheckTest, ResumingTheHealthCheckNoticesWhatStoppedWhileItWasSuspended) {
  processes(true, "HealthCheck");
  processes(true, "ReplaceUnhealthy");
  stop(first_);
  engine_.advance(20 * core::kSecond);
  EXPECT_EQ(member(first_)->health, "Healthy");
  processes(false, "HealthCheck");
  snapshot("g");  // the pass resume_processes asked for has run
  ASSERT_TRUE(member(first_).has_value());
  EXPECT_EQ(member(first_)->health, "Unhealthy");
}

TEST_F(Ec2HealthCheckTest, AMemberSetHealthyIsCheckedAgainByTheNextPass) {
  processes(true, "ReplaceUnhealthy");
  stop(first_);
  engine_.advance(20 * core::kSecond);
  ASSERT_TRUE(member(first_).has_value());
  ASSERT_EQ(member(first_)->health, "Unhealthy");
  engine_.transact([&](core::TimeMs now) {
    model_.set_instance_health(model_.partition(core::test_lock(), key_), first_, "Healthy", false,
                               now);
  });
  snapshot("g");  // the pass set_instance_health asked for has run
  EXPECT_EQ(member(first_)->health, "Unhealthy");
}

TEST_F(Ec2HealthCheckTest, AnInstanceStoppedInAnotherGroupLeavesRunningMembersHealthy) {
  create("other", 1, {"us-east-1a"});
  stop(snapshot("other").members.at(0).instance_id);
  engine_.advance(20 * core::kSecond);
  EXPECT_EQ(member(first_)->health, "Healthy");
  EXPECT_EQ(member(first_)->state, "InService");
}

// --- members and activities found by ID
// --------------------------------------------------------------

Member member_with_id(const std::string& id) {
  Member m;
  m.instance_id = id;
  return m;
}

TEST(GroupMembers, FoundByIdAfterErasuresMovedThem) {
  Group g;
  for (const char* id : {"i-1", "i-2", "i-3", "i-4"}) g.add_member(member_with_id(id));
  g.erase_member("i-1");
  g.erase_member("i-3");
  ASSERT_NE(g.find_member("i-4"), nullptr);
  EXPECT_EQ(g.find_member("i-4"), &g.members[1]);
  EXPECT_EQ(g.find_member("i-2"), &g.members[0]);
  EXPECT_EQ(g.find_member("i-1"), nullptr);
  EXPECT_EQ(g.find_member("i-9"), nullptr);
  g.erase_member("i-9");  // not a member: nothing happens
  EXPECT_EQ(g.members.size(), 2u);
  Group copy = g;  // the copy finds its own members
  EXPECT_EQ(copy.find_member("i-4"), &copy.members[1]);
}

TEST(GroupMembers, KeepLaunchOrder) {
  Group g;
  for (const char* id : {"i-1", "i-2", "i-3"}) g.add_member(member_with_id(id));
  g.erase_member("i-2");
  g.add_member(member_with_id("i-5"));
  std::vector<std::string> order;
  for (const Member& m : g.members) order.push_back(m.instance_id);
  EXPECT_EQ(order, (std::vector<std::string>{"i-1", "i-3", "i-5"}));
  EXPECT_EQ(g.find_member("i-5"), &g.members[2]);
}

}  // namespace
}  // namespace cloudlife::autoscaling
