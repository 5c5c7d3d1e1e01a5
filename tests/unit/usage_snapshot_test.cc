// Snapshots of the usage meter (src/usage/usage_snapshot.h), on a small model of its own: VMs in a
// core::TrackedMap, each billing instance seconds and a disk, metered the way the cloud meters do.
// A run that restarts from a snapshot (its records moved to new addresses, as loading puts them,
// and a fresh meter loaded from the records) must meter every later change as a run that never
// restarted does.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/tracked_map.h"
#include "support/engine_lock_for_test.h"
#include "usage/meter_changes.h"
#include "usage/usage_meter.h"
#include "usage/usage_report.h"
#include "usage/usage_snapshot.h"

namespace cloudlife::usage {
namespace {

using core::kSecond;
using nlohmann::json;

struct FakeVm {
  std::string id;
  bool running = true;
  core::TimeMs since = 0;    // of the current state
  core::TimeMs created = 0;  // its disk bills from then
  std::string type = "t3.micro";
  double disk_gib = 8;
};

struct FakeCloud {
  core::TrackedMap<std::map<std::string, FakeVm>> vms;
};

std::uint64_t fingerprint_of(const FakeVm& vm) {
  return Fingerprint().add(vm.running).add(vm.since).add(vm.type).add(vm.disk_gib).value();
}

void meter_vm(const FakeVm& vm, Ledger& ledger, core::TimeMs now) {
  const std::uint64_t fingerprint = fingerprint_of(vm);
  if (ledger.unchanged(&vm, vm.id, fingerprint)) return;
  Observation o;
  o.key = {"ec2", "123456789012", "us-east-1", "instance", vm.id};
  o.rule = Rule::kEc2InstanceSeconds;
  o.billable = vm.running;
  o.since = vm.since;
  o.sku = vm.type;
  o.tags = {{"team", vm.id.substr(0, 1)}};
  ledger.see(o, now);
  Observation disk;
  disk.key = {"ec2", "123456789012", "us-east-1", "volume", "vol-" + vm.id};
  disk.rule = Rule::kGibSeconds;
  disk.billable = true;
  disk.since = vm.created;
  disk.sku = "gp3";
  disk.size_gib = vm.disk_gib;
  disk.holder = vm.id;
  if (!vm.running) disk.leak_reason = "its VM is stopped";
  ledger.see(disk, now);
  ledger.remember(&vm, vm.id, fingerprint, {&o.key, &disk.key}, now);
}

void report_gone_fake(core::LockProof, FakeCloud& cloud, Ledger& ledger, core::TimeMs now) {
  report_erased(ledger, now, cloud.vms);
}

void meter_fake(core::LockProof, FakeCloud& cloud, Ledger& ledger, core::TimeMs now) {
  meter_noted(cloud.vms, [&](const FakeVm& vm) { meter_vm(vm, ledger, now); });
}

void check_fake(core::LockProof, FakeCloud& cloud, const Ledger& ledger, MeterCheck& check) {
  for (const auto& [id, vm] : std::as_const(cloud.vms)) {
    check.visit(ledger, &vm, vm.id, fingerprint_of(vm));
  }
}

void note_all_fake(core::LockProof, FakeCloud& cloud) {
  cloud.vms.note_all();
}

// A price book of `count` facts (more than a record holds).
PriceBook many_prices(int count) {
  json facts = json::array();
  for (int k = 0; k < count; ++k) {
    facts.push_back({{"cloud", "ec2"},
                     {"region", "us-east-1"},
                     {"type", "instance"},
                     {"sku", "x" + std::to_string(k) + ".large"},
                     {"amount", 0.01 * k},
                     {"per", "hour"},
                     {"source", "test"},
                     {"date", "2026-11-28"}});
  }
  facts.push_back({{"cloud", "ec2"},
                   {"region", "us-east-1"},
                   {"type", "instance"},
                   {"sku", "t3.micro"},
                   {"amount", 0.0104},
                   {"per", "hour"},
                   {"source", "test"},
                   {"date", "2026-11-28"}});
  return PriceBook::from_json({{"currency", "EUR"}, {"facts", facts}});
}

// One cloud and its meter; a pass after every change, as the engine's observer runs them.
class MeteredRun {
 public:
  MeteredRun() : meter_(fresh_meter()) {}

  void launch(const std::string& id, core::TimeMs at) {
    cloud_.vms.try_emplace(id, FakeVm{id, true, at, at, "t3.micro", 8});
    pass(at);
  }
  void stop(const std::string& id, core::TimeMs at) { change(id, at, false, ""); }
  void start(const std::string& id, core::TimeMs at) { change(id, at, true, ""); }
  void resize(const std::string& id, const std::string& type, core::TimeMs at) {
    change(id, at, cloud_.vms.at(id).running, type);
  }
  void erase(const std::string& id, core::TimeMs at) {
    cloud_.vms.erase(id);
    pass(at);
  }
  void set_prices(PriceBook book) { meter_->set_prices(held(), std::move(book)); }

  std::vector<json> save() const {
    std::vector<json> records;
    save_usage(held(), *meter_,
               [&](json record) { records.push_back(json::parse(record.dump())); });
    return records;
  }

  // A restart: every VM comes back at a new address, and the model's load forgets what it noted
  // (as finish_ec2_load does), and a fresh meter loads `records`. Finishes the load unless told
  // not.
  void restart_from(const std::vector<json>& records, core::TimeMs now, bool finish = true) {
    std::vector<std::pair<std::string, FakeVm>> kept(std::as_const(cloud_.vms).begin(),
                                                     std::as_const(cloud_.vms).end());
    const std::vector<std::unique_ptr<FakeVm>> elsewhere(kept.size() / 2 + 1);  // shifts the heap
    cloud_.vms.clear();
    for (auto& [id, vm] : kept) cloud_.vms.emplace(id, std::move(vm));
    (void)cloud_.vms.take_erased();
    (void)cloud_.vms.take_noted();
    meter_ = fresh_meter();
    core::archive::Reader reader;
    for (const json& record : records) load_usage_record(held(), *meter_, record, reader);
    if (finish) this->finish(now);
  }
  void finish(core::TimeMs now) { finish_usage_load(held(), *meter_, now); }

  json usage(core::TimeMs now) const {
    UsageQuery q;
    q.group_by = "resource";
    q.priced = true;
    return usage_report(meter_->ledger(held()), meter_->prices(held()), q, now);
  }
  json leaks() const { return leaks_report(meter_->ledger(held()), UsageQuery{}); }
  const Ledger& ledger() const { return meter_->ledger(held()); }
  std::vector<std::string> check() const { return meter_->check(held()); }
  std::size_t vms() const { return cloud_.vms.size(); }

 private:
  static core::LockProof held() { return core::test_lock(); }
  std::unique_ptr<UsageMeter> fresh_meter() {
    auto meter = std::make_unique<UsageMeter>();
    meter->add_meter(
        UsageMeter::meter_of(cloud_, report_gone_fake, meter_fake, check_fake, note_all_fake));
    return meter;
  }
  void change(const std::string& id, core::TimeMs at, bool running, const std::string& type) {
    FakeVm& vm = cloud_.vms.at(id);
    if (vm.running != running) vm.since = at;
    vm.running = running;
    if (!type.empty()) vm.type = type;
    pass(at);
  }
  void pass(core::TimeMs at) { meter_->measure(held(), at); }

  FakeCloud cloud_;
  std::unique_ptr<UsageMeter> meter_;
};

constexpr core::TimeMs kSnapshotAt = 100 * kSecond;

// What happens before the snapshot: launches, a stop, a resize, an erasure, many VMs (more
// resources than a record holds), and prices of a team's own (more facts than a record holds).
void before_snapshot(MeteredRun& run) {
  run.set_prices(many_prices(300));
  run.launch("a", 0);
  run.launch("b", 0);
  run.launch("c", 0);
  run.stop("b", 30 * kSecond);
  run.resize("c", "m5.large", 45 * kSecond);
  for (int k = 0; k < 300; ++k) run.launch("d" + std::to_string(k), 50 * kSecond);
  run.erase("c", 70 * kSecond);
  run.launch("e", 80 * kSecond);
}

// What happens after it: the first change erases a VM at the very time of the restart.
void after_snapshot(MeteredRun& run) {
  run.erase("a", kSnapshotAt);
  run.stop("d0", kSnapshotAt + kSecond);
  run.start("b", 120 * kSecond);
  run.erase("d1", 130 * kSecond);
  run.launch("c", 130 * kSecond);  // the same ID again: a new VM
  // New slots, enough for the resources' table to grow.
  for (int k = 0; k < 300; ++k) run.launch("f" + std::to_string(k), 135 * kSecond);
  run.resize("e", "m5.large", 140 * kSecond);
  run.erase("b", 150 * kSecond);
}

TEST(UsageSnapshot, RecordsAreBoundedAndNamed) {
  MeteredRun run;
  before_snapshot(run);
  const std::vector<json> records = run.save();
  ASSERT_GE(records.size(), 5u);  // head, two of prices, three of resources
  EXPECT_EQ(records.front()["r"], "head");
  EXPECT_EQ(records.front()["currency"], "EUR");
  std::size_t resources = 0, facts = 0;
  for (const json& record : records) {
    EXPECT_EQ(record["s"], "usage");
    if (record["r"] == "resources") {
      EXPECT_LE(record["items"].size(), core::archive::kChunkItems);
      resources += record["items"].size();
    } else if (record["r"] == "prices") {
      EXPECT_LE(record["facts"].size(), core::archive::kChunkItems);
      facts += record["facts"].size();
    }
  }
  EXPECT_EQ(resources, run.ledger().resources().size());
  EXPECT_EQ(facts, 301u);
}

// The pass that finishes the load rebuilds the memos and changes nothing: a second save equals
// the first, resources keep their iteration order, every VM agrees with its memo.
TEST(UsageSnapshot, FinishingTheLoadChangesNothing) {
  MeteredRun run;
  before_snapshot(run);
  const std::vector<json> saved = run.save();
  std::vector<std::string> order_before;
  for (const auto& [slot, r] : run.ledger().resources()) order_before.push_back(slot);
  const json usage_before = run.usage(kSnapshotAt);
  const json leaks_before = run.leaks();

  run.restart_from(saved, kSnapshotAt);
  EXPECT_EQ(run.save(), saved);
  std::vector<std::string> order_after;
  for (const auto& [slot, r] : run.ledger().resources()) order_after.push_back(slot);
  EXPECT_EQ(order_after, order_before);
  EXPECT_EQ(run.usage(kSnapshotAt), usage_before);
  EXPECT_EQ(run.leaks(), leaks_before);
  EXPECT_TRUE(run.check().empty());
  EXPECT_EQ(run.ledger().live_objects(), run.vms());
}

// Every later change is metered as by a run that never restarted: the VM erased at the restart
// closes its resources then, unchanged VMs open and close nothing.
TEST(UsageSnapshot, ARestartedRunMetersLikeOneThatNeverRestarted) {
  MeteredRun straight, restarted;
  before_snapshot(straight);
  before_snapshot(restarted);
  restarted.restart_from(restarted.save(), kSnapshotAt);
  after_snapshot(straight);
  after_snapshot(restarted);

  const core::TimeMs later = 200 * kSecond;
  EXPECT_EQ(restarted.usage(later), straight.usage(later));
  EXPECT_EQ(restarted.leaks(), straight.leaks());
  EXPECT_EQ(restarted.save(), straight.save());
  EXPECT_TRUE(restarted.check().empty());
  const Resource* a =
      restarted.ledger().find({"ec2", "123456789012", "us-east-1", "instance", "a"});
  ASSERT_NE(a, nullptr);
  EXPECT_FALSE(a->present);
  EXPECT_EQ(a->gone_at, kSnapshotAt);
  EXPECT_EQ(a->intervals.back().end, kSnapshotAt);
}

// Why the load has a finishing pass: without it the ledger remembers no object (an object erased
// after the restart would keep billing), which the check of the meters reports.
TEST(UsageSnapshot, WithoutTheFinishingPassNoObjectIsRemembered) {
  MeteredRun run;
  before_snapshot(run);
  run.restart_from(run.save(), kSnapshotAt, /*finish=*/false);
  EXPECT_EQ(run.check().size(), run.vms() + 1);  // every VM, and the count of memos
  EXPECT_EQ(run.ledger().live_objects(), 0u);
  run.finish(kSnapshotAt);
  EXPECT_TRUE(run.check().empty());
}

TEST(UsageSnapshot, FinishingNeedsEveryCloudMeterToNoteAll) {
  FakeCloud cloud;
  UsageMeter meter;
  meter.add_meter(UsageMeter::meter_of(cloud, report_gone_fake, meter_fake, check_fake));
  EXPECT_THROW(finish_usage_load(core::test_lock(), meter, 0), std::logic_error);
}

TEST(UsageSnapshot, RefusesMalformedRecords) {
  UsageMeter meter;
  core::archive::Reader reader;
  const core::LockProof held = core::test_lock();
  EXPECT_THROW(load_usage_record(held, meter, {{"s", "usage"}, {"r", "what"}}, reader),
               std::exception);
  EXPECT_FALSE(load_usage_record(held, meter, {{"s", "ec2"}, {"r", "head"}}, reader));
  EXPECT_THROW(load_usage_record(held, meter, {{"s", "usage"}, {"r", "head"}}, reader),
               std::exception);
  EXPECT_THROW(
      load_usage_record(held, meter, {{"s", "usage"}, {"r", "resources"}, {"items", {{{"x", 1}}}}},
                        reader),
      std::exception);
  const json one = {{"key", {{"cloud", "ec2"}, {"type", "volume"}, {"id", "vol-1"}}}};
  EXPECT_THROW(
      load_usage_record(held, meter, {{"s", "usage"}, {"r", "resources"}, {"items", {one, one}}},
                        reader),
      std::exception);
  EXPECT_THROW(load_usage_record(
                   held, meter, {{"s", "usage"}, {"r", "prices"}, {"facts", {{{"x", 1}}}}}, reader),
               std::exception);
}

}  // namespace
}  // namespace cloudlife::usage
