// Units for EBS volumes: timed states on a frozen clock, attach/detach keeping the volume and the
// instance's block devices in agreement, all-or-nothing refusals, DeleteOnTermination.
#include <gtest/gtest.h>

#include "core/engine.h"
#include "core/service_error.h"
#include "ec2/ec2_model.h"
#include "ec2/volumes.h"
#include "support/engine_lock_for_test.h"

namespace cloudlife::ec2 {
namespace {

class Ec2VolumesTest : public ::testing::Test {
 protected:
  Ec2VolumesTest() : engine_(frozen()), model_(engine_) {}

  static core::EngineOptions frozen() {
    core::EngineOptions o;
    o.clock_mode = core::ClockMode::kFrozen;
    o.wall = [] { return core::TimeMs{1'795'262'400'000}; };
    return o;
  }

  Ec2Partition& part() {
    return model_.partition(core::test_lock(), {"123456789012", "us-east-1"});
  }

  std::string launch(const std::string& zone = "us-east-1a") {
    RunInstancesRequest r;
    r.spec.image_id = "ami-0123456789abcdef0";
    r.spec.instance_type = "t3.micro";
    r.spec.availability_zone = zone;
    return engine_.transact([&](core::TimeMs now) {
      return model_.run_instances(part(), r, now).instances.front().instance_id.str();
    });
  }

  std::string create(int size = 10, const std::string& zone = "us-east-1a") {
    CreateVolumeRequest r;
    r.availability_zone = zone;
    r.size = size;
    return engine_.transact(
        [&](core::TimeMs now) { return create_volume(model_, part(), r, now).volume_id.str(); });
  }

  Volume volume(const std::string& id) {
    return engine_.transact([&](core::TimeMs) { return *part().find_volume(id); });
  }
  Instance instance(const std::string& id) {
    return engine_.transact([&](core::TimeMs) { return *part().find_instance(id); });
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

TEST_F(Ec2VolumesTest, CreatingBecomesAvailableAfterThePhase) {
  engine_.timing().set_override("volume-creating", 3 * core::kSecond);
  const std::string id = create();
  EXPECT_EQ(volume(id).state, "creating");
  engine_.advance(2 * core::kSecond);
  EXPECT_EQ(volume(id).state, "creating");
  engine_.advance(1 * core::kSecond);
  EXPECT_EQ(volume(id).state, "available");
  EXPECT_EQ(volume(id).iops, 100);
}

TEST_F(Ec2VolumesTest, MissingSizeAndSnapshotIsRefusedAndNothingIsCreated) {
  CreateVolumeRequest r;
  r.availability_zone = "us-east-1a";
  EXPECT_EQ(error_code([&](core::TimeMs now) { create_volume(model_, part(), r, now); }),
            "MissingParameter");
  r.size = 5;
  r.volume_type = "gp9";
  EXPECT_EQ(error_code([&](core::TimeMs now) { create_volume(model_, part(), r, now); }),
            "InvalidParameterValue");
  EXPECT_TRUE(part().volumes.empty());
}

TEST_F(Ec2VolumesTest, AttachAndDetachKeepVolumeAndInstanceInAgreement) {
  engine_.timing().set_override("volume-attaching", 2 * core::kSecond);
  engine_.timing().set_override("volume-detaching", 2 * core::kSecond);
  const std::string iid = launch();
  const std::string vid = create();
  engine_.transact([&](core::TimeMs now) {
    const AttachmentView a = attach_volume(model_, part(), vid, iid, "/dev/sdf", false, now);
    EXPECT_EQ(a.attachment.state, "attaching");
    EXPECT_FALSE(a.attachment.delete_on_termination);
  });
  auto device = [&](const Instance& inst) -> const InstanceBlockDevice* {
    for (const InstanceBlockDevice& bd : inst.block_devices) {
      if (bd.volume_id == vid) return &bd;
    }
    return nullptr;
  };
  {
    const Instance inst = instance(iid);
    ASSERT_NE(device(inst), nullptr);
    EXPECT_EQ(device(inst)->status, "attaching");
    EXPECT_FALSE(device(inst)->delete_on_termination);
  }
  engine_.advance(2 * core::kSecond);
  EXPECT_EQ(volume(vid).attachment->state, "attached");
  EXPECT_EQ(device(instance(iid))->status, "attached");

  DetachVolumeRequest d;
  d.volume_id = vid;
  engine_.transact([&](core::TimeMs now) { detach_volume(model_, part(), d, now); });
  EXPECT_EQ(volume(vid).attachment->state, "detaching");
  EXPECT_EQ(device(instance(iid))->status, "detaching");
  engine_.advance(2 * core::kSecond);
  EXPECT_FALSE(volume(vid).attachment.has_value());
  EXPECT_EQ(volume(vid).state, "available");
  EXPECT_EQ(device(instance(iid)), nullptr);
}

TEST_F(Ec2VolumesTest, AttachRefusalsChangeNothing) {
  const std::string iid = launch("us-east-1a");
  const std::string far = create(10, "us-east-1b");
  const std::string vid = create();
  EXPECT_EQ(error_code([&](core::TimeMs now) {
              attach_volume(model_, part(), far, iid, "/dev/sdf", false, now);
            }),
            "InvalidVolume.ZoneMismatch");
  EXPECT_EQ(error_code([&](core::TimeMs now) {
              attach_volume(model_, part(), vid, iid, "/dev/xvda", false, now);
            }),
            "InvalidParameterValue");
  EXPECT_EQ(error_code([&](core::TimeMs now) {
              attach_volume(model_, part(), vid, iid, "/dev/sdf", true, now);
            }),
            "DryRunOperation");
  EXPECT_EQ(error_code([&](core::TimeMs now) {
              attach_volume(model_, part(), "vol-zz", iid, "/dev/sdf", false, now);
            }),
            "InvalidVolumeID.Malformed");
  EXPECT_FALSE(volume(vid).attachment.has_value());
  EXPECT_EQ(instance(iid).block_devices.size(), 1u);
}

TEST_F(Ec2VolumesTest, RootVolumeOfRunningInstanceCannotBeDetached) {
  const std::string iid = launch();
  const std::string root = instance(iid).block_devices.front().volume_id.str();
  DetachVolumeRequest d;
  d.volume_id = root;
  d.force = true;
  EXPECT_EQ(error_code([&](core::TimeMs now) { detach_volume(model_, part(), d, now); }),
            "IncorrectState");
  EXPECT_EQ(volume(root).attachment->state, "attached");
}

TEST_F(Ec2VolumesTest, TerminationDeletesLaunchVolumesAndKeepsAttachedOnes) {
  const std::string iid = launch();
  const std::string root = instance(iid).block_devices.front().volume_id.str();
  const std::string vid = create();
  engine_.transact(
      [&](core::TimeMs now) { attach_volume(model_, part(), vid, iid, "/dev/sdf", false, now); });
  engine_.transact(
      [&](core::TimeMs now) { model_.terminate_instances(part(), {iid}, false, false, now); });
  engine_.transact([&](core::TimeMs) {
    EXPECT_EQ(part().find_volume(root), nullptr);
    ASSERT_NE(part().find_volume(vid), nullptr);
    EXPECT_EQ(part().find_volume(vid)->state, "available");
  });
}

TEST_F(Ec2VolumesTest, DeleteCancelsCreationAndRefusesInUse) {
  engine_.timing().set_override("volume-creating", 10 * core::kSecond);
  const std::string vid = create();
  engine_.transact([&](core::TimeMs now) { delete_volume(model_, part(), vid, false, now); });
  engine_.advance(20 * core::kSecond);
  engine_.transact([&](core::TimeMs) { EXPECT_EQ(part().find_volume(vid), nullptr); });

  const std::string iid = launch();
  const std::string root = instance(iid).block_devices.front().volume_id.str();
  EXPECT_EQ(error_code([&](core::TimeMs now) { delete_volume(model_, part(), root, false, now); }),
            "VolumeInUse");
}

TEST_F(Ec2VolumesTest, DescribePaginatesWithoutTrailingToken) {
  for (int i = 0; i < 10; ++i) create();
  DescribeVolumesRequest r;
  r.max_results = 5;
  const DescribeVolumesResult first =
      engine_.transact([&](core::TimeMs) { return describe_volumes(part(), r); });
  EXPECT_EQ(first.volumes.size(), 5u);
  ASSERT_FALSE(first.next_token.empty());
  r.next_token = first.next_token;
  const DescribeVolumesResult second =
      engine_.transact([&](core::TimeMs) { return describe_volumes(part(), r); });
  EXPECT_EQ(second.volumes.size(), 5u);
  EXPECT_TRUE(second.next_token.empty());
}

}  // namespace
}  // namespace cloudlife::ec2
