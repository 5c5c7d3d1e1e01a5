// Units for EBS snapshots and own AMIs: progress over virtual time, the name rules and wildcard
// filters, the in-use rule, images pending until their snapshots complete, all-or-nothing
// refusals, and launching from an own image.
#include <gtest/gtest.h>

#include "core/engine.h"
#include "core/service_error.h"
#include "ec2/ec2_model.h"
#include "ec2/image_operations.h"
#include "ec2/snapshots.h"
#include "ec2/volumes.h"
#include "support/engine_lock_for_test.h"

namespace cloudlife::ec2 {
namespace {

class Ec2SnapshotsImagesTest : public ::testing::Test {
 protected:
  Ec2SnapshotsImagesTest() : engine_(frozen()), model_(engine_) {}

  static core::EngineOptions frozen() {
    core::EngineOptions o;
    o.clock_mode = core::ClockMode::kFrozen;
    o.wall = [] { return core::TimeMs{1'795'262'400'000}; };
    return o;
  }

  Ec2Partition& part() {
    return model_.partition(core::test_lock(), {"123456789012", "us-east-1"});
  }

  std::string launch(const std::string& image = "ami-0c02fb55956c7d316") {
    RunInstancesRequest r;
    r.spec.image_id = image;
    r.spec.instance_type = "t3.micro";
    r.spec.availability_zone = "us-east-1a";
    return engine_.transact([&](core::TimeMs now) {
      return model_.run_instances(part(), r, now).instances.front().instance_id.str();
    });
  }

  std::string volume(int size) {
    CreateVolumeRequest r;
    r.availability_zone = "us-east-1a";
    r.size = size;
    return engine_.transact(
        [&](core::TimeMs now) { return create_volume(model_, part(), r, now).volume_id.str(); });
  }

  std::string snapshot_of(const std::string& volume_id) {
    CreateSnapshotRequest r;
    r.volume_id = volume_id;
    return engine_.transact(
        [&](core::TimeMs now) { return create_snapshot(model_, part(), r, now).snapshot_id; });
  }

  std::string image_of(const std::string& instance_id, const std::string& name) {
    CreateImageRequest r;
    r.instance_id = instance_id;
    r.name = name;
    return engine_.transact(
        [&](core::TimeMs now) { return create_image(model_, part(), r, now).image_id; });
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

TEST(SnapshotProgress, ProportionalToElapsedTimeAndFullAtCompletion) {
  EXPECT_EQ(snapshot_progress(1000, 2000, 1000), 0);
  EXPECT_EQ(snapshot_progress(1000, 2000, 1250), 25);
  EXPECT_EQ(snapshot_progress(1000, 2000, 1999), 99);
  EXPECT_EQ(snapshot_progress(1000, 2000, 2000), 100);
  EXPECT_EQ(snapshot_progress(1000, 2000, 5000), 100);
  EXPECT_EQ(snapshot_progress(1000, 1000, 1000), 100);
  EXPECT_EQ(snapshot_progress(1000, 2000, 500), 0);
}

TEST(SnapshotIds, WellFormedIsSnapAndEightOrSeventeenHexDigits) {
  EXPECT_TRUE(is_well_formed_snapshot_id("snap-0123abcd"));
  EXPECT_TRUE(is_well_formed_snapshot_id("snap-0123456789abcdef0"));
  EXPECT_FALSE(is_well_formed_snapshot_id("snap-0123ABCD"));
  EXPECT_FALSE(is_well_formed_snapshot_id("snap-012"));
  EXPECT_FALSE(is_well_formed_snapshot_id("vol-0123abcd"));
}

TEST(ImageNames, ThreeTo128OfTheDocumentedCharacters) {
  EXPECT_TRUE(is_valid_image_name("web (v1) [2026] it's @home_x/y.z-1"));
  EXPECT_FALSE(is_valid_image_name("ab"));
  EXPECT_TRUE(is_valid_image_name("abc"));
  EXPECT_TRUE(is_valid_image_name(std::string(128, 'a')));
  EXPECT_FALSE(is_valid_image_name(std::string(129, 'a')));
  EXPECT_FALSE(is_valid_image_name("star*"));
  EXPECT_FALSE(is_valid_image_name("comma,"));
}

TEST(ImageNames, FilterWildcardsStarAndQuestionMark) {
  EXPECT_TRUE(matches_any({"golden-*"}, "golden-2026"));
  EXPECT_TRUE(matches_any({"golden-????"}, "golden-2026"));
  EXPECT_FALSE(matches_any({"golden-???"}, "golden-2026"));
  EXPECT_FALSE(matches_any({"silver-*"}, "golden-2026"));
}

TEST_F(Ec2SnapshotsImagesTest, SnapshotProgressesOverVirtualTimeAndCompletes) {
  engine_.timing().set_override("snapshot-pending", 100 * core::kSecond);
  const std::string sid = snapshot_of(volume(20));
  const auto seen = [&] {
    return engine_.transact([&](core::TimeMs now) {
      const Snapshot& s = part().snapshots.at(sid);
      return s.state + " " + snapshot_progress_text(s, now);
    });
  };
  EXPECT_EQ(seen(), "pending 0%");
  engine_.advance(40 * core::kSecond);
  EXPECT_EQ(seen(), "pending 40%");
  engine_.advance(60 * core::kSecond);
  EXPECT_EQ(seen(), "completed 100%");
  EXPECT_EQ(engine_.transact([&](core::TimeMs) { return part().snapshots.at(sid).volume_size; }),
            20);
}

TEST_F(Ec2SnapshotsImagesTest, SnapshotUsedByAnImageIsInUseUntilDeregistered) {
  const std::string iid = launch();
  const std::string ami = image_of(iid, "in-use");
  const std::string root = engine_.transact(
      [&](core::TimeMs) { return *part().images.at(ami).block_devices.front().ebs->snapshot_id; });
  EXPECT_EQ(error_code([&](core::TimeMs) { delete_snapshot(part(), root, false); }),
            "InvalidSnapshot.InUse");
  EXPECT_EQ(engine_.transact([&](core::TimeMs) { return part().snapshots.count(root); }), 1U);
  EXPECT_EQ(error_code([&](core::TimeMs) { deregister_image(model_, part(), ami, false, false); }),
            "");
  EXPECT_EQ(error_code([&](core::TimeMs) { delete_snapshot(part(), root, false); }), "");
}

TEST_F(Ec2SnapshotsImagesTest, ImageIsPendingUntilItsSnapshotsComplete) {
  const std::string iid = launch();
  engine_.timing().set_override("image-pending", 10 * core::kSecond);
  engine_.timing().set_override("snapshot-pending", 30 * core::kSecond);
  const std::string ami = image_of(iid, "slow-snapshots");
  const auto state = [&] {
    return engine_.transact([&](core::TimeMs) { return part().images.at(ami).state; });
  };
  engine_.advance(20 * core::kSecond);
  EXPECT_EQ(state(), "pending");
  engine_.advance(10 * core::kSecond);
  EXPECT_EQ(state(), "available");
}

TEST_F(Ec2SnapshotsImagesTest, RefusedCreateImageLeavesNothingBehind) {
  const std::string iid = launch();
  image_of(iid, "first");
  const std::size_t snapshots =
      engine_.transact([&](core::TimeMs) { return part().snapshots.size(); });
  CreateImageRequest r;
  r.instance_id = iid;
  r.name = "first";
  EXPECT_EQ(error_code([&](core::TimeMs now) { create_image(model_, part(), r, now); }),
            "InvalidAMIName.Duplicate");
  r.name = "second";
  r.dry_run = true;
  EXPECT_EQ(error_code([&](core::TimeMs now) { create_image(model_, part(), r, now); }),
            "DryRunOperation");
  EXPECT_EQ(engine_.transact([&](core::TimeMs) { return part().images.size(); }), 1U);
  EXPECT_EQ(engine_.transact([&](core::TimeMs) { return part().snapshots.size(); }), snapshots);
}

TEST_F(Ec2SnapshotsImagesTest, OwnImageLaunchesWithItsMappingsAndNotOnceDeregistered) {
  const std::string iid = launch();
  const std::string ami = image_of(iid, "launchable");
  const std::string child = launch(ami);
  const Instance inst =
      engine_.transact([&](core::TimeMs) { return *part().find_instance(child); });
  EXPECT_EQ(inst.image_id, ami);
  ASSERT_EQ(inst.block_devices.size(), 1U);
  const std::string root_snapshot = engine_.transact(
      [&](core::TimeMs) { return *part().images.at(ami).block_devices.front().ebs->snapshot_id; });
  EXPECT_EQ(engine_.transact([&](core::TimeMs) {
    return part().find_volume(inst.block_devices.front().volume_id)->snapshot_id;
  }),
            root_snapshot);
  engine_.transact([&](core::TimeMs) { deregister_image(model_, part(), ami, false, false); });
  EXPECT_EQ(error_code([&](core::TimeMs) { resolve_launch_image(part(), ami); }),
            "InvalidAMIID.Unavailable");
}

TEST_F(Ec2SnapshotsImagesTest, VolumeFromSnapshotTakesItsSizeAndRefusesASmallerOne) {
  const std::string sid = snapshot_of(volume(25));
  CreateVolumeRequest r;
  r.availability_zone = "us-east-1b";
  r.snapshot_id = sid;
  EXPECT_EQ(engine_.transact(
                [&](core::TimeMs now) { return create_volume(model_, part(), r, now).size; }),
            25);
  r.size = 24;
  EXPECT_EQ(error_code([&](core::TimeMs now) { create_volume(model_, part(), r, now); }),
            "InvalidParameterValue");
  r.snapshot_id = "snap-0123456789abcdef0";
  r.size.reset();
  EXPECT_EQ(error_code([&](core::TimeMs now) { create_volume(model_, part(), r, now); }),
            "InvalidSnapshot.NotFound");
}

}  // namespace
}  // namespace cloudlife::ec2
