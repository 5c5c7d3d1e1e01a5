// RunInstances / CreateInstance, DescribeInstances, Start / Stop / Reboot.
#include <algorithm>
#include <cctype>
#include <set>
#include <string_view>
#include <utility>

#include "core/ids.h"
#include "ecs/ecs_errors.h"
#include "ecs/ecs_model.h"
#include "ecs/instance_catalog.h"
#include "ecs/paging.h"
#include "ecs/resource_rules.h"

namespace cloudlife::ecs {
namespace {

using core::InstanceState;

bool wildcard_match(const std::string& pattern, const std::string& text) {
  // '*' matches any run of characters.
  std::size_t p = 0, t = 0, star = std::string::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool is_ipv4(const std::string& s) {
  int parts = 0;
  std::size_t i = 0;
  while (i <= s.size()) {
    const std::size_t dot = s.find('.', i);
    const std::string part = s.substr(i, dot == std::string::npos ? std::string::npos : dot - i);
    if (part.empty() || part.size() > 3 ||
        !std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        std::stoi(part) > 255) {
      return false;
    }
    ++parts;
    if (dot == std::string::npos) break;
    i = dot + 1;
  }
  return parts == 4;
}

// AutoRenewPeriod: Month 1, 2, 3, 6, 12, 24, 36, 48 or 60; Week 1, 2 or 3 (API reference).
void check_auto_renew_period(const LaunchRequest& req) {
  if (!req.auto_renew_period) return;
  static const std::set<int> kMonths = {1, 2, 3, 6, 12, 24, 36, 48, 60};
  static const std::set<int> kWeeks = {1, 2, 3};
  const auto& allowed = req.period_unit == "Week" ? kWeeks : kMonths;
  if (!allowed.contains(*req.auto_renew_period)) {
    throw errors::invalid_parameter("AutoRenewPeriod");
  }
}

}  // namespace

// UserData: Base64 text of at most 32 KB (API reference).
void check_user_data(const std::string& user_data) {
  if (user_data.size() > 32 * 1024) throw errors::invalid_parameter("UserData");
  const bool base64 =
      user_data.size() % 4 == 0 && std::all_of(user_data.begin(), user_data.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=';
      });
  if (!base64) throw errors::invalid_parameter("UserData");
}

// --- launch --------------------------------------------------------------------------------------
// RunInstances / CreateInstance in named steps: validate_launch() checks everything and mutates
// nothing; then each instance is built by new_instance(), given its disks by add_launch_disks(),
// listed, and set booting (RunInstances) or creating (CreateInstance) by set_launched().

std::string EcsModel::validate_launch(const EcsPartition& scope, const LaunchRequest& req,
                                      core::TimeMs now, LaunchPlan& plan) {
  if (req.region_id.empty()) throw errors::missing_parameter("RegionId");
  const RegionInfo* region = find_region(req.region_id);
  if (!region) throw errors::region_not_found(req.region_id);
  if (req.image_id.empty()) throw errors::missing_parameter("ImageId");
  if (req.instance_type.empty()) throw errors::missing_parameter("InstanceType");
  const VSwitch* vswitch = check_launch_network(scope, req, now);
  if (vswitch) plan.vpc_id = vswitch->vpc_id;
  check_launch_nics(scope, req, vswitch, now);
  const std::string zone = launch_zone(*region, req, vswitch);
  if (req.amount < 1 || req.amount > 100) throw errors::invalid_parameter("Amount");
  if (req.internet_max_bandwidth_out < 0 || req.internet_max_bandwidth_out > 100) {
    throw errors::invalid_parameter("InternetMaxBandwidthOut");
  }
  if (req.charge_type == ChargeType::kPrePaid) {
    if (!req.period) throw errors::missing_parameter("Period");
    plan.expires = subscription_end(now, *req.period, req.period_unit);
    if (req.deletion_protection) throw errors::charge_type_violation();
    if (req.auto_release_time) throw errors::charge_type_violation();
  }
  if (req.auto_release_time && !req.auto_release_time->empty()) {
    plan.auto_release = parse_auto_release_time(*req.auto_release_time, now);
  }
  check_launch_disks(req);
  if (req.tags.size() > 20) throw errors::invalid_parameter("Tag");
  check_auto_renew_period(req);
  check_user_data(req.user_data);
  check_private_ip(scope, req);
  check_key_pair(scope, req.key_pair_name);
  return zone;
}

// The zone: as asked, else the first zone of the region that sells the type (as Alibaba picks
// one with stock). Then the catalogue decides whether the type and its disks are on sale there.
std::string EcsModel::launch_zone(const RegionInfo& region, const LaunchRequest& req,
                                  const VSwitch* vswitch) {
  const InstanceCatalog& catalog = instance_catalog();
  std::string zone = req.zone_id;
  if (vswitch) {
    // The vSwitch decides the zone; a ZoneId that names another one is a conflict.
    if (!zone.empty() && zone != vswitch->zone_id) {
      throw core::ServiceError("InvalidParameter.Conflict",
                               "The specified ZoneId is not the zone of the specified VSwitchId.",
                               400);
    }
    zone = vswitch->zone_id;
  } else if (zone.empty()) {
    zone = region.zones.front();
    if (const InstanceTypeInfo* t = catalog.find_type(req.instance_type)) {
      for (const std::string& z : region.zones) {
        if (catalog.type_on_sale(*t, z)) {
          zone = z;
          break;
        }
      }
    }
  } else if (!region.has_zone(zone)) {
    throw errors::zone_not_found(zone);
  }
  static const std::set<std::string> kCategories = {
      "cloud", "cloud_efficiency", "cloud_ssd", "cloud_essd", "cloud_auto", "cloud_essd_entry"};
  if (!req.system_disk.category.empty() && !kCategories.contains(req.system_disk.category)) {
    throw core::ServiceError("InvalidSystemDiskCategory.ValueNotSupported",
                             "The specified parameter \" SystemDisk.Category \" is not valid.",
                             400);
  }
  for (const DiskSpec& d : req.data_disks) {
    if (!d.category.empty() && !kCategories.contains(d.category)) {
      throw core::ServiceError("InvalidDataDiskCategory.ValueNotSupported",
                               "The specified parameter \" DataDisk.n.Category \" is not valid.",
                               400);
    }
  }
  const Availability a = catalog.launch_availability(
      req.instance_type, zone,
      req.system_disk.category.empty() ? "cloud_essd" : req.system_disk.category);
  if (a != Availability::kOk) throw errors::unavailable(a);
  for (const DiskSpec& d : req.data_disks) {
    const Availability disk = catalog.launch_availability(req.instance_type, zone, d.category);
    if (disk != Availability::kOk) throw errors::unavailable(disk);
  }
  return zone;
}

void EcsModel::check_launch_disks(const LaunchRequest& req) {
  auto check_disk = [](const DiskSpec& d, const char* name, int min, int max) {
    if (d.size_gib && (*d.size_gib < min || *d.size_gib > max)) {
      throw errors::invalid_parameter(std::string(name) + ".Size");
    }
  };
  check_disk(req.system_disk, "SystemDisk", 20, 2048);
  if (req.data_disks.size() > 16) throw errors::invalid_parameter("DataDisk");
  for (const DiskSpec& d : req.data_disks) check_disk(d, "DataDisk.N", 20, 32768);
}

void EcsModel::check_private_ip(const EcsPartition& scope, const LaunchRequest& req) {
  if (req.private_ip_address.empty()) return;
  if (req.amount > 1 || !is_ipv4(req.private_ip_address)) {
    throw errors::invalid_parameter("PrivateIpAddress");
  }
  if (!req.vswitch_id.empty()) return;  // checked against the vSwitch's addresses
  for (const auto& [other_id, other] : std::as_const(scope.instances)) {
    if (!other.releasing && other.data.private_ip == req.private_ip_address) {
      throw core::ServiceError("InvalidPrivateIpAddress.Duplicated",
                               "Specified private IP address is duplicated.", 400);
    }
  }
}

InstanceRecord& EcsModel::new_instance(EcsPartition& p, const LaunchRequest& req,
                                       const LaunchPlan& plan, core::TimeMs now) {
  const std::string id = core::resource_id("i", 20);
  InstanceRecord& r = p.instances[id];
  Instance& d = r.data;
  const InstanceTypeInfo* type = instance_catalog().find_type(req.instance_type);
  const int cpu = type ? type->cpu : 0;
  const int memory = type ? static_cast<int>(type->memory_gib * 1024) : 0;
  d.instance_id = id;
  d.account = p.key.account;
  d.region_id = req.region_id;
  d.zone_id = plan.zone_id;
  d.instance_name = req.instance_name.empty() ? id : req.instance_name;
  d.description = req.description;
  d.host_name = req.host_name.empty() ? "iZ" + id.substr(2) + "Z" : req.host_name;
  d.instance_type = req.instance_type;
  d.image_id = req.image_id;
  d.cpu = cpu;
  d.memory_mib = memory;
  d.vswitch_id = req.vswitch_id;
  d.vpc_id = plan.vpc_id;
  d.private_ip = allocate_private_ip(p, d, req.private_ip_address);
  d.user_data = req.user_data;
  d.security_group_ids = req.security_group_ids;
  d.key_pair_name = req.key_pair_name;
  d.resource_group_id = req.resource_group_id;
  d.internet_charge_type = req.internet_charge_type;
  d.internet_max_bandwidth_in = req.internet_max_bandwidth_in;
  d.internet_max_bandwidth_out = req.internet_max_bandwidth_out;
  d.charge_type = req.charge_type;
  d.period = req.period.value_or(0);
  d.period_unit = req.charge_type == ChargeType::kPrePaid ? req.period_unit : "";
  d.auto_renew = req.auto_renew;
  d.auto_renew_period = req.auto_renew_period.value_or(1);
  d.creation_time = now;
  d.expired_time = plan.expires;
  d.deletion_protection = req.deletion_protection;
  d.tags = req.tags;
  home_[id] = p.key;
  r.seq = seq_[id] = next_seq_++;
  p.listed.push_back(&r);  // sequence numbers only grow: `listed` stays in launch order
  return r;
}

// The system disk always goes with the instance; data disks as asked (default true).
void EcsModel::add_launch_disks(EcsPartition& p, InstanceRecord& r, const LaunchRequest& req,
                                core::TimeMs now) {
  Instance& d = r.data;
  auto add_disk = [&](const DiskSpec& spec, const std::string& type, int index) {
    Disk disk;
    disk.disk_id = core::resource_id("d", 20);
    disk.account = d.account;
    disk.region_id = d.region_id;
    disk.zone_id = d.zone_id;
    disk.type = type;
    disk.category = spec.category.empty() ? "cloud_essd" : spec.category;
    disk.size_gib = spec.size_gib.value_or(type == "system" ? 40 : 20);
    disk.disk_name = spec.disk_name;
    disk.description = spec.description;
    disk.performance_level = spec.performance_level.empty() && disk.category == "cloud_essd"
                                 ? "PL1"
                                 : spec.performance_level;
    disk.status = "In_use";
    disk.instance_id = d.instance_id;
    disk.device = spec.device.empty() ? "/dev/xvd" + std::string(1, static_cast<char>('a' + index))
                                      : spec.device;
    disk.delete_with_instance = type == "system" ? true : spec.delete_with_instance;
    disk.portable = type != "system";
    disk.disk_charge_type = std::string(charge_type_name(req.charge_type));
    disk.image_id = type == "system" ? req.image_id : "";
    disk.source_snapshot_id = spec.snapshot_id;
    disk.creation_time = now;
    disk.attached_time = now;
    home_[disk.disk_id] = p.key;
    const std::string disk_id = disk.disk_id;
    p.disks.emplace(disk_id, std::move(disk));
    return disk_id;
  };
  d.system_disk_id = add_disk(req.system_disk, "system", 0);
  for (std::size_t i = 0; i < req.data_disks.size(); ++i) {
    d.data_disk_ids.push_back(add_disk(req.data_disks[i], "data", static_cast<int>(i) + 1));
  }
}

// RunInstances boots the instance (Pending, then Running); CreateInstance leaves it Stopped,
// reading Pending while it is being created. Then the release and expiry events are scheduled.
void EcsModel::set_launched(EcsPartition& p, InstanceRecord& r, const LaunchRequest& req,
                            const LaunchPlan& plan, core::TimeMs now) {
  if (req.start) {
    if (req.internet_max_bandwidth_out > 0) r.data.public_ip = new_public_ip();
    r.life = core::Lifecycle(InstanceState::kPending, now);
    begin_boot(p, r, now, false);
  } else {
    r.life = core::Lifecycle(InstanceState::kStopped, now);
    r.creating_until = now + engine_.timing().duration("pending");
    r.data.stopped_mode = "KeepCharging";
  }
  p.index.add(r, status_of(r, now));
  if (plan.auto_release) schedule_auto_release(p, r, *plan.auto_release);
  if (plan.expires) schedule_expiry(p, r);
}

std::vector<std::string> EcsModel::launch(EcsPartition& scope, const LaunchRequest& asked,
                                          core::TimeMs now) {
  LaunchRequest req = asked;
  resolve_primary_nic(req);
  if (req.vswitch_id.empty()) req.vswitch_id = default_vswitch_for(scope, req, now);
  LaunchPlan plan;
  plan.zone_id = validate_launch(scope, req, now, plan);
  if (req.dry_run) throw errors::dry_run_operation();
  EcsPartition& p = scope;
  reserve_launch_nic_ips(p, req);
  std::vector<std::string> ids;
  for (int n = 0; n < req.amount; ++n) {
    InstanceRecord& r = new_instance(p, req, plan, now);
    add_launch_disks(p, r, req, now);
    add_primary_eni(p, r, now);
    add_launch_enis(p, r, req, now);
    set_launched(p, r, req, plan, now);
    ids.push_back(r.data.instance_id);
  }
  return ids;
}

void EcsModel::begin_boot(EcsPartition& p, InstanceRecord& r, core::TimeMs now, bool restart) {
  const core::TimeMs d = engine_.timing().duration("pending");
  r.started_before = restart;
  r.boot_started = now;
  r.boot_until = now + d;
  p.index.touch(r);
  r.life.begin(engine_.scheduler(), now, InstanceState::kPending, InstanceState::kRunning, d,
               core::TimedEvent{boot_settled_kind_, p.key, r.data.instance_id, {}});
}

void EcsModel::on_boot_settled(const core::EngineLock& held, core::TimeMs due,
                               const core::TimedEvent& event) {
  EcsPartition* p = parts_.find(held, event.part);
  InstanceRecord* r = p ? instance_in(*p, event.subject) : nullptr;
  if (!r) return;
  r->life.settle_on_event(due);
  finish_boot(r->data, due);
}

void EcsModel::finish_boot(Instance& d, core::TimeMs at) {
  d.start_time = at;
  d.stopped_mode = "Not-applicable";
}

void EcsModel::begin_stop(EcsPartition& p, InstanceRecord& r, core::TimeMs now, bool force,
                          const std::string& stopped_mode) {
  // Economical mode applies to pay-as-you-go instances only; others fall back to a normal stop.
  const std::string mode =
      stopped_mode == "StopCharging" && r.data.charge_type == ChargeType::kPostPaid
          ? "StopCharging"
          : "KeepCharging";
  const core::TimeMs d = engine_.timing().duration(force ? "stopping-forced" : "stopping");
  r.reboot_until = 0;
  p.index.touch(r);
  r.life.begin(engine_.scheduler(), now, InstanceState::kStopping, InstanceState::kStopped, d,
               core::TimedEvent{stop_settled_kind_, p.key, r.data.instance_id, {mode}});
}

void EcsModel::on_stop_settled(const core::EngineLock& held, core::TimeMs due,
                               const core::TimedEvent& event) {
  EcsPartition* p = parts_.find(held, event.part);
  InstanceRecord* r = p ? instance_in(*p, event.subject) : nullptr;
  if (!r) return;
  r->life.settle_on_event(due);
  finish_stop(r->data, event.arg(0));
}

void EcsModel::finish_stop(Instance& inst, const std::string& mode) {
  inst.stopped_mode = mode;
  // Economical mode gives the static public IP back; a new one comes at start.
  if (mode == "StopCharging") inst.public_ip.clear();
}

// --- describe ------------------------------------------------------------------------------------

namespace {

// True when a DescribeInstances filter names nothing but the region. The size check makes a new
// filter field fail the build here until it is added to the test below.
bool only_region(const InstanceFilter& f) {
  static_assert(sizeof(InstanceFilter) == 15 * sizeof(std::string) +
                                              4 * sizeof(std::optional<std::vector<std::string>>) +
                                              sizeof(std::vector<Tag>),
                "InstanceFilter changed: update only_region()");
  return !f.instance_ids && f.status.empty() && f.zone_id.empty() &&
         f.instance_charge_type.empty() && f.instance_name.empty() && f.instance_type.empty() &&
         f.vpc_id.empty() && f.vswitch_id.empty() && f.image_id.empty() &&
         f.security_group_id.empty() && f.lock_reason.empty() && f.instance_type_family.empty() &&
         f.internet_charge_type.empty() && f.key_pair_name.empty() && f.resource_group_id.empty() &&
         !f.private_ip_addresses && !f.public_ip_addresses && !f.eip_addresses && f.tags.empty();
}

}  // namespace

namespace {

// Whether the record `r` of partition `p` is visible and matches every field of `f` at `now`.
bool instance_matches_filter(const EcsPartition& p, const InstanceRecord& r,
                             const InstanceFilter& f, core::TimeMs now) {
  if (r.releasing) return false;
  const Instance& d = r.data;
  if (f.instance_ids && !contains(*f.instance_ids, d.instance_id)) return false;
  if (!f.status.empty() && EcsModel::status_of(r, now) != f.status) return false;
  if (!f.zone_id.empty() && d.zone_id != f.zone_id) return false;
  if (!f.instance_charge_type.empty() &&
      charge_type_name(d.charge_type) != f.instance_charge_type) {
    return false;
  }
  if (!f.instance_name.empty() && !wildcard_match(f.instance_name, d.instance_name)) return false;
  if (!f.instance_type.empty() && d.instance_type != f.instance_type) return false;
  if (!f.vpc_id.empty() && d.vpc_id != f.vpc_id) return false;
  if (!f.vswitch_id.empty() && d.vswitch_id != f.vswitch_id) return false;
  if (!f.image_id.empty() && d.image_id != f.image_id) return false;
  if (!f.security_group_id.empty() && !contains(d.security_group_ids, f.security_group_id)) {
    return false;
  }
  if (!f.lock_reason.empty() &&
      std::none_of(d.operation_locks.begin(), d.operation_locks.end(),
                   [&](const OperationLock& l) { return l.reason == f.lock_reason; })) {
    return false;
  }
  if (!f.instance_type_family.empty() &&
      d.instance_type.rfind(f.instance_type_family + ".", 0) != 0) {
    return false;
  }
  if (!f.internet_charge_type.empty() && d.internet_charge_type != f.internet_charge_type) {
    return false;
  }
  if (!f.key_pair_name.empty() && d.key_pair_name != f.key_pair_name) return false;
  if (!f.resource_group_id.empty() && d.resource_group_id != f.resource_group_id) return false;
  if (f.private_ip_addresses && !contains(*f.private_ip_addresses, d.private_ip)) return false;
  if (f.public_ip_addresses && !contains(*f.public_ip_addresses, d.public_ip)) return false;
  if (f.eip_addresses) {
    const EipAddress* eip = nullptr;
    if (!d.eip_allocation_id.empty()) {
      auto e = p.eips.find(d.eip_allocation_id);
      if (e != p.eips.end()) eip = &e->second;
    }
    if (!eip || !contains(*f.eip_addresses, eip->ip_address)) return false;
  }
  bool tags_ok = true;
  for (const Tag& want : f.tags) {
    const bool found = std::any_of(d.tags.begin(), d.tags.end(), [&](const Tag& t) {
      return t.key == want.key && (want.value.empty() || t.value == want.value);
    });
    if (!found) tags_ok = false;
  }
  return tags_ok;
}

// Whether the filter names a zone, a status or both and nothing else: an index list is the answer.
bool only_indexed(const InstanceFilter& f) {
  InstanceFilter rest = f;
  rest.zone_id.clear();
  rest.status.clear();
  return only_region(rest);
}

// The visible instances among `ids` (unknown ones are simply not returned), in launch order.
std::vector<const InstanceRecord*> named_instances(const EcsPartition& p,
                                                   const std::vector<std::string>& ids) {
  std::vector<const InstanceRecord*> out;
  for (const std::string& id : ids) {
    const auto it = p.instances.find(id);
    if (it != p.instances.end() && !it->second.releasing) out.push_back(&it->second);
  }
  std::sort(out.begin(), out.end(),
            [](const InstanceRecord* a, const InstanceRecord* b) { return a->seq < b->seq; });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The shortest launch-ordered list that holds every match: the zone's, the status's (refreshed),
// or the whole region's.
const std::vector<const InstanceRecord*>& narrowest_candidates(const EcsPartition& p,
                                                               const InstanceFilter& f) {
  const std::vector<const InstanceRecord*>* best = &p.listed;
  if (!f.zone_id.empty() && p.index.zone(f.zone_id).size() < best->size()) {
    best = &p.index.zone(f.zone_id);
  }
  if (!f.status.empty() && p.index.status(f.status).size() < best->size()) {
    best = &p.index.status(f.status);
  }
  if (!f.zone_id.empty() && !f.status.empty()) best = &p.index.zone_status(f.zone_id, f.status);
  return *best;
}

}  // namespace

InstancePage EcsModel::describe_instances(EcsPartition& scope, const InstanceFilter& f,
                                          const PageRequest& page, core::TimeMs now) {
  if (f.region_id.empty()) throw errors::missing_parameter("RegionId");
  static const std::set<std::string> kStatuses = {"Pending", "Running", "Starting", "Stopping",
                                                  "Stopped"};
  if (!f.status.empty() && !kStatuses.contains(f.status)) {
    throw core::ServiceError("InvalidStatus.NotFound", "The specified Status is not found.", 404);
  }
  if (!f.instance_charge_type.empty() && f.instance_charge_type != "PrePaid" &&
      f.instance_charge_type != "PostPaid") {
    throw core::ServiceError("InvalidInstanceChargeType.NotFound",
                             "The InstanceChargeType does not exist in our records", 404);
  }
  EcsPartition& p = scope;
  if (!f.status.empty()) {
    p.index.refresh([now](const InstanceRecord& r) { return status_of(r, now); },
                    [now](const InstanceRecord& r) { return status_settled(r, now); });
  }
  // Every instance of the region, of the zone or of the status matches: cut the page from the
  // launch-ordered list without visiting the others.
  if (only_region(f)) return page_of_listed(p, p.listed, page, now);
  if (only_indexed(f)) {
    if (f.zone_id.empty()) return page_of_listed(p, p.index.status(f.status), page, now);
    if (f.status.empty()) return page_of_listed(p, p.index.zone(f.zone_id), page, now);
    return page_of_listed(p, p.index.zone_status(f.zone_id, f.status), page, now);
  }
  // Matches as (launch order, ID) keys, from the narrowest launch-ordered superset of them: only
  // the page is ordered and turned into views.
  const std::vector<const InstanceRecord*> by_id =
      f.instance_ids ? named_instances(p, *f.instance_ids) : std::vector<const InstanceRecord*>{};
  const std::vector<const InstanceRecord*>& candidates =
      f.instance_ids ? by_id : narrowest_candidates(p, f);
  std::vector<const InstanceRecord*> matches;
  std::vector<SequencedKey> keys;
  for (const InstanceRecord* r : candidates) {
    if (!instance_matches_filter(p, *r, f, now)) continue;
    keys.push_back(SequencedKey{r->seq, &r->data.instance_id, matches.size()});
    matches.push_back(r);
  }
  const PageSlice slice = select_page_in_sequence(keys, page);
  InstancePage out;
  out.page = slice.info;
  for (std::size_t i = slice.begin; i < slice.end; ++i) {
    out.instances.push_back(view(p, *matches[keys[i].item], now));
  }
  return out;
}

InstancePage EcsModel::page_of_listed(core::LockProof held,
                                      const std::vector<const InstanceRecord*>& listed,
                                      const PageRequest& page, core::TimeMs now) const {
  const auto key_at = [&listed](std::size_t i) {
    return SequencedKey{listed[i]->seq, &listed[i]->data.instance_id, i};
  };
  const PageSlice slice = select_page_in_order(listed.size(), key_at, page);
  InstancePage out;
  out.page = slice.info;
  for (std::size_t i = slice.begin; i < slice.end; ++i)
    out.instances.push_back(view(held, *listed[i], now));
  return out;
}

Instance EcsModel::describe_instance(EcsPartition& scope, const std::string& instance_id,
                                     core::TimeMs now) {
  return view(scope, require_instance(scope, instance_id), now);
}

// --- start / stop / reboot ----------------------------------------------------------------------

std::vector<InstanceResponse> EcsModel::run_batch(
    const EcsPartition& scope, const std::vector<std::string>& ids, BatchMode mode, bool dry_run,
    core::TimeMs now,
    const std::function<std::optional<core::ServiceError>(InstanceRecord&)>& check,
    const std::function<void(EcsPartition&, InstanceRecord&)>& apply) {
  if (ids.empty()) throw errors::missing_parameter("InstanceId");
  if (ids.size() > 100) throw errors::invalid_parameter("InstanceId");
  std::vector<std::optional<core::ServiceError>> refusals;
  std::vector<InstanceRecord*> records;
  for (const std::string& id : ids) {
    InstanceRecord* r = find_instance(scope, id);
    std::optional<core::ServiceError> refusal;
    if (!r) {
      refusal = errors::instance_not_found(id);
    } else {
      refusal = check(*r);
    }
    if (refusal && mode == BatchMode::kAllTogether) throw *refusal;
    refusals.push_back(std::move(refusal));
    records.push_back(r);
  }
  if (dry_run) throw errors::dry_run_operation();
  std::vector<InstanceResponse> out;
  std::set<std::string> done;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    InstanceResponse resp;
    resp.instance_id = ids[i];
    if (refusals[i]) {
      resp.code = refusals[i]->code();
      resp.message = refusals[i]->message();
      if (records[i]) resp.previous_status = resp.current_status = status_of(*records[i], now);
    } else {
      InstanceRecord& r = *records[i];
      resp.code = "200";
      resp.message = "success";
      resp.previous_status = status_of(r, now);
      if (done.insert(ids[i]).second) {
        apply(*home_of(scope, ids[i]), r);
      }
      resp.current_status = status_of(r, now);
    }
    out.push_back(std::move(resp));
  }
  return out;
}

namespace {

std::optional<core::ServiceError> lock_refusal(const Instance& d) {
  for (const OperationLock& l : d.operation_locks) {
    if (l.reason == "security") return errors::instance_locked_for_security();
  }
  for (const OperationLock& l : d.operation_locks) {
    if (l.reason == "financial") return errors::instance_expired_or_in_arrears();
  }
  return std::nullopt;
}

// The batch precondition of Start/Stop/RebootInstances: the instance is not locked and its ECS
// status is `required`.
std::optional<core::ServiceError> refusal_unless_unlocked_in(const InstanceRecord& r,
                                                             core::TimeMs now,
                                                             std::string_view required) {
  if (auto locked = lock_refusal(r.data)) return locked;
  if (EcsModel::status_of(r, now) != required) return errors::incorrect_instance_status();
  return std::nullopt;
}

}  // namespace

std::vector<InstanceResponse> EcsModel::start_instances(EcsPartition& scope,
                                                        const std::vector<std::string>& ids,
                                                        BatchMode mode, bool dry_run,
                                                        core::TimeMs now) {
  return run_batch(
      scope, ids, mode, dry_run, now,
      [&](InstanceRecord& r) { return refusal_unless_unlocked_in(r, now, "Stopped"); },
      [&](EcsPartition& p, InstanceRecord& r) {
        if (r.data.internet_max_bandwidth_out > 0 && r.data.public_ip.empty() &&
            r.data.eip_allocation_id.empty()) {
          r.data.public_ip = new_public_ip();
        }
        r.creating_until = 0;
        begin_boot(p, r, now, true);
      });
}

std::vector<InstanceResponse> EcsModel::stop_instances(EcsPartition& scope,
                                                       const std::vector<std::string>& ids,
                                                       const StopOptions& options, BatchMode mode,
                                                       bool dry_run, core::TimeMs now) {
  if (options.stopped_mode != "KeepCharging" && options.stopped_mode != "StopCharging") {
    throw errors::invalid_parameter("StoppedMode");
  }
  return run_batch(
      scope, ids, mode, dry_run, now,
      [&](InstanceRecord& r) { return refusal_unless_unlocked_in(r, now, "Running"); },
      [&](EcsPartition& p, InstanceRecord& r) {
        begin_stop(p, r, now, options.force_stop, options.stopped_mode);
      });
}

std::vector<InstanceResponse> EcsModel::reboot_instances(EcsPartition& scope,
                                                         const std::vector<std::string>& ids,
                                                         bool force, BatchMode mode, bool dry_run,
                                                         core::TimeMs now) {
  return run_batch(
      scope, ids, mode, dry_run, now,
      [&](InstanceRecord& r) { return refusal_unless_unlocked_in(r, now, "Running"); },
      [&](EcsPartition& p, InstanceRecord& r) {
        // The state machine keeps the instance running; the ECS view reads Stopping, then
        // Starting, for the reboot's duration.
        const core::TimeMs d = engine_.timing().duration(force ? "stopping-forced" : "rebooting");
        r.reboot_started = now;
        r.reboot_until = now + d;
        p.index.touch(r);
        r.data.start_time = now + d;
      });
}

}  // namespace cloudlife::ecs
