// ECS snapshots: a populated model and front end (instances running, stopped, booting, being
// released, on subscription, with an automatic release time, being created and rebooting; disks,
// a snapshot, EIPs, VPCs, vSwitches, a security group, ClientTokens; two regions) saved, loaded
// into a fresh model and front end on a fresh engine (its clock and pending events restored as the
// server restores them), then: a second save gives the same records, DescribeInstances answers the
// same pages (unfiltered, by zone, by status, paged), and both go on the same way as virtual time
// passes (events fire the same, with the same IDs) and as new instances are launched.
#include "ecs/ecs_snapshot.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "../support/engine_lock_for_test.h"
#include "ecs/ecs_model.h"
#include "ecs/ecs_service.h"
#include "ecs_test_values.h"

namespace cloudlife::ecs {
namespace {

using nlohmann::json;

const std::string kOtherRegion = "cn-shanghai";

core::EngineOptions frozen_options() {
  return core::EngineOptions{core::ClockMode::kFrozen, core::TimingProfileKind::kInstant, 1,
                             [] { return kStart; }};
}

// One engine with its ECS model and front end.
struct Cloud {
  Cloud() : engine(frozen_options()), model(engine), service(engine, model) {}

  EcsPartition& scope(const std::string& region = kRegion) {
    return model.partition(core::test_lock(), {kAccount, region});
  }
  core::TimeMs now() { return engine.clock(core::test_lock()).now(); }

  std::vector<json> save() {
    std::vector<json> records;
    save_ecs(core::test_lock(), model, service, [&records](json r) { records.push_back(r); });
    return records;
  }

  // The DescribeInstances page of `filter` at `page`, as comparable text.
  json describe(InstanceFilter filter, const PageRequest& page = {}) {
    if (filter.region_id.empty()) filter.region_id = kRegion;
    const InstancePage out = engine.transact([&](core::TimeMs t) {
      return model.describe_instances(scope(filter.region_id), filter, page, t);
    });
    json items = json::array();
    for (const Instance& i : out.instances) {
      items.push_back({i.instance_id, i.status, i.zone_id, i.private_ip, i.public_ip,
                       i.eip_allocation_id, i.eip_ip_address, i.start_time, i.stopped_mode,
                       i.expired_time ? *i.expired_time : -1,
                       i.auto_release_time ? *i.auto_release_time : -1, i.operation_locks.size(),
                       i.system_disk_id, i.data_disk_ids});
    }
    return {{"items", items},
            {"total", out.page.total_count},
            {"number", out.page.page_number},
            {"size", out.page.page_size},
            {"next", out.page.next_token}};
  }

  // The pending events as comparable text (IDs, dues, kinds, partitions, subjects, arguments).
  json pending() {
    json out = json::array();
    for (const core::PendingEvent& e : engine.scheduler().pending_events()) {
      out.push_back({e.id, e.due, e.event.kind.index, e.event.part.account, e.event.part.region,
                     e.event.subject, e.event.args});
    }
    return out;
  }

  core::Engine engine;
  EcsModel model;
  EcsService service;
};

// What the two clouds answer, for one comparison.
json answers(Cloud& c) {
  json out = json::object();
  out["dump"] = c.model.dump(core::test_lock(), c.now());
  out["pending"] = c.pending();
  out["all"] = c.describe({});
  InstanceFilter other;
  other.region_id = kOtherRegion;
  out["other-region"] = c.describe(other);
  for (const char* status : {"Pending", "Starting", "Running", "Stopping", "Stopped"}) {
    InstanceFilter f;
    f.status = status;
    out[std::string("status-") + status] = c.describe(f);
    f.zone_id = "cn-hangzhou-i";
    out[std::string("zone-status-") + status] = c.describe(f);
  }
  InstanceFilter zone;
  zone.zone_id = "cn-hangzhou-i";
  out["zone"] = c.describe(zone);
  InstanceFilter prepaid;
  prepaid.instance_charge_type = "PrePaid";
  out["prepaid"] = c.describe(prepaid);
  for (long long n = 1; n <= 4; ++n) {
    PageRequest page;
    page.page_number = n;
    page.page_size = 3;
    out["page-" + std::to_string(n)] = c.describe({}, page);
  }
  PageRequest tokens;
  tokens.token_mode = true;
  tokens.page_size = 4;
  json first = c.describe({}, tokens);
  tokens.next_token = first["next"].get<std::string>();
  out["token-1"] = first;
  out["token-2"] = c.describe({}, tokens);
  return out;
}

class EcsSnapshotTest : public ::testing::Test {
 protected:
  EcsSnapshotTest() {
    a_.engine.timing().set_override("pending", 20 * core::kSecond);
    a_.engine.timing().set_override("stopping", 30 * core::kSecond);
    a_.engine.timing().set_override("shutting-down-forced", 10 * core::kSecond);
    a_.engine.timing().set_override("rebooting", 20 * core::kSecond);
    b_.engine.timing().set_override("pending", 20 * core::kSecond);
    b_.engine.timing().set_override("stopping", 30 * core::kSecond);
    b_.engine.timing().set_override("shutting-down-forced", 10 * core::kSecond);
    b_.engine.timing().set_override("rebooting", 20 * core::kSecond);
  }

  template <class F>
  decltype(auto) tx(F&& f) {
    return a_.engine.transact(std::forward<F>(f));
  }

  std::string launch(LaunchRequest req = {}) {
    req.region_id = req.region_id.empty() ? kRegion : req.region_id;
    req.image_id = "aliyun_3_x64";
    req.instance_type = "ecs.g7.large";
    if (req.region_id == kRegion) {
      req.vswitch_id = vswitch_;
      req.security_group_ids = {sg_};
    }
    return tx([&](core::TimeMs now) { return a_.model.launch(a_.scope(req.region_id), req, now); })
        .front();
  }

  // Populates the first cloud: every kind of state the snapshot must carry.
  void populate() {
    tx([&](core::TimeMs now) {
      CreateVpcRequest v;
      v.region_id = kRegion;
      v.cidr_block = "192.168.0.0/16";
      vpc_ = a_.model.create_vpc(a_.scope(), v, now).vpc_id;
      CreateVSwitchRequest s;
      s.region_id = kRegion;
      s.vpc_id = vpc_;
      s.zone_id = "cn-hangzhou-i";
      s.cidr_block = "192.168.1.0/24";
      vswitch_ = a_.model.create_vswitch(a_.scope(), s, now).vswitch_id;
      CreateSecurityGroupRequest g;
      g.region_id = kRegion;
      g.vpc_id = vpc_;
      sg_ = a_.model.create_security_group(a_.scope(), g, now).security_group_id;
      a_.model.create_default_vpc(a_.scope(kOtherRegion), now);
    });
    LaunchRequest with_disks;
    with_disks.internet_max_bandwidth_out = 5;
    DiskSpec stays;
    stays.delete_with_instance = false;
    with_disks.data_disks = {stays};
    running_ = launch(with_disks);
    stopped_ = launch();
    released_ = launch();
    LaunchRequest prepaid;
    prepaid.charge_type = ChargeType::kPrePaid;
    prepaid.period = 1;
    prepaid.period_unit = "Month";
    prepaid_ = launch(prepaid);
    rebooting_ = launch();
    auto_released_ = launch();
    a_.engine.advance(25 * core::kSecond);  // past the boots
    tx([&](core::TimeMs now) {
      a_.model.stop_instances(a_.scope(), {stopped_}, {}, BatchMode::kAllTogether, false, now);
      a_.model.modify_auto_release_time(a_.scope(), auto_released_,
                                        core::format_iso8601_s(now + 2 * core::kHour), now);
      const EipAddress eip = a_.model.allocate_eip(a_.scope(), 10, "PayByTraffic", now);
      a_.model.associate_eip(a_.scope(), eip.allocation_id, auto_released_, now);
      a_.model.allocate_eip(a_.scope(), 5, "PayByBandwidth", now);
      const Instance r = a_.model.describe_instance(a_.scope(), running_, now);
      a_.model.create_snapshot(a_.scope(), r.system_disk_id, "snap", "", "user", now);
      CreateDiskRequest d;
      d.region_id = kRegion;
      d.zone_id = "cn-hangzhou-i";
      d.spec.size_gib = 50;
      a_.model.create_disk(a_.scope(), d, now);
    });
    a_.engine.advance(31 * core::kSecond);  // the stop settles
    tx([&](core::TimeMs now) {
      a_.model.reboot_instances(a_.scope(), {rebooting_}, false, BatchMode::kAllTogether, false,
                                now);
      a_.model.delete_instances(a_.scope(), {released_}, {true, false}, false, now);
    });
    booting_ = launch();
    LaunchRequest create;
    create.start = false;
    created_ = launch(create);
    LaunchRequest elsewhere;
    elsewhere.region_id = kOtherRegion;
    elsewhere.internet_max_bandwidth_out = 1;
    other_ = launch(elsewhere);
    a_.engine.advance(5 * core::kSecond);  // mid-boot, mid-reboot, mid-release
    auto& tokens = a_.service.tokens(core::test_lock());
    tokens["123456789012\nRunInstances\ntoken-1"] = {"fp-1", true, json{{"InstanceIdSets", 1}}};
    tokens["123456789012\nCreateDisk\ntoken-2"] = {"fp-2", false, json(nullptr)};
  }

  // Loads the first cloud's records into the second, as a restart from the snapshot would.
  std::vector<json> restore() {
    const std::vector<json> records = a_.save();
    b_.engine.clock(core::test_lock()).set_to(a_.now());
    b_.engine.scheduler().restore_pending(a_.engine.scheduler().pending_events(),
                                          a_.engine.scheduler().next_id());
    core::archive::Reader reader;
    for (const json& r : records)
      load_ecs_record(core::test_lock(), b_.model, b_.service, r, reader);
    finish_ecs_load(core::test_lock(), b_.model, b_.now());
    return records;
  }

  Cloud a_;
  Cloud b_;
  std::string vpc_, vswitch_, sg_;
  std::string running_, stopped_, released_, prepaid_, rebooting_, auto_released_, booting_,
      created_, other_;
};

TEST_F(EcsSnapshotTest, PopulatedStateHasEveryKindOfInstance) {
  populate();
  InstanceFilter f;
  f.instance_ids = std::vector<std::string>{running_,   stopped_, released_, prepaid_,
                                            rebooting_, booting_, created_,  auto_released_};
  const json page = a_.describe(f);
  std::map<std::string, std::string> status;
  for (const json& i : page["items"]) status[i[0].get<std::string>()] = i[1].get<std::string>();
  EXPECT_EQ(status[running_], "Running");
  EXPECT_EQ(status[stopped_], "Stopped");
  EXPECT_FALSE(status.contains(released_));  // its release settles later: the record stays
  EXPECT_EQ(status[prepaid_], "Running");
  EXPECT_EQ(status[rebooting_], "Stopping");
  EXPECT_EQ(status[booting_], "Pending");
  EXPECT_EQ(status[created_], "Pending");
  EXPECT_EQ(status[auto_released_], "Running");
  EXPECT_TRUE(std::as_const(a_.scope().instances).contains(released_));
  EXPECT_GE(a_.pending().size(), 5u);
}

TEST_F(EcsSnapshotTest, RecordsAreSectionedAndBounded) {
  populate();
  const std::vector<json> records = a_.save();
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.front()["s"], "ecs.model");
  std::set<json> partitions;
  for (const json& r : records) {
    if (r["s"] == "ecs") partitions.insert(r["k"]);
    if (r.contains("i")) {
      EXPECT_LE(r["i"].size(), core::archive::kChunkItems);
    }
    EXPECT_EQ(r.dump().find("\"listed\""), std::string::npos);  // derived: never saved
  }
  EXPECT_EQ(partitions, (std::set<json>{json::array({kAccount, kRegion}),
                                        json::array({kAccount, kOtherRegion})}));
  EXPECT_EQ(records.back()["s"], "ecs.tokens");
  EXPECT_EQ(records.back()["i"].size(), 2u);
}

TEST_F(EcsSnapshotTest, LoadedStateSavesTheSameRecordsAndAnswersTheSame) {
  populate();
  const std::vector<json> saved = restore();
  EXPECT_EQ(b_.save(), saved);
  EXPECT_EQ(answers(b_), answers(a_));
  // Loading is no change: the tracked maps have nothing noted or erased.
  b_.model.for_each_partition(core::test_lock(), [](const core::PartitionKey&, EcsPartition& p) {
    EXPECT_TRUE(p.instances.take_erased().empty());
    const auto noted = p.instances.take_noted();
    EXPECT_FALSE(noted.all);
    EXPECT_TRUE(noted.records.empty());
    EXPECT_TRUE(p.disks.take_noted().records.empty());
    EXPECT_FALSE(p.eips.take_noted().all);
    EXPECT_TRUE(p.snapshots.take_erased().empty());
  });
}

TEST_F(EcsSnapshotTest, LoadedStateGoesOnTheSameAsTimePasses) {
  populate();
  restore();
  for (core::TimeMs step : {core::TimeMs{2 * core::kSecond}, core::TimeMs{5 * core::kSecond},
                            core::TimeMs{15 * core::kSecond}, core::TimeMs{core::kMinute},
                            core::TimeMs{3 * core::kHour}, core::TimeMs{40 * core::kDay},
                            core::TimeMs{20 * core::kDay}}) {
    a_.engine.advance(step);
    b_.engine.advance(step);
    SCOPED_TRACE(step);
    EXPECT_EQ(answers(b_), answers(a_));
    EXPECT_EQ(b_.save(), a_.save());
  }
}

TEST_F(EcsSnapshotTest, LoadedStateLaunchesInTheSameOrderWithTheSameAddresses) {
  populate();
  restore();
  LaunchRequest req;
  req.region_id = kRegion;
  req.image_id = "aliyun_3_x64";
  req.instance_type = "ecs.g7.large";
  req.vswitch_id = vswitch_;
  req.security_group_ids = {sg_};
  req.internet_max_bandwidth_out = 5;
  for (Cloud* c : {&a_, &b_}) {
    const std::string id =
        c->engine.transact([&](core::TimeMs now) { return c->model.launch(c->scope(), req, now); })
            .front();
    const json all = c->describe({});
    ASSERT_FALSE(all["items"].empty());
    EXPECT_EQ(all["items"].back()[0], id);  // listed last: the launch sequence went on
  }
  // The same addresses drawn (instance IDs come from the engine's ID sequence, not restored here).
  const json a_last = a_.describe({})["items"].back();
  const json b_last = b_.describe({})["items"].back();
  EXPECT_EQ(b_last[3], a_last[3]);  // private IP: the vSwitch's used addresses
  EXPECT_EQ(b_last[4], a_last[4]);  // public IP: the model's address counter
}

TEST_F(EcsSnapshotTest, MalformedOrForeignRecordsThrow) {
  core::archive::Reader reader;
  EXPECT_ANY_THROW(load_ecs_record(core::test_lock(), b_.model, b_.service,
                                   json{{"s", "ec2"}, {"f", json::object()}}, reader));
  EXPECT_ANY_THROW(
      load_ecs_record(core::test_lock(), b_.model, b_.service, json{{"s", "ecs"}}, reader));
  EXPECT_ANY_THROW(load_ecs_record(core::test_lock(), b_.model, b_.service,
                                   json{{"s", "ecs.tokens"}, {"i", json::array({1})}}, reader));
}

}  // namespace
}  // namespace cloudlife::ecs
