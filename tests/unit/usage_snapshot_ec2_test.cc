// Snapshots of the usage meter (src/usage/usage_snapshot.h) over the real EC2 model, on a frozen
// clock with realistic timing: a run that restarts its meter from a snapshot (instances and
// volumes moved to new addresses, as loading the model puts them) meters every later launch,
// stop, termination and erasure exactly as a run that never restarted.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/engine.h"
#include "ec2/ec2_model.h"
#include "usage/ec2_meter.h"
#include "usage/usage_meter.h"
#include "usage/usage_report.h"
#include "usage/usage_snapshot.h"

namespace cloudlife::usage {
namespace {

using core::kSecond;
using nlohmann::json;

const core::PartitionKey kPartition{"123456789012", "us-east-1"};

core::EngineOptions frozen_realistic() {
  core::EngineOptions o;
  o.clock_mode = core::ClockMode::kFrozen;
  o.timing = core::TimingProfileKind::kRealistic;
  o.timing_seed = 7;
  o.wall = [] { return core::TimeMs{1'795'262'400'000}; };
  return o;
}

// Records moved to new addresses, and what that noted forgotten, as a snapshot's load and
// finish_ec2_load() leave them.
template <class Map>
void move_records(Map& map) {
  std::vector<std::pair<typename Map::key_type, typename Map::mapped_type>> kept(
      std::as_const(map).begin(), std::as_const(map).end());
  map.clear();
  for (auto& [key, record] : kept) map.emplace(key, std::move(record));
  (void)map.take_erased();
  (void)map.take_noted();
}

// An EC2 model and its usage meter, observed after every change as the server does.
class Ec2Run {
 public:
  Ec2Run() : engine_(frozen_realistic()), model_(engine_), meter_(fresh_meter()) {
    engine_.with_lock([&](const core::EngineLock& held) { engine_.ids(held).reseed(42); });
    engine_.add_observer(
        [this](core::LockProof held, core::TimeMs at) { meter_->measure(held, at); });
  }

  // Launches `count` instances, each with a root volume (deleted on termination) and a data
  // volume that stays after it.
  std::vector<std::string> launch(int count, const std::string& type) {
    ec2::RunInstancesRequest r;
    r.spec.image_id = "ami-0123456789abcdef0";
    r.spec.instance_type = type;
    r.spec.availability_zone = "us-east-1a";
    ec2::BlockDeviceSpec data;
    data.device_name = "/dev/sdf";
    data.ebs = ec2::EbsSpec{};
    data.ebs->volume_size = 20;
    data.ebs->delete_on_termination = false;
    r.spec.block_devices.push_back(data);
    r.min_count = r.max_count = count;
    return engine_.transact([&](const core::EngineLock& held, core::TimeMs now) {
      std::vector<std::string> ids;
      for (const ec2::Instance& i :
           model_.run_instances(model_.partition(held, kPartition), r, now).instances) {
        ids.push_back(i.instance_id.str());
      }
      return ids;
    });
  }
  void stop(const std::string& id) {
    engine_.transact([&](const core::EngineLock& held, core::TimeMs now) {
      model_.stop_instances(model_.partition(held, kPartition), {id}, false, false, false, now);
    });
  }
  void start(const std::string& id) {
    engine_.transact([&](const core::EngineLock& held, core::TimeMs now) {
      model_.start_instances(model_.partition(held, kPartition), {id}, false, now);
    });
  }
  void terminate(const std::string& id) {
    engine_.transact([&](const core::EngineLock& held, core::TimeMs now) {
      model_.terminate_instances(model_.partition(held, kPartition), {id}, false, false, now);
    });
  }
  void advance(core::TimeMs delta) { engine_.advance(delta); }

  // The snapshot and the restart: nothing owed to the meter, the records saved, the instances and
  // volumes moved, a fresh meter loaded and the load finished at the snapshot's time.
  std::vector<json> restart() {
    return engine_.with_lock([&](const core::EngineLock& held) {
      engine_.observe_pending(held);
      std::vector<json> records;
      save_usage(held, *meter_,
                 [&](json record) { records.push_back(json::parse(record.dump())); });
      model_.for_each_partition(held, [](const core::PartitionKey&, ec2::Ec2Partition& p) {
        move_records(p.instances);
        move_records(p.volumes);
      });
      meter_ = fresh_meter();
      core::archive::Reader reader;
      for (const json& record : records) load_usage_record(held, *meter_, record, reader);
      finish_usage_load(held, *meter_, engine_.clock(held).now());
      return records;
    });
  }

  std::vector<json> save() {
    return engine_.with_lock([&](const core::EngineLock& held) {
      engine_.observe_pending(held);
      std::vector<json> records;
      save_usage(held, *meter_, [&](json record) { records.push_back(std::move(record)); });
      return records;
    });
  }
  json usage() {
    return engine_.transact([&](const core::EngineLock& held, core::TimeMs now) {
      engine_.observe_pending(held);
      UsageQuery q;
      q.group_by = "resource";
      q.priced = true;
      return usage_report(meter_->ledger(held), meter_->prices(held), q, now);
    });
  }
  json leaks() {
    return engine_.transact([&](const core::EngineLock& held, core::TimeMs) {
      engine_.observe_pending(held);
      return leaks_report(meter_->ledger(held), UsageQuery{});
    });
  }
  std::vector<std::string> check() {
    return engine_.with_lock([&](const core::EngineLock& held) { return meter_->check(held); });
  }
  const Resource* find(const std::string& type, const std::string& id) {
    return engine_.with_lock([&](const core::EngineLock& held) {
      return meter_->ledger(held).find({"ec2", kPartition.account, kPartition.region, type, id});
    });
  }

 private:
  std::unique_ptr<UsageMeter> fresh_meter() {
    auto meter = std::make_unique<UsageMeter>();
    meter->add_meter(
        UsageMeter::meter_of(model_, report_gone_ec2, meter_ec2, check_ec2, note_all_ec2));
    return meter;
  }

  core::Engine engine_;
  ec2::Ec2Model model_;
  std::unique_ptr<UsageMeter> meter_;
};

// Before the snapshot: launches, a stop, a termination (its root volume deleted, its data volume
// left as a leak), and a termination still shutting down when the snapshot is taken.
std::vector<std::string> before_snapshot(Ec2Run& run) {
  std::vector<std::string> ids = run.launch(4, "t3.micro");
  run.advance(60 * kSecond);
  run.stop(ids[1]);
  run.advance(30 * kSecond);
  run.terminate(ids[2]);
  run.advance(60 * kSecond);
  run.terminate(ids[3]);
  run.advance(2 * kSecond);
  return ids;
}

// After it: the first change terminates a running instance at once; then the one shutting down
// finishes, the stopped one starts again, another launch, and an hour later the terminated
// instances are erased.
void after_snapshot(Ec2Run& run, const std::vector<std::string>& ids) {
  run.terminate(ids[0]);
  run.advance(20 * kSecond);
  run.start(ids[1]);
  run.launch(1, "m5.large");
  run.advance(2 * 3600 * kSecond);
}

TEST(UsageSnapshotEc2, FinishingTheLoadChangesNothing) {
  Ec2Run run;
  before_snapshot(run);
  const std::vector<json> saved = run.save();
  const json usage = run.usage();
  EXPECT_EQ(run.restart(), saved);
  EXPECT_EQ(run.save(), saved);
  EXPECT_EQ(run.usage(), usage);
  EXPECT_TRUE(run.check().empty());
}

TEST(UsageSnapshotEc2, ARestartedMeterMetersLikeOneThatNeverRestarted) {
  Ec2Run straight, restarted;
  const std::vector<std::string> ids = before_snapshot(straight);
  ASSERT_EQ(before_snapshot(restarted), ids);  // the same IDs: the same seed, the same calls
  restarted.restart();
  after_snapshot(straight, ids);
  after_snapshot(restarted, ids);

  EXPECT_EQ(restarted.usage(), straight.usage());
  EXPECT_EQ(restarted.leaks(), straight.leaks());
  EXPECT_EQ(restarted.save(), straight.save());
  EXPECT_TRUE(restarted.check().empty());
  // The instance terminated right after the restart was erased an hour later: gone, not billing.
  const Resource* first = restarted.find("instance", ids[0]);
  ASSERT_NE(first, nullptr);
  EXPECT_FALSE(first->present);
  EXPECT_TRUE(first->gone_at.has_value());
  EXPECT_TRUE(first->intervals.back().end.has_value());
}

}  // namespace
}  // namespace cloudlife::usage
