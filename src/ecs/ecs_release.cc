// Release (manual and system-initiated), release protection, scheduled release, subscriptions.
#include <algorithm>
#include <set>

#include "core/ids.h"
#include "ecs/ecs_errors.h"
#include "ecs/ecs_model.h"

namespace cloudlife::ecs {
namespace {

using core::InstanceState;

constexpr core::TimeMs kReclaimAfterExpiry = 15 * core::kDay;

// Days since 1970-01-01 of a civil date, and back (H. Hinnant's algorithms).
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

void civil_from_days(long long z, long long& y, unsigned& m, unsigned& d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<long long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

}  // namespace

core::TimeMs subscription_end(core::TimeMs from, int period, const std::string& unit) {
  core::TimeMs end = from;
  if (unit == "Week") {
    end = from + static_cast<core::TimeMs>(period) * 7 * core::kDay;
  } else {
    const int months = unit == "Year" ? period * 12 : period;
    const long long days = from / core::kDay;
    const core::TimeMs in_day = from % core::kDay;
    long long y;
    unsigned m, d;
    civil_from_days(days, y, m, d);
    long long total = y * 12 + (m - 1) + months;
    y = total / 12;
    m = static_cast<unsigned>(total % 12) + 1;
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned last = kDays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) last = 29;
    end = days_from_civil(y, m, std::min(d, last)) * core::kDay + in_day;
  }
  // Round up to the next 16:00 UTC (00:00 in UTC+8).
  const core::TimeMs offset = 16 * core::kHour;
  const core::TimeMs day_start = ((end - offset) / core::kDay) * core::kDay + offset;
  return day_start >= end ? day_start : day_start + core::kDay;
}

core::TimeMs parse_auto_release_time(const std::string& text, core::TimeMs now) {
  const std::optional<core::TimeMs> t = core::parse_iso8601(text);
  // Only the documented forms: yyyy-MM-ddTHH:mm:ssZ (and the minute form DescribeInstances shows).
  if (!t || (text.size() != 20 && text.size() != 17)) throw errors::invalid_auto_release_time();
  if (*t < now + 30 * core::kMinute || *t > now + 3 * 365 * core::kDay + core::kDay) {
    throw errors::invalid_auto_release_time();
  }
  return *t - (*t % core::kMinute);
}

// --- manual release ------------------------------------------------------------------------------

void EcsModel::delete_instances(EcsPartition& scope, const std::vector<std::string>& ids,
                                const ManualReleaseOptions& options, bool dry_run,
                                core::TimeMs now) {
  if (ids.empty()) throw errors::missing_parameter("InstanceId");
  if (ids.size() > 100) throw errors::invalid_parameter("InstanceId");
  // Validate every instance first: one refusal releases none.
  std::vector<InstanceRecord*> records;
  std::set<std::string> seen;
  for (const std::string& id : ids) {
    InstanceRecord& r = require_instance(scope, id);
    Instance v = view(scope, r, now);
    if (auto refusal = manual_release_refusal(v, options, now)) throw *refusal;
    if (seen.insert(id).second) records.push_back(&r);
  }
  if (dry_run) throw errors::dry_run_operation();
  for (InstanceRecord* r : records) {
    release(*home_of(scope, r->data.instance_id), *r, ReleaseCause::kManual, now);
  }
}

// --- release itself ------------------------------------------------------------------------------

void EcsModel::release_disk(EcsPartition& p, const std::string& disk_id) {
  auto it = p.disks.find(disk_id);
  if (it == p.disks.end()) return;
  if (it->second.delete_auto_snapshot) {
    for (auto s = p.snapshots.begin(); s != p.snapshots.end();) {
      if (s->second.source_disk_id == disk_id && s->second.snapshot_type == "auto") {
        home_.erase(s->first);
        s = p.snapshots.erase(s);
      } else {
        ++s;
      }
    }
  }
  home_.erase(disk_id);
  p.disks.erase(it);
}

void EcsModel::release(EcsPartition& p, InstanceRecord& r, ReleaseCause cause, core::TimeMs now) {
  if (r.releasing) return;
  Instance& d = r.data;
  cancel_event(r.auto_release_event);
  cancel_event(r.expiry_event);
  cancel_event(r.reclaim_event);
  // Disks: the system disk and DeleteWithInstance data disks go; the others stay, Available.
  std::vector<std::string> disk_ids = d.data_disk_ids;
  disk_ids.insert(disk_ids.begin(), d.system_disk_id);
  for (const std::string& disk_id : disk_ids) {
    auto it = p.disks.find(disk_id);
    if (it == p.disks.end()) continue;
    if (it->second.delete_with_instance) {
      release_disk(p, disk_id);
    } else {
      it->second.status = "Available";
      it->second.instance_id.clear();
      it->second.device.clear();
      it->second.detached_time = now;
    }
  }
  d.data_disk_ids.clear();
  d.system_disk_id.clear();
  // The static public IP is reclaimed; an EIP is only unassociated and keeps billing.
  d.public_ip.clear();
  if (!d.eip_allocation_id.empty()) {
    auto e = p.eips.find(d.eip_allocation_id);
    if (e != p.eips.end()) {
      e->second.status = "Available";
      e->second.instance_id.clear();
    }
    d.eip_allocation_id.clear();
  }
  release_enis(p, r, now);
  free_private_ip(p, d);
  r.releasing = cause;
  p.unlist(r);
  const std::string id = d.instance_id;  // a copy: forget() erases the record
  const InstanceState s = r.life.state();
  if (s == InstanceState::kStopped) {
    r.life.move_to(engine_.scheduler(), InstanceState::kTerminated, now);
    forget(p, id);
    return;
  }
  if (s == InstanceState::kShuttingDown || s == InstanceState::kTerminated) return;
  r.life.set_stuck(false);
  r.life.begin(engine_.scheduler(), now, InstanceState::kShuttingDown, InstanceState::kTerminated,
               engine_.timing().duration("shutting-down-forced"),
               core::TimedEvent{release_settled_kind_, p.key, id, {}});
}

void EcsModel::on_release_settled(const core::EngineLock& held, core::TimeMs due,
                                  const core::TimedEvent& event) {
  EcsPartition* p = parts_.find(held, event.part);
  InstanceRecord* r = p ? instance_in(*p, event.subject) : nullptr;
  if (!r) return;
  r->life.settle_on_event(due);
  forget(*p, event.subject);
}

void EcsModel::forget(EcsPartition& p, const std::string& id) {
  p.instances.erase(id);
  home_.erase(id);
  seq_.erase(id);
}

bool EcsModel::reclaim(core::LockProof held, const std::string& instance_id, ReleaseCause cause,
                       core::TimeMs now) {
  auto it = home_.find(instance_id);
  if (it == home_.end()) return false;
  EcsPartition* p = parts_.find(held, it->second);
  if (!p) return false;
  auto r = p->instances.find(instance_id);
  if (r == p->instances.end() || r->second.releasing) return false;
  release(*p, r->second, cause, now);
  return true;
}

// --- scheduled release ---------------------------------------------------------------------------

void EcsModel::schedule_auto_release(EcsPartition& p, InstanceRecord& r, core::TimeMs at) {
  cancel_event(r.auto_release_event);
  r.data.auto_release_time = at;
  r.auto_release_event = engine_.scheduler().schedule(
      at, core::TimedEvent{auto_release_kind_, p.key, r.data.instance_id, {}});
}

void EcsModel::on_auto_release(const core::EngineLock& held, core::TimeMs due,
                               const core::TimedEvent& event) {
  EcsPartition* p = parts_.find(held, event.part);
  InstanceRecord* r = p ? instance_in(*p, event.subject) : nullptr;
  if (!r) return;
  r->auto_release_event = 0;
  // Release protection does not stop the scheduled release.
  release(*p, *r, ReleaseCause::kAutoReleaseTime, due);
}

void EcsModel::modify_auto_release_time(EcsPartition& scope, const std::string& instance_id,
                                        const std::optional<std::string>& when, core::TimeMs now) {
  InstanceRecord& r = require_instance(scope, instance_id);
  if (r.data.charge_type == ChargeType::kPrePaid) throw errors::charge_type_violation();
  if (!when || when->empty()) {
    cancel_event(r.auto_release_event);
    r.data.auto_release_time.reset();
    return;
  }
  const core::TimeMs at = parse_auto_release_time(*when, now);
  schedule_auto_release(*home_of(scope, instance_id), r, at);
}

// --- attributes ----------------------------------------------------------------------------------

void EcsModel::modify_instance_attribute(EcsPartition& scope, const InstanceAttributeChange& change,
                                         core::TimeMs) {
  InstanceRecord& r = require_instance(scope, change.instance_id);
  if (change.instance_name) {
    const std::string& n = *change.instance_name;
    const bool letter = !n.empty() && (std::isalpha(static_cast<unsigned char>(n[0])) ||
                                       static_cast<unsigned char>(n[0]) >= 0x80);
    if (n.size() < 2 || n.size() > 128 || !letter || n.rfind("http://", 0) == 0 ||
        n.rfind("https://", 0) == 0) {
      throw core::ServiceError("InvalidInstanceName.Malformed",
                               "Specified instance name is not valid.", 400);
    }
  }
  if (change.description) {
    const std::string& d = *change.description;
    if (d.size() < 2 || d.size() > 256 || d.rfind("http://", 0) == 0 ||
        d.rfind("https://", 0) == 0) {
      throw core::ServiceError("InvalidDescription.Malformed",
                               "The specified description is wrongly formed.", 400);
    }
  }
  if (change.deletion_protection && *change.deletion_protection &&
      r.data.charge_type == ChargeType::kPrePaid) {
    // Release protection applies to pay-as-you-go instances only.
    throw errors::charge_type_violation();
  }
  if (change.security_group_ids &&
      (change.security_group_ids->empty() || change.security_group_ids->size() > 5)) {
    throw errors::invalid_parameter("SecurityGroupIds");
  }
  if (change.security_group_ids) {
    check_security_groups(scope, r.data.region_id, r.data.vpc_id, *change.security_group_ids);
  }
  if (change.user_data) check_user_data(*change.user_data);
  if (change.deletion_protection) r.data.deletion_protection = *change.deletion_protection;
  if (change.security_group_ids) r.data.security_group_ids = *change.security_group_ids;
  if (change.user_data) r.data.user_data = *change.user_data;
  if (change.instance_name) r.data.instance_name = *change.instance_name;
  if (change.description) r.data.description = *change.description;
  if (change.host_name) r.data.host_name = *change.host_name;
}

// --- subscriptions -------------------------------------------------------------------------------

void EcsModel::schedule_expiry(EcsPartition& p, InstanceRecord& r) {
  cancel_event(r.expiry_event);
  if (!r.data.expired_time) return;
  r.expiry_event = engine_.scheduler().schedule(
      *r.data.expired_time, core::TimedEvent{expiry_kind_, p.key, r.data.instance_id, {}});
}

void EcsModel::on_expired(const core::EngineLock& held, core::TimeMs at,
                          const core::TimedEvent& event) {
  EcsPartition* part = parts_.find(held, event.part);
  if (!part) return;
  EcsPartition& p = *part;
  const std::string& id = event.subject;
  auto it = p.instances.find(id);
  if (it == p.instances.end() || it->second.releasing) return;
  InstanceRecord& r = it->second;
  r.expiry_event = 0;
  Instance& d = r.data;
  if (d.auto_renew) {
    d.expired_time =
        subscription_end(at, d.auto_renew_period, d.period_unit.empty() ? "Month" : d.period_unit);
    schedule_expiry(p, r);
    return;
  }
  // Expired: the instance is stopped and locked until renewed, and reclaimed 15 days later.
  // (Pending can only come from begin_boot(): what follows the boot's settling runs here.)
  if (r.life.state() == InstanceState::kPending && r.life.settle_now(engine_.scheduler(), at)) {
    finish_boot(d, at);
  }
  if (r.life.state() == InstanceState::kRunning) {
    begin_stop(p, r, at, false, "KeepCharging");
  }
  d.operation_locks.push_back({"financial", "The instance has expired."});
  r.reclaim_event = engine_.scheduler().schedule(
      at + kReclaimAfterExpiry, core::TimedEvent{expired_reclaim_kind_, p.key, id, {}});
}

void EcsModel::on_expired_reclaim(const core::EngineLock& held, core::TimeMs due,
                                  const core::TimedEvent& event) {
  EcsPartition* p = parts_.find(held, event.part);
  InstanceRecord* r = p ? instance_in(*p, event.subject) : nullptr;
  if (!r) return;
  r->reclaim_event = 0;
  release(*p, *r, ReleaseCause::kSubscriptionExpired, due);
}

void EcsModel::modify_charge_type(EcsPartition& scope, const ChargeTypeChange& change,
                                  core::TimeMs now) {
  if (change.region_id.empty()) throw errors::missing_parameter("RegionId");
  if (change.instance_ids.empty()) throw errors::missing_parameter("InstanceIds");
  if (change.instance_ids.size() > 20) {
    throw core::ServiceError("InstancesIdQuotaExceed",
                             "The maximum number of instances is exceeded.", 400);
  }
  std::vector<InstanceRecord*> records;
  for (const std::string& id : change.instance_ids) {
    records.push_back(&charge_type_target(scope, change, id, now));
  }
  if (change.target == ChargeType::kPrePaid) {
    if (!change.period) throw errors::missing_parameter("Period");
    if (*change.period < 1 || *change.period > 60) throw errors::invalid_parameter("Period");
  }
  if (change.dry_run) throw errors::dry_run_operation();
  for (InstanceRecord* r : records) {
    if (r->data.charge_type != change.target) switch_charge_type(scope, *r, change, now);
  }
}

// One instance of ModifyInstanceChargeType: in the region, Running or Stopped, not expired; to
// subscription only without a release time or release protection.
InstanceRecord& EcsModel::charge_type_target(EcsPartition& scope, const ChargeTypeChange& change,
                                             const std::string& id, core::TimeMs now) {
  InstanceRecord* r = find_instance(scope, id);
  if (!r || r->data.region_id != change.region_id) throw errors::instance_not_found(id);
  const std::string status = status_of(*r, now);
  if (status != "Running" && status != "Stopped") {
    throw core::ServiceError("InvalidStatus.ValueNotSupported",
                             "The current status of the instance does not support this "
                             "operation.",
                             400);
  }
  if (subscription_expired(r->data, now)) {
    throw core::ServiceError("ExpiredInstance", "The specified instance has expired.", 400);
  }
  if (change.target == ChargeType::kPrePaid) {
    if (r->data.auto_release_time) {
      throw core::ServiceError("ReleaseTimeHaveBeenSet",
                               "The specified instance has been set released time.", 400);
    }
    if (r->data.deletion_protection) throw errors::charge_type_violation();
  }
  return *r;
}

// The switch itself: the period and expiry (scheduled or cancelled), and its disks' charge type.
void EcsModel::switch_charge_type(EcsPartition& scope, InstanceRecord& r,
                                  const ChargeTypeChange& change, core::TimeMs now) {
  Instance& d = r.data;
  d.charge_type = change.target;
  EcsPartition& p = *home_of(scope, d.instance_id);
  if (change.target == ChargeType::kPostPaid) {
    d.expired_time.reset();
    d.period = 0;
    d.period_unit.clear();
    d.auto_renew = false;
    cancel_event(r.expiry_event);
  } else {
    d.period = *change.period;
    d.period_unit = change.period_unit;
    d.expired_time = subscription_end(now, *change.period, change.period_unit);
    schedule_expiry(p, r);
  }
  for (const std::string& disk_id : d.data_disk_ids) {
    auto it = p.disks.find(disk_id);
    if (it != p.disks.end())
      it->second.disk_charge_type = std::string(charge_type_name(d.charge_type));
  }
  auto sys = p.disks.find(d.system_disk_id);
  if (sys != p.disks.end())
    sys->second.disk_charge_type = std::string(charge_type_name(d.charge_type));
}

void EcsModel::renew_instance(EcsPartition& scope, const std::string& instance_id, int period,
                              const std::string& period_unit, core::TimeMs now) {
  InstanceRecord& r = require_instance(scope, instance_id);
  if (r.data.charge_type != ChargeType::kPrePaid) throw errors::charge_type_violation();
  if (period < 1 || period > 60) throw errors::invalid_parameter("Period");
  if (period_unit != "Month" && period_unit != "Week" && period_unit != "Year") {
    throw errors::invalid_parameter("PeriodUnit");
  }
  Instance& d = r.data;
  const core::TimeMs from = std::max(now, d.expired_time.value_or(now));
  d.expired_time = subscription_end(from, period, period_unit);
  // Renewing an expired instance lifts the financial lock and the pending reclaim; it stays
  // Stopped until the owner starts it.
  d.operation_locks.erase(
      std::remove_if(d.operation_locks.begin(), d.operation_locks.end(),
                     [](const OperationLock& l) { return l.reason == "financial"; }),
      d.operation_locks.end());
  cancel_event(r.reclaim_event);
  schedule_expiry(*home_of(scope, instance_id), r);
}

void EcsModel::modify_auto_renew(EcsPartition& scope, const std::vector<std::string>& ids,
                                 bool auto_renew, std::optional<int> duration,
                                 const std::string& period_unit) {
  if (ids.empty()) throw errors::missing_parameter("InstanceId");
  if (ids.size() > 100) throw errors::invalid_parameter("InstanceId");
  static const std::set<int> kMonths = {1, 2, 3, 6, 12, 24, 36, 48, 60};
  static const std::set<int> kWeeks = {1, 2, 3};
  if (period_unit != "Month" && period_unit != "Week") {
    throw errors::invalid_parameter("PeriodUnit");
  }
  if (duration && !(period_unit == "Week" ? kWeeks : kMonths).contains(*duration)) {
    throw errors::invalid_parameter("Duration");
  }
  std::vector<InstanceRecord*> targets;
  for (const std::string& id : ids) {
    InstanceRecord& r = require_instance(scope, id);
    if (r.data.charge_type != ChargeType::kPrePaid) throw errors::charge_type_violation();
    targets.push_back(&r);
  }
  for (InstanceRecord* r : targets) {
    r->data.auto_renew = auto_renew;
    if (duration) {
      r->data.auto_renew_period = *duration;
      r->data.period_unit = period_unit;
    }
  }
}

}  // namespace cloudlife::ecs
