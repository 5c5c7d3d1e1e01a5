// Units for the EC2 instance rules: the per-AZ termination decision, all-or-nothing validation,
// stop rules, and the timed transitions on a frozen clock.
#include <gtest/gtest.h>

#include "core/engine.h"
#include "core/service_error.h"
#include "ec2/ec2_model.h"
#include "support/engine_lock_for_test.h"

namespace cloudlife::ec2 {
namespace {

using core::InstanceState;

class Ec2InstancesTest : public ::testing::Test {
 protected:
  Ec2InstancesTest() : engine_(frozen()), model_(engine_) {}

  static core::EngineOptions frozen() {
    core::EngineOptions o;
    o.clock_mode = core::ClockMode::kFrozen;
    o.wall = [] { return core::TimeMs{1'795'262'400'000}; };
    return o;
  }

  std::vector<std::string> launch(int count, const std::string& zone,
                                  const std::string& image = "ami-0123456789abcdef0",
                                  bool protect = false) {
    RunInstancesRequest r;
    r.spec.image_id = image;
    r.spec.instance_type = "t3.micro";
    r.spec.availability_zone = zone;
    r.spec.disable_api_termination = protect;
    r.min_count = r.max_count = count;
    return engine_.transact([&](core::TimeMs now) {
      std::vector<std::string> ids;
      for (const Instance& i : model_.run_instances(part(), r, now).instances) {
        ids.push_back(i.instance_id.str());
      }
      return ids;
    });
  }

  Ec2Partition& part() {
    return model_.partition(core::test_lock(), {"123456789012", "us-east-1"});
  }

  InstanceState state(const std::string& id) {
    return engine_.transact(
        [&](core::TimeMs) { return part().find_instance(id)->lifecycle.state(); });
  }

  template <class F>
  std::string error_code(F&& f) {
    try {
      engine_.transact([&](core::TimeMs now) { f(now); });
    } catch (const core::ServiceError& e) {
      return e.code();
    }
    return "";
  }

  core::Engine engine_;
  Ec2Model model_;
};

TEST_F(Ec2InstancesTest, LaunchShowsPendingThenRunningOnTheNextRead) {
  auto ids = launch(1, "us-east-1a");
  // The RunInstances answer said pending; with instant timing the next read sees running.
  EXPECT_EQ(state(ids[0]), InstanceState::kRunning);
}

// A lookup by IDs answers each asked-for instance once, in launch order, grouped by reservation,
// whatever the order and repetition of the IDs asked for.
TEST_F(Ec2InstancesTest, DescribeByIdsKeepsLaunchOrderAcrossReservations) {
  const std::vector<std::string> first = launch(4, "us-east-1a");
  const std::vector<std::string> second = launch(3, "us-east-1b");
  auto select = [&](std::vector<std::string> ids) {
    DescribeInstancesRequest r;
    r.instance_ids = std::move(ids);
    return engine_.transact([&](core::TimeMs) {
      std::vector<std::vector<std::string>> groups;
      for (const InstanceSelection::Group& g : model_.select_instances(part(), r).groups) {
        groups.emplace_back();
        for (const Instance* i : g.instances) groups.back().push_back(i->instance_id.str());
      }
      return groups;
    });
  };
  using Groups = std::vector<std::vector<std::string>>;
  EXPECT_EQ(select({first[2]}), (Groups{{first[2]}}));
  EXPECT_EQ(select({second[0], first[3], first[1], second[0]}),
            (Groups{{first[1], first[3]}, {second[0]}}));
  EXPECT_EQ(select({second[2], second[1]}), (Groups{{second[1], second[2]}}));
}

TEST_F(Ec2InstancesTest, Seed000PerZoneTerminationProtection) {
  const std::string a = launch(1, "us-east-1a")[0];
  const std::string b = launch(1, "us-east-1a")[0];
  const std::string c = launch(1, "us-east-1b", "ami-0123456789abcdef0", /*protect=*/true)[0];
  const std::string d = launch(1, "us-east-1b")[0];
  const TerminateOutcome outcome = engine_.transact([&](core::TimeMs now) {
    return model_.terminate_instances(part(), {a, b, c, d}, false, false, now);
  });
  ASSERT_TRUE(outcome.refusal.has_value());
  EXPECT_EQ(outcome.refusal->code(), "OperationNotPermitted");
  EXPECT_EQ(outcome.refusal->message(),
            "The instance '" + c +
                "' may not be terminated. Modify its 'disableApiTermination' instance attribute "
                "and try again.");
  ASSERT_EQ(outcome.changes.size(), 2u);
  EXPECT_EQ(outcome.changes[0].current, InstanceState::kShuttingDown);
  EXPECT_EQ(state(a), InstanceState::kTerminated);
  EXPECT_EQ(state(b), InstanceState::kTerminated);
  EXPECT_EQ(state(c), InstanceState::kRunning);
  EXPECT_EQ(state(d), InstanceState::kRunning);
}

TEST_F(Ec2InstancesTest, OneUnknownOrMalformedIdTerminatesNothing) {
  auto ids = launch(2, "us-east-1a");
  EXPECT_EQ(
      error_code([&](core::TimeMs now) {
        model_.terminate_instances(part(), {ids[0], "i-0123456789abcdef0"}, false, false, now);
      }),
      "InvalidInstanceID.NotFound");
  EXPECT_EQ(error_code([&](core::TimeMs now) {
              model_.terminate_instances(part(), {ids[0], "instance-1"}, false, false, now);
            }),
            "InvalidInstanceID.Malformed");
  EXPECT_EQ(state(ids[0]), InstanceState::kRunning);
  EXPECT_EQ(state(ids[1]), InstanceState::kRunning);
}

TEST_F(Ec2InstancesTest, TerminationIsIdempotentAndTerminatedInstancesVanishAfterAnHour) {
  auto ids = launch(1, "us-east-1a");
  for (int i = 0; i < 2; ++i) {
    auto outcome = engine_.transact([&](core::TimeMs now) {
      return model_.terminate_instances(part(), ids, false, false, now);
    });
    EXPECT_FALSE(outcome.refusal.has_value());
  }
  EXPECT_EQ(state(ids[0]), InstanceState::kTerminated);
  engine_.advance(core::kHour - 1000);
  EXPECT_EQ(state(ids[0]), InstanceState::kTerminated);
  engine_.advance(2000);
  EXPECT_EQ(engine_.transact([&](core::TimeMs) { return part().find_instance(ids[0]); }), nullptr);
}

TEST_F(Ec2InstancesTest, StopRules) {
  const std::string store = launch(1, "us-east-1a", "ami-0b1e534a4ff9019e0")[0];
  const std::string ebs = launch(1, "us-east-1a")[0];
  EXPECT_EQ(error_code([&](core::TimeMs now) {
              model_.stop_instances(part(), {ebs, store}, false, false, false, now);
            }),
            "UnsupportedOperation");
  EXPECT_EQ(state(ebs), InstanceState::kRunning);  // all or nothing
  EXPECT_EQ(error_code([&](core::TimeMs now) {
              model_.stop_instances(part(), {ebs}, /*hibernate=*/true, false, false, now);
            }),
            "UnsupportedHibernationConfiguration");
  auto changes = engine_.transact([&](core::TimeMs now) {
    return model_.stop_instances(part(), {ebs}, false, false, false, now);
  });
  EXPECT_EQ(changes[0].current, InstanceState::kStopping);
  EXPECT_EQ(state(ebs), InstanceState::kStopped);
  // Stopping a stopped instance is a no-op.
  changes = engine_.transact([&](core::TimeMs now) {
    return model_.stop_instances(part(), {ebs}, false, false, false, now);
  });
  EXPECT_EQ(changes[0].previous, InstanceState::kStopped);
  EXPECT_EQ(changes[0].current, InstanceState::kStopped);
}

TEST_F(Ec2InstancesTest, RealisticTimingStepsThroughTransitionalStates) {
  engine_.timing().set_kind(core::TimingProfileKind::kRealistic);
  engine_.timing().set_override("pending", 15'000);
  engine_.timing().set_override("stopping", 20'000);
  auto ids = launch(1, "us-east-1a");
  EXPECT_EQ(state(ids[0]), InstanceState::kPending);
  engine_.advance(14'999);
  EXPECT_EQ(state(ids[0]), InstanceState::kPending);
  engine_.advance(1);
  EXPECT_EQ(state(ids[0]), InstanceState::kRunning);
  engine_.transact(
      [&](core::TimeMs now) { model_.stop_instances(part(), ids, false, false, false, now); });
  engine_.advance(10'000);
  EXPECT_EQ(state(ids[0]), InstanceState::kStopping);
  // Force completes a pending stop at once.
  engine_.transact([&](core::TimeMs now) {
    model_.stop_instances(part(), ids, false, /*force=*/true, false, now);
  });
  EXPECT_EQ(state(ids[0]), InstanceState::kStopped);
}

TEST_F(Ec2InstancesTest, LaunchTimeVolumesFollowDeleteOnTermination) {
  RunInstancesRequest r;
  r.spec.image_id = "ami-0123456789abcdef0";
  r.spec.availability_zone = "us-east-1a";
  BlockDeviceSpec keep;
  keep.device_name = "/dev/sdb";
  keep.ebs = EbsSpec{};
  keep.ebs->volume_size = 100;
  keep.ebs->delete_on_termination = false;
  r.spec.block_devices.push_back(keep);
  const Instance inst = engine_.transact(
      [&](core::TimeMs now) { return model_.run_instances(part(), r, now).instances.at(0); });
  ASSERT_EQ(inst.block_devices.size(), 2u);
  const std::string root = inst.block_devices[0].volume_id.str();
  const std::string data = inst.block_devices[1].volume_id.str();
  EXPECT_TRUE(inst.block_devices[0].delete_on_termination);
  engine_.transact([&](core::TimeMs now) {
    model_.terminate_instances(part(), {inst.instance_id.str()}, false, false, now);
  });
  engine_.transact([&](core::TimeMs) {
    EXPECT_EQ(part().find_volume(root), nullptr);
    ASSERT_NE(part().find_volume(data), nullptr);
    EXPECT_EQ(part().find_volume(data)->state, "available");
    EXPECT_FALSE(part().find_volume(data)->attachment.has_value());
  });
}

TEST_F(Ec2InstancesTest, ClientTokenMakesRunInstancesIdempotent) {
  RunInstancesRequest r;
  r.spec.image_id = "ami-0123456789abcdef0";
  r.client_token = "tok-1";
  r.fingerprint = "A";
  auto first =
      engine_.transact([&](core::TimeMs now) { return model_.run_instances(part(), r, now); });
  auto again =
      engine_.transact([&](core::TimeMs now) { return model_.run_instances(part(), r, now); });
  EXPECT_EQ(first.reservation.reservation_id, again.reservation.reservation_id);
  EXPECT_EQ(engine_.transact([&](core::TimeMs) { return part().instances.size(); }), 1u);
  r.fingerprint = "B";
  EXPECT_EQ(error_code([&](core::TimeMs now) { model_.run_instances(part(), r, now); }),
            "IdempotentParameterMismatch");
}

TEST_F(Ec2InstancesTest, DocumentedFilterNamesMatchTheInstanceAndItsPrimaryInterface) {
  const std::string id = launch(1, "us-east-1a")[0];
  auto selected = [&](const std::string& name, const std::string& value) {
    DescribeInstancesRequest r;
    r.filters = {Filter{name, {value}}};
    return engine_.transact([&](core::TimeMs) {
      std::vector<std::string> ids;
      for (const auto& g : model_.select_instances(part(), r).groups) {
        for (const Instance* inst : g.instances) ids.push_back(inst->instance_id.str());
      }
      return ids;
    });
  };
  const std::string mac =
      engine_.transact([&](core::TimeMs) { return part().find_instance(id)->mac_address.str(); });
  const std::vector<std::string> just = {id};
  EXPECT_EQ(selected("owner-id", "123456789012"), just);
  EXPECT_EQ(selected("source-dest-check", "true"), just);
  EXPECT_EQ(selected("network-interface.mac-address", mac), just);
  EXPECT_EQ(selected("network-interface.attachment.device-index", "0"), just);
  EXPECT_EQ(selected("launch-index", "0"), just);
  EXPECT_TRUE(selected("owner-id", "999999999999").empty());
  EXPECT_TRUE(selected("host-id", "h-0123456789abcdef0").empty());  // no Dedicated Hosts
  EXPECT_EQ(error_code([&](core::TimeMs) {
              DescribeInstancesRequest r;
              r.filters = {Filter{"network-interface.no-such-name", {"x"}}};
              model_.select_instances(part(), r);
            }),
            "InvalidParameterValue");
}

}  // namespace
}  // namespace cloudlife::ec2
