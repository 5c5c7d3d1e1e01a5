// Disks and snapshots.
#include <algorithm>
#include <utility>

#include "core/ids.h"
#include "ecs/ecs_errors.h"
#include "ecs/ecs_model.h"
#include "ecs/instance_catalog.h"
#include "ecs/paging.h"
#include "ecs/resource_rules.h"

namespace cloudlife::ecs {
namespace {

core::ServiceError incorrect_disk_status() {
  return core::ServiceError("IncorrectDiskStatus",
                            "The current disk status does not support this operation.", 403);
}

}  // namespace

DiskPage EcsModel::describe_disks(EcsPartition& scope, const DiskFilter& f, const PageRequest& page,
                                  core::TimeMs) {
  if (f.region_id.empty()) throw errors::missing_parameter("RegionId");
  std::vector<std::pair<std::string, const Disk*>> matches;
  const EcsPartition& p = scope;
  for (const auto& [id, d] : std::as_const(p.disks)) {
    if (!f.instance_id.empty() && d.instance_id != f.instance_id) continue;
    if (f.disk_ids && !contains(*f.disk_ids, id)) continue;
    if (!f.disk_type.empty() && f.disk_type != "all" && d.type != f.disk_type) continue;
    if (!f.category.empty() && f.category != "all" && d.category != f.category) continue;
    if (!f.status.empty() && f.status != "All" && d.status != f.status) continue;
    if (!f.zone_id.empty() && d.zone_id != f.zone_id) continue;
    if (f.delete_with_instance && d.delete_with_instance != *f.delete_with_instance) continue;
    if (f.delete_auto_snapshot && d.delete_auto_snapshot != *f.delete_auto_snapshot) continue;
    if (f.enable_auto_snapshot && d.enable_auto_snapshot != *f.enable_auto_snapshot) continue;
    if (f.portable && d.portable != *f.portable) continue;
    if (!f.disk_charge_type.empty() && d.disk_charge_type != f.disk_charge_type) continue;
    if (!f.disk_name.empty() && d.disk_name != f.disk_name) continue;
    if (!f.snapshot_id.empty() && d.source_snapshot_id != f.snapshot_id) continue;
    matches.emplace_back(sequence_key(static_cast<std::uint64_t>(d.creation_time), id), &d);
  }
  std::sort(matches.begin(), matches.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> keys;
  for (const auto& m : matches) keys.push_back(m.first);
  const PageSlice slice = select_page(keys, page);
  DiskPage out;
  out.page = slice.info;
  for (std::size_t i = slice.begin; i < slice.end; ++i) out.disks.push_back(*matches[i].second);
  return out;
}

// CreateDisk with InstanceId: the instance (Running or Stopped, fewer than 16 data disks) whose
// region and zone the disk takes; null without InstanceId.
InstanceRecord* EcsModel::disk_target_instance(EcsPartition& scope, const CreateDiskRequest& req,
                                               core::TimeMs now) {
  if (req.instance_id.empty()) return nullptr;
  InstanceRecord* inst = &require_instance(scope, req.instance_id);
  const std::string status = status_of(*inst, now);
  if (status != "Running" && status != "Stopped") throw errors::incorrect_instance_status();
  if (inst->data.data_disk_ids.size() >= 16) {
    throw core::ServiceError("InstanceDiskNumber.LimitExceed",
                             "The amount of the disk on instance in question reach its limits",
                             403);
  }
  return inst;
}

namespace {

// A new disk's region and zone exist and the zone sells its category.
void check_new_disk_place(const std::string& region, const std::string& zone,
                          const std::string& category) {
  if (region.empty()) throw errors::missing_parameter("RegionId");
  const RegionInfo* info = find_region(region);
  if (!info) throw errors::region_not_found(region);
  if (zone.empty()) throw errors::missing_parameter("ZoneId");
  if (!info->has_zone(zone)) throw errors::zone_not_found(zone);
  if (const Availability a = instance_catalog().disk_availability(category, zone);
      a != Availability::kOk) {
    throw errors::unavailable(a, true);
  }
}

}  // namespace

std::string EcsModel::create_disk(EcsPartition& scope, const CreateDiskRequest& req,
                                  core::TimeMs now) {
  InstanceRecord* inst = disk_target_instance(scope, req, now);
  const std::string region = inst ? inst->data.region_id : req.region_id;
  const std::string zone = inst ? inst->data.zone_id : req.zone_id;
  check_new_disk_place(region, zone, req.spec.category.empty() ? "cloud_essd" : req.spec.category);
  if (!req.spec.size_gib && req.spec.snapshot_id.empty()) throw errors::missing_parameter("Size");
  if (req.spec.size_gib && (*req.spec.size_gib < 20 || *req.spec.size_gib > 32768)) {
    throw core::ServiceError("InvalidSize.ValueNotSupported",
                             "The specified parameter Size is not valid.", 400);
  }
  const Snapshot* source = nullptr;
  if (!req.spec.snapshot_id.empty()) {
    EcsPartition* sp = home_of(scope, req.spec.snapshot_id);
    auto it = sp ? sp->snapshots.find(req.spec.snapshot_id) : decltype(sp->snapshots.end()){};
    if (!sp || it == sp->snapshots.end()) throw errors::snapshot_not_found(req.spec.snapshot_id);
    source = &it->second;
  }
  if (req.dry_run) throw errors::dry_run_operation();
  // A disk created for an instance goes into the instance's partition, whatever RegionId said.
  EcsPartition& p = inst ? *home_of(scope, req.instance_id) : scope;
  Disk disk;
  disk.disk_id = core::resource_id("d", 20);
  disk.account = scope.key.account;
  disk.region_id = region;
  disk.zone_id = zone;
  disk.type = "data";
  disk.category = req.spec.category.empty() ? "cloud_essd" : req.spec.category;
  disk.size_gib = req.spec.size_gib.value_or(source ? source->source_disk_size : 20);
  disk.disk_name = req.spec.disk_name;
  disk.description = req.spec.description;
  disk.performance_level = req.spec.performance_level.empty() && disk.category == "cloud_essd"
                               ? "PL1"
                               : req.spec.performance_level;
  disk.source_snapshot_id = req.spec.snapshot_id;
  disk.creation_time = now;
  disk.tags = req.tags;
  disk.delete_with_instance = false;
  disk.status = "Available";
  if (inst) {
    disk.status = "In_use";
    disk.instance_id = inst->data.instance_id;
    disk.device =
        "/dev/xvd" + std::string(1, static_cast<char>('b' + inst->data.data_disk_ids.size()));
    disk.attached_time = now;
    disk.disk_charge_type = std::string(charge_type_name(inst->data.charge_type));
    inst->data.data_disk_ids.push_back(disk.disk_id);
  }
  home_[disk.disk_id] = p.key;
  const std::string id = disk.disk_id;
  p.disks.emplace(id, std::move(disk));
  return id;
}

void EcsModel::attach_disk(EcsPartition& scope, const std::string& instance_id,
                           const std::string& disk_id, std::optional<bool> delete_with_instance,
                           core::TimeMs now) {
  InstanceRecord& r = require_instance(scope, instance_id);
  Disk& disk = require_disk(scope, disk_id);
  const std::string status = status_of(r, now);
  if (status != "Running" && status != "Stopped") throw errors::incorrect_instance_status();
  if (disk.status != "Available") throw incorrect_disk_status();
  if (disk.zone_id != r.data.zone_id) {
    throw core::ServiceError("InstanceDiskCategoryLimitExceed",
                             "The disk and the instance are not in the same zone.", 403);
  }
  if (r.data.data_disk_ids.size() >= 16) {
    throw core::ServiceError("InstanceDiskNumber.LimitExceed",
                             "The amount of the disk on instance in question reach its limits",
                             403);
  }
  disk.status = "In_use";
  disk.instance_id = instance_id;
  disk.device = "/dev/xvd" + std::string(1, static_cast<char>('b' + r.data.data_disk_ids.size()));
  disk.attached_time = now;
  // Disks attached after launch are kept on release unless the caller says otherwise.
  disk.delete_with_instance = delete_with_instance.value_or(false);
  r.data.data_disk_ids.push_back(disk_id);
}

void EcsModel::detach_disk(EcsPartition& scope, const std::string& instance_id,
                           const std::string& disk_id, std::optional<bool> delete_with_instance,
                           core::TimeMs now) {
  InstanceRecord& r = require_instance(scope, instance_id);
  Disk& disk = require_disk(scope, disk_id);
  if (disk.instance_id != instance_id) {
    throw core::ServiceError("DependencyViolation",
                             "The specified disk is not attached to the specified instance.", 403);
  }
  if (disk.type == "system") {
    const std::string status = status_of(r, now);
    if (status != "Stopped") throw errors::incorrect_instance_status();
  }
  disk.status = "Available";
  disk.instance_id.clear();
  disk.device.clear();
  disk.detached_time = now;
  if (delete_with_instance) disk.delete_with_instance = *delete_with_instance;
  if (disk.type == "system") {
    r.data.system_disk_id.clear();
  } else {
    auto& ids = r.data.data_disk_ids;
    ids.erase(std::remove(ids.begin(), ids.end(), disk_id), ids.end());
  }
}

void EcsModel::delete_disk(EcsPartition& scope, const std::string& disk_id, core::TimeMs) {
  Disk& disk = require_disk(scope, disk_id);
  if (disk.status != "Available") throw incorrect_disk_status();
  release_disk(*home_of(scope, disk_id), disk_id);
}

void EcsModel::modify_disk_attribute(EcsPartition& scope, const DiskAttributeChange& c) {
  Disk& disk = require_disk(scope, c.disk_id);
  if (c.delete_with_instance && !*c.delete_with_instance && disk.type == "system") {
    throw core::ServiceError("NoAttributeToModify",
                             "The system disk is always released with its instance.", 403);
  }
  if (c.delete_with_instance) disk.delete_with_instance = *c.delete_with_instance;
  if (c.delete_auto_snapshot) disk.delete_auto_snapshot = *c.delete_auto_snapshot;
  if (c.enable_auto_snapshot) disk.enable_auto_snapshot = *c.enable_auto_snapshot;
  if (c.disk_name) disk.disk_name = *c.disk_name;
  if (c.description) disk.description = *c.description;
}

std::string EcsModel::create_snapshot(EcsPartition& scope, const std::string& disk_id,
                                      const std::string& name, const std::string& description,
                                      const std::string& snapshot_type, core::TimeMs now) {
  Disk& disk = require_disk(scope, disk_id);
  if (disk.status != "In_use" && disk.status != "Available") throw incorrect_disk_status();
  EcsPartition& p = *home_of(scope, disk_id);
  Snapshot s;
  s.snapshot_id = core::resource_id("s", 20);
  s.account = scope.key.account;
  s.region_id = disk.region_id;
  s.snapshot_name = name;
  s.description = description;
  s.source_disk_id = disk_id;
  s.source_disk_type = disk.type == "system" ? "System" : "Data";
  s.source_disk_size = disk.size_gib;
  s.snapshot_type = snapshot_type;
  s.creation_time = now;
  home_[s.snapshot_id] = p.key;
  const std::string id = s.snapshot_id;
  p.snapshots.emplace(id, std::move(s));
  return id;
}

SnapshotPage EcsModel::describe_snapshots(EcsPartition& scope, const SnapshotFilter& f,
                                          const PageRequest& page) {
  if (f.region_id.empty()) throw errors::missing_parameter("RegionId");
  std::vector<std::pair<std::string, const Snapshot*>> matches;
  const EcsPartition& p = scope;
  for (const auto& [id, s] : std::as_const(p.snapshots)) {
    if (!f.disk_id.empty() && s.source_disk_id != f.disk_id) continue;
    if (f.snapshot_ids && !contains(*f.snapshot_ids, id)) continue;
    if (!f.snapshot_type.empty() && f.snapshot_type != "all" &&
        s.snapshot_type != f.snapshot_type) {
      continue;
    }
    if (!f.instance_id.empty()) {
      auto d = p.disks.find(s.source_disk_id);
      if (d == p.disks.end() || d->second.instance_id != f.instance_id) continue;
    }
    matches.emplace_back(sequence_key(static_cast<std::uint64_t>(s.creation_time), id), &s);
  }
  std::sort(matches.begin(), matches.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> keys;
  for (const auto& m : matches) keys.push_back(m.first);
  const PageSlice slice = select_page(keys, page);
  SnapshotPage out;
  out.page = slice.info;
  for (std::size_t i = slice.begin; i < slice.end; ++i) {
    out.snapshots.push_back(*matches[i].second);
  }
  return out;
}

void EcsModel::delete_snapshot(EcsPartition& scope, const std::string& snapshot_id) {
  if (snapshot_id.empty()) throw errors::missing_parameter("SnapshotId");
  EcsPartition* p = home_of(scope, snapshot_id);
  if (!p || !p->snapshots.contains(snapshot_id)) throw errors::snapshot_not_found(snapshot_id);
  p->snapshots.erase(snapshot_id);
  home_.erase(snapshot_id);
}

}  // namespace cloudlife::ecs
