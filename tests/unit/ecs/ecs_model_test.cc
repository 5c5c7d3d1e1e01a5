// The ECS model's rules on a frozen virtual clock: lifecycle, release, protection, scheduled
// release, subscriptions, disks and addresses on release.
#include "ecs/ecs_model.h"
#include "ecs_test_values.h"

#include <gtest/gtest.h>

#include "../support/engine_lock_for_test.h"
#include "ecs/ecs_errors.h"

namespace cloudlife::ecs {
namespace {

class EcsModelTest : public ::testing::Test {
 protected:
  EcsModelTest()
      : engine_(core::EngineOptions{core::ClockMode::kFrozen, core::TimingProfileKind::kInstant, 1,
                                    [] { return kStart; }}),
        model_(engine_) {}

  // The partition the requests of these tests address (engine lock held).
  EcsPartition& scope() { return model_.partition(core::test_lock(), {kAccount, kRegion}); }

  template <class F>
  decltype(auto) tx(F&& f) {
    return engine_.transact(std::forward<F>(f));
  }

  std::string launch(LaunchRequest req = {}) {
    if (req.region_id.empty()) req.region_id = "cn-hangzhou";
    if (req.image_id.empty()) req.image_id = "aliyun_3_x64";
    if (req.instance_type.empty()) req.instance_type = "ecs.g7.large";
    return tx([&](core::TimeMs now) { return model_.launch(scope(), req, now); }).front();
  }

  std::string status(const std::string& id) {
    InstanceFilter f;
    f.region_id = "cn-hangzhou";
    f.instance_ids = std::vector<std::string>{id};
    auto page =
        tx([&](core::TimeMs now) { return model_.describe_instances(scope(), f, {}, now); });
    return page.instances.empty() ? "" : page.instances.front().status;
  }

  std::string error_code(const std::function<void(core::TimeMs)>& f) {
    try {
      tx(f);
    } catch (const core::ServiceError& e) {
      return e.code();
    }
    return "";
  }

  void release(const std::vector<std::string>& ids, bool force = false, bool terminate = false) {
    tx([&](core::TimeMs now) {
      model_.delete_instances(scope(), ids, {force, terminate}, false, now);
    });
  }

  void stop(const std::string& id) {
    tx([&](core::TimeMs now) {
      model_.stop_instances(scope(), {id}, {}, BatchMode::kAllTogether, false, now);
    });
  }

  std::vector<Disk> disks() {
    DiskFilter f;
    f.region_id = "cn-hangzhou";
    PageRequest page;
    page.page_size = 100;
    return tx([&](core::TimeMs now) { return model_.describe_disks(scope(), f, page, now); }).disks;
  }

  core::Engine engine_;
  EcsModel model_;
};

TEST_F(EcsModelTest, RunInstancesBootsThroughPendingAndStartingUnderRealisticTiming) {
  engine_.timing().set_override("pending", 20 * core::kSecond);
  const std::string id = launch();
  EXPECT_EQ(status(id), "Pending");
  engine_.advance(10 * core::kSecond);
  EXPECT_EQ(status(id), "Starting");
  engine_.advance(10 * core::kSecond);
  EXPECT_EQ(status(id), "Running");
}

TEST_F(EcsModelTest, CreateInstanceLeavesTheInstanceStopped) {
  LaunchRequest req;
  req.start = false;
  const std::string id = launch(req);
  EXPECT_EQ(status(id), "Stopped");
  tx([&](core::TimeMs now) {
    model_.start_instances(scope(), {id}, BatchMode::kAllTogether, false, now);
  });
  EXPECT_EQ(status(id), "Running");
}

TEST_F(EcsModelTest, StopStartAndIllegalTransitions) {
  const std::string id = launch();
  EXPECT_EQ(error_code([&](core::TimeMs now) {
              model_.start_instances(scope(), {id}, BatchMode::kAllTogether, false, now);
            }),
            "IncorrectInstanceStatus");
  stop(id);
  EXPECT_EQ(status(id), "Stopped");
  EXPECT_EQ(error_code([&](core::TimeMs now) {
              model_.stop_instances(scope(), {id}, {}, BatchMode::kAllTogether, false, now);
            }),
            "IncorrectInstanceStatus");
}

TEST_F(EcsModelTest, ReleasedInstanceIsGoneAndNotFound) {
  const std::string id = launch();
  EXPECT_EQ(
      error_code([&](core::TimeMs now) { model_.delete_instances(scope(), {id}, {}, false, now); }),
      "IncorrectInstanceStatus");
  release({id}, /*force=*/true);
  EXPECT_EQ(status(id), "");
  EXPECT_EQ(error_code([&](core::TimeMs now) { model_.describe_instance(scope(), id, now); }),
            "InvalidInstanceId.NotFound");
  EXPECT_EQ(error_code([&](core::TimeMs now) {
              model_.delete_instances(scope(), {id}, {true, false}, false, now);
            }),
            "InvalidInstanceId.NotFound");
}

TEST_F(EcsModelTest, ReleaseDeletesSystemAndDeleteWithInstanceDisksOnly) {
  LaunchRequest req;
  DiskSpec goes;
  goes.size_gib = 100;
  DiskSpec stays;
  stays.size_gib = 50;
  stays.delete_with_instance = false;
  req.data_disks = {goes, stays};
  const std::string id = launch(req);
  ASSERT_EQ(disks().size(), 3u);
  release({id}, true);
  const auto left = disks();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].size_gib, 50);
  EXPECT_EQ(left[0].status, "Available");
  EXPECT_EQ(left[0].instance_id, "");
}

TEST_F(EcsModelTest, AutoSnapshotsGoWithTheDiskOnlyWhenDeleteAutoSnapshotIsSet) {
  LaunchRequest req;
  DiskSpec data;
  data.size_gib = 100;
  req.data_disks = {data};
  const std::string id = launch(req);
  std::string system_disk, data_disk;
  for (const Disk& d : disks()) (d.type == "system" ? system_disk : data_disk) = d.disk_id;
  tx([&](core::TimeMs now) {
    model_.create_snapshot(scope(), system_disk, "a", "", "auto", now);
    model_.create_snapshot(scope(), data_disk, "b", "", "auto", now);
    model_.create_snapshot(scope(), data_disk, "c", "", "user", now);
    DiskAttributeChange change;
    change.disk_id = data_disk;
    change.delete_auto_snapshot = true;
    model_.modify_disk_attribute(scope(), change);
  });
  release({id}, true);
  SnapshotFilter f;
  f.region_id = "cn-hangzhou";
  auto snaps = tx([&](core::TimeMs) { return model_.describe_snapshots(scope(), f, {}); });
  ASSERT_EQ(snaps.snapshots.size(), 2u);
  for (const Snapshot& s : snaps.snapshots) {
    EXPECT_FALSE(s.source_disk_id == data_disk && s.snapshot_type == "auto");
  }
}

TEST_F(EcsModelTest, StaticPublicIpIsReclaimedButEipStays) {
  LaunchRequest req;
  req.internet_max_bandwidth_out = 5;
  const std::string a = launch(req);
  const std::string b = launch();
  const EipAddress eip = tx([&](core::TimeMs now) {
    model_.convert_nat_public_ip_to_eip(scope(), a, now);
    return model_.allocate_eip(scope(), 5, "PayByTraffic", now);
  });
  tx([&](core::TimeMs now) { model_.associate_eip(scope(), eip.allocation_id, b, now); });
  release({a, b}, true);
  EipFilter f;
  f.region_id = "cn-hangzhou";
  auto eips = tx([&](core::TimeMs) { return model_.describe_eips(scope(), f, {}); }).eips;
  ASSERT_EQ(eips.size(), 2u);
  for (const EipAddress& e : eips) {
    EXPECT_EQ(e.status, "Available");
    EXPECT_EQ(e.instance_id, "");
  }
}

TEST_F(EcsModelTest, ProtectionBlocksManualReleaseButNotTheScheduledOne) {
  LaunchRequest req;
  req.deletion_protection = true;
  const std::string id = launch(req);
  EXPECT_EQ(error_code([&](core::TimeMs now) {
              model_.delete_instances(scope(), {id}, {true, false}, false, now);
            }),
            "InvalidOperation.DeletionProtection");
  tx([&](core::TimeMs now) {
    model_.modify_auto_release_time(scope(), id, core::format_iso8601_s(now + core::kHour), now);
  });
  engine_.advance(core::kHour - core::kMinute - 1);
  EXPECT_EQ(status(id), "Running");
  engine_.advance(core::kMinute + 1);
  EXPECT_EQ(status(id), "");
}

TEST_F(EcsModelTest, AutoReleaseTimeBoundsTruncationAndCancel) {
  const std::string id = launch();
  auto set = [&](core::TimeMs offset) {
    return error_code([&](core::TimeMs now) {
      model_.modify_auto_release_time(scope(), id, core::format_iso8601_s(now + offset), now);
    });
  };
  EXPECT_EQ(set(29 * core::kMinute), "InvalidAutoReleaseTime.Malformed");
  EXPECT_EQ(set(4 * 365 * core::kDay), "InvalidAutoReleaseTime.Malformed");
  EXPECT_EQ(error_code([&](core::TimeMs now) {
              model_.modify_auto_release_time(scope(), id, "tomorrow", now);
            }),
            "InvalidAutoReleaseTime.Malformed");
  EXPECT_EQ(set(45 * core::kMinute + 30 * core::kSecond), "");
  const Instance v =
      tx([&](core::TimeMs now) { return model_.describe_instance(scope(), id, now); });
  ASSERT_TRUE(v.auto_release_time);
  EXPECT_EQ(*v.auto_release_time % core::kMinute, 0);
  // Cancelling: the instance survives past the old time.
  tx([&](core::TimeMs now) { model_.modify_auto_release_time(scope(), id, std::nullopt, now); });
  engine_.advance(2 * core::kHour);
  EXPECT_EQ(status(id), "Running");
}

TEST_F(EcsModelTest, SubscriptionRulesExpiryLockAndReclaim) {
  LaunchRequest req;
  req.charge_type = ChargeType::kPrePaid;
  req.period = 1;
  req.period_unit = "Week";
  const std::string id = launch(req);
  EXPECT_EQ(error_code([&](core::TimeMs now) {
              model_.delete_instances(scope(), {id}, {true, true}, false, now);
            }),
            "ChargeTypeViolation");
  EXPECT_EQ(error_code([&](core::TimeMs now) {
              model_.modify_auto_release_time(scope(), id, core::format_iso8601_s(now + core::kDay),
                                              now);
            }),
            "ChargeTypeViolation");
  const Instance before =
      tx([&](core::TimeMs now) { return model_.describe_instance(scope(), id, now); });
  ASSERT_TRUE(before.expired_time);
  engine_.advance(*before.expired_time - engine_.clock(core::test_lock()).now());
  EXPECT_EQ(status(id), "Stopped");
  const Instance expired =
      tx([&](core::TimeMs now) { return model_.describe_instance(scope(), id, now); });
  ASSERT_EQ(expired.operation_locks.size(), 1u);
  EXPECT_EQ(expired.operation_locks[0].reason, "financial");
  EXPECT_EQ(error_code([&](core::TimeMs now) {
              model_.start_instances(scope(), {id}, BatchMode::kAllTogether, false, now);
            }),
            "InstanceExpiredOrInArrears");
  EXPECT_EQ(
      error_code([&](core::TimeMs now) { model_.delete_instances(scope(), {id}, {}, false, now); }),
      "ChargeTypeViolation");
  engine_.advance(15 * core::kDay - 1);
  EXPECT_EQ(status(id), "Stopped");
  engine_.advance(1);
  EXPECT_EQ(status(id), "");  // reclaimed 15 days after expiry
}

TEST_F(EcsModelTest, ExpiredSubscriptionReleasedWithTerminateSubscription) {
  LaunchRequest req;
  req.charge_type = ChargeType::kPrePaid;
  req.period = 1;
  const std::string id = launch(req);
  engine_.advance(40 * core::kDay);
  release({id}, false, true);
  EXPECT_EQ(status(id), "");
}

TEST_F(EcsModelTest, SwitchToPayAsYouGoThenRelease) {
  LaunchRequest req;
  req.charge_type = ChargeType::kPrePaid;
  req.period = 1;
  const std::string id = launch(req);
  ChargeTypeChange change;
  change.region_id = "cn-hangzhou";
  change.instance_ids = {id};
  change.target = ChargeType::kPostPaid;
  tx([&](core::TimeMs now) { model_.modify_charge_type(scope(), change, now); });
  release({id}, true);
  EXPECT_EQ(status(id), "");
}

TEST_F(EcsModelTest, DeleteInstancesIsAllOrNothing) {
  const std::string a = launch();
  LaunchRequest protected_req;
  protected_req.deletion_protection = true;
  const std::string b = launch(protected_req);
  const std::string c = launch();
  EXPECT_EQ(error_code([&](core::TimeMs now) {
              model_.delete_instances(scope(), {a, b, c}, {true, false}, false, now);
            }),
            "InvalidOperation.DeletionProtection");
  EXPECT_EQ(status(a), "Running");
  EXPECT_EQ(status(c), "Running");
  EXPECT_EQ(disks().size(), 3u);
  EXPECT_EQ(error_code([&](core::TimeMs now) {
              model_.delete_instances(scope(), {a, "i-doesnotexist"}, {true, false}, false, now);
            }),
            "InvalidInstanceId.NotFound");
  EXPECT_EQ(status(a), "Running");
  EXPECT_EQ(error_code([&](core::TimeMs now) {
              model_.delete_instances(scope(), {a, c}, {true, false}, true, now);
            }),
            "DryRunOperation");
  EXPECT_EQ(status(a), "Running");
  release({a, c}, true);
  EXPECT_EQ(status(a), "");
  EXPECT_EQ(status(c), "");
  EXPECT_EQ(status(b), "Running");
}

TEST_F(EcsModelTest, ReclaimIgnoresProtection) {
  LaunchRequest req;
  req.deletion_protection = true;
  const std::string id = launch(req);
  EXPECT_TRUE(tx([&](const core::EngineLock& held, core::TimeMs now) {
    return model_.reclaim(held, id, ReleaseCause::kSecurity, now);
  }));
  EXPECT_EQ(status(id), "");
  EXPECT_FALSE(tx([&](const core::EngineLock& held, core::TimeMs now) {
    return model_.reclaim(held, id, ReleaseCause::kOverdue, now);
  }));
}

TEST_F(EcsModelTest, ProtectionIsForPayAsYouGoOnly) {
  LaunchRequest req;
  req.charge_type = ChargeType::kPrePaid;
  req.period = 1;
  const std::string id = launch(req);
  InstanceAttributeChange change;
  change.instance_id = id;
  change.deletion_protection = true;
  EXPECT_EQ(
      error_code([&](core::TimeMs now) { model_.modify_instance_attribute(scope(), change, now); }),
      "ChargeTypeViolation");
}

TEST_F(EcsModelTest, ReleaseInProgressIsInvisibleUnderRealisticTiming) {
  engine_.timing().set_override("shutting-down-forced", 5 * core::kSecond);
  const std::string id = launch();
  release({id}, true);
  EXPECT_EQ(status(id), "");
  EXPECT_EQ(
      model_.dump(core::test_lock(), engine_.clock(core::test_lock()).now())["instances"].size(),
      1u);  // still settling
  engine_.advance(5 * core::kSecond);
  EXPECT_EQ(
      model_.dump(core::test_lock(), engine_.clock(core::test_lock()).now())["instances"].size(),
      0u);
}

TEST_F(EcsModelTest, SubscriptionEndRoundsToMidnightChinaTime) {
  // 2026-01-31T10:00Z + 1 month -> 2026-02-28T10:00Z -> next 16:00Z.
  const core::TimeMs from = *core::parse_iso8601("2026-01-31T10:00:00Z");
  EXPECT_EQ(core::format_iso8601_min(subscription_end(from, 1, "Month")), "2026-02-28T16:00Z");
  EXPECT_EQ(core::format_iso8601_min(subscription_end(from, 1, "Week")), "2026-02-07T16:00Z");
}

}  // namespace
}  // namespace cloudlife::ecs
