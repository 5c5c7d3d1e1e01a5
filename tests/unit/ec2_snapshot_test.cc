// Units for EC2's part of a snapshot (ec2/ec2_snapshot.h): a model saved and loaded into a fresh
// one saves to the same records, keeps the iteration order of its unordered maps, and, with the
// scheduler's pending events carried over, moves on exactly as the original when time passes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/engine.h"
#include "core/state_archive.h"
#include "ec2/ec2_model.h"
#include "ec2/ec2_snapshot.h"
#include "ec2/volumes.h"
#include "support/engine_lock_for_test.h"

namespace cloudlife::ec2 {
namespace {

using nlohmann::json;

core::EngineOptions snapshot_test_clock() {
  core::EngineOptions o;
  o.clock_mode = core::ClockMode::kFrozen;
  o.timing = core::TimingProfileKind::kRealistic;
  o.wall = [] { return core::TimeMs{1'795'262'400'000}; };
  return o;
}

const core::PartitionKey kSnapshotKey{"123456789012", "us-east-1"};

struct SnapshotWorld {
  core::Engine engine{snapshot_test_clock()};
  Ec2Model model{engine};

  Ec2Partition& part() { return model.partition(core::test_lock(), kSnapshotKey); }

  std::vector<json> save() {
    std::vector<json> records;
    engine.with_lock([&](const core::EngineLock& held) {
      save_ec2(held, model, [&](json r) { records.push_back(std::move(r)); });
    });
    return records;
  }

  // Loads `records` and takes over `from`'s pending events and clock.
  void load(const std::vector<json>& records, SnapshotWorld& from) {
    core::archive::Reader reader;
    engine.with_lock([&](const core::EngineLock& held) {
      for (const json& r : records) ASSERT_TRUE(load_ec2_record(held, model, r, reader));
      finish_ec2_load(held, model);
      engine.clock(held).restore(core::ClockMode::kFrozen, from.now());
    });
    engine.scheduler().restore_pending(from.engine.scheduler().pending_events(),
                                       from.engine.scheduler().next_id());
  }

  core::TimeMs now() {
    return engine.with_lock([&](const core::EngineLock& held) { return engine.clock(held).now(); });
  }

  std::vector<std::string> instance_order() {
    std::vector<std::string> ids;
    for (const auto& [id, inst] : std::as_const(part().instances)) ids.push_back(id.str());
    return ids;
  }
};

// A partition with instances in several states, transitions pending, and volumes.
void populate_partition(SnapshotWorld& w) {
  RunInstancesRequest run;
  run.spec.image_id = "ami-0123456789abcdef0";
  run.spec.instance_type = "t3.micro";
  run.spec.availability_zone = "us-east-1a";
  run.min_count = 1;
  run.max_count = 40;
  std::vector<std::string> ids;
  w.engine.transact([&](core::TimeMs now) {
    for (const Instance& i : w.model.run_instances(w.part(), run, now).instances) {
      ids.push_back(i.instance_id.str());
    }
  });
  w.engine.advance(60'000);
  w.engine.transact([&](core::TimeMs now) {
    w.model.stop_instances(w.part(), {ids[0], ids[1]}, false, false, false, now);
    w.model.terminate_instances(w.part(), {ids[2]}, false, false, now);
    CreateVolumeRequest volume;
    volume.availability_zone = "us-east-1a";
    volume.size = 12;
    create_volume(w.model, w.part(), volume, now);
  });
}

TEST(Ec2Snapshot, ALoadedModelSavesTheSameRecordsAndKeepsItsOrder) {
  SnapshotWorld original;
  populate_partition(original);
  const std::vector<json> records = original.save();
  ASSERT_GT(records.size(), 2u);
  EXPECT_EQ(records.back().at("s"), "ec2.model");

  SnapshotWorld copy;
  copy.load(records, original);
  EXPECT_EQ(copy.save(), records);
  EXPECT_EQ(copy.instance_order(), original.instance_order());
}

TEST(Ec2Snapshot, ALoadedModelMovesOnAsTheOriginalWhenTimePasses) {
  SnapshotWorld original;
  populate_partition(original);
  SnapshotWorld copy;
  copy.load(original.save(), original);
  for (core::TimeMs step : {1'000, 30'000, 3'600'000}) {
    original.engine.advance(step);
    copy.engine.advance(step);
    EXPECT_EQ(copy.save(), original.save()) << "after " << step << " ms more";
  }
  EXPECT_EQ(copy.engine.scheduler().pending(), original.engine.scheduler().pending());
}

}  // namespace
}  // namespace cloudlife::ec2
