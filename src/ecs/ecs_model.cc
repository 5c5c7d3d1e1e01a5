// Lookup, status presentation, regions and the state dump of the ECS model.
#include "ecs/ecs_model.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "core/ids.h"
#include "ecs/ecs_errors.h"

namespace cloudlife::ecs {

void EcsPartition::unlist(const InstanceRecord& r) {
  const auto it =
      std::lower_bound(listed.begin(), listed.end(), r.seq,
                       [](const InstanceRecord* a, std::uint64_t seq) { return a->seq < seq; });
  if (it != listed.end() && *it == &r) listed.erase(it);
  index.remove(r);
}

void EcsPartition::relist(core::TimeMs now) {
  listed.clear();
  index = InstanceIndex();
  for (const auto& [id, r] : std::as_const(instances)) {
    if (!r.releasing) listed.push_back(&r);
  }
  std::sort(listed.begin(), listed.end(),
            [](const InstanceRecord* a, const InstanceRecord* b) { return a->seq < b->seq; });
  // Added in launch order, as launch() adds them; each unsettled until a refresh reads it.
  for (const InstanceRecord* r : listed) index.add(*r, EcsModel::status_of(*r, now));
}

using core::InstanceState;

std::string_view charge_type_name(ChargeType c) {
  return c == ChargeType::kPrePaid ? "PrePaid" : "PostPaid";
}

std::string_view release_cause_name(ReleaseCause c) {
  switch (c) {
    case ReleaseCause::kManual:
      return "manual";
    case ReleaseCause::kAutoReleaseTime:
      return "auto-release-time";
    case ReleaseCause::kSubscriptionExpired:
      return "subscription-expired";
    case ReleaseCause::kOverdue:
      return "overdue";
    case ReleaseCause::kSecurity:
      return "security";
  }
  return "manual";
}

EcsModel::EcsModel(core::Engine& engine) : engine_(engine) {
  define_events();
}

// The handlers are in ecs_instances.cc (boot, stop) and ecs_release.cc (the others).
void EcsModel::define_events() {
  core::Scheduler& s = engine_.scheduler();
  boot_settled_kind_ =
      s.define("ecs.instance-running", std::bind_front(&EcsModel::on_boot_settled, this));
  stop_settled_kind_ =
      s.define("ecs.instance-stopped", std::bind_front(&EcsModel::on_stop_settled, this));
  release_settled_kind_ =
      s.define("ecs.instance-released", std::bind_front(&EcsModel::on_release_settled, this));
  auto_release_kind_ =
      s.define("ecs.auto-release", std::bind_front(&EcsModel::on_auto_release, this));
  expiry_kind_ = s.define("ecs.subscription-expiry", std::bind_front(&EcsModel::on_expired, this));
  expired_reclaim_kind_ =
      s.define("ecs.expired-reclaim", std::bind_front(&EcsModel::on_expired_reclaim, this));
}

InstanceRecord* EcsModel::instance_in(EcsPartition& p, const std::string& id) {
  auto it = p.instances.find(id);
  return it == p.instances.end() ? nullptr : &it->second;
}

EcsPartition& EcsModel::partition(core::LockProof held, const core::PartitionKey& key) {
  return parts_.get(held, key);
}

EcsPartition* EcsModel::partition_holding(core::LockProof held, const std::string& account,
                                          const std::string& id) {
  auto it = home_.find(id);
  if (it == home_.end() || it->second.account != account) return nullptr;
  return parts_.find(held, it->second);
}

EcsPartition* EcsModel::home_of(const EcsPartition& scope, const std::string& id) {
  return partition_holding(scope, scope.key.account, id);
}

InstanceRecord* EcsModel::find_instance(const EcsPartition& scope, const std::string& id) {
  EcsPartition* p = home_of(scope, id);
  if (!p) return nullptr;
  auto it = p->instances.find(id);
  if (it == p->instances.end() || it->second.releasing) return nullptr;
  return &it->second;
}

InstanceRecord& EcsModel::require_instance(const EcsPartition& scope, const std::string& id) {
  if (id.empty()) throw errors::missing_parameter("InstanceId");
  InstanceRecord* r = find_instance(scope, id);
  if (!r) throw errors::instance_not_found(id);
  return *r;
}

Disk& EcsModel::require_disk(const EcsPartition& scope, const std::string& id) {
  if (id.empty()) throw errors::missing_parameter("DiskId");
  EcsPartition* p = home_of(scope, id);
  if (p) {
    auto it = p->disks.find(id);
    if (it != p->disks.end()) return it->second;
  }
  throw errors::disk_not_found(id);
}

EipAddress& EcsModel::require_eip(const EcsPartition& scope, const std::string& id) {
  if (id.empty()) throw errors::missing_parameter("AllocationId");
  EcsPartition* p = home_of(scope, id);
  if (p) {
    auto it = p->eips.find(id);
    if (it != p->eips.end()) return it->second;
  }
  throw errors::eip_not_found(id);
}

std::string EcsModel::status_of(const InstanceRecord& r, core::TimeMs now) {
  if (r.releasing) return "";
  switch (r.life.state()) {
    case InstanceState::kPending: {
      if (r.started_before) return "Starting";
      const core::TimeMs half = r.boot_started + (r.boot_until - r.boot_started) / 2;
      return now < half ? "Pending" : "Starting";
    }
    case InstanceState::kRunning:
      if (now < r.reboot_until) {
        const core::TimeMs half = r.reboot_started + (r.reboot_until - r.reboot_started) / 2;
        return now < half ? "Stopping" : "Starting";
      }
      return "Running";
    case InstanceState::kStopping:
      return "Stopping";
    case InstanceState::kStopped:
      return now < r.creating_until ? "Pending" : "Stopped";
    case InstanceState::kShuttingDown:
    case InstanceState::kTerminated:
      return "";
  }
  return "";
}

bool EcsModel::status_settled(const InstanceRecord& r, core::TimeMs now) {
  if (r.releasing || r.life.settling()) return false;
  switch (r.life.state()) {
    case InstanceState::kRunning:
      return now >= r.reboot_until;
    case InstanceState::kStopped:
      return now >= r.creating_until;
    default:
      return false;  // Pending reads Pending, then Starting, with time alone
  }
}

Instance EcsModel::view(core::LockProof held, const InstanceRecord& r, core::TimeMs now) const {
  Instance out = r.data;
  out.status = status_of(r, now);
  if (out.status != "Stopped") out.stopped_mode = "Not-applicable";
  if (!out.eip_allocation_id.empty()) {
    auto home = home_.find(out.eip_allocation_id);
    const EcsPartition* p = home == home_.end() ? nullptr : parts_.find(held, home->second);
    if (p) {
      auto e = p->eips.find(out.eip_allocation_id);
      if (e != p->eips.end()) {
        out.eip_ip_address = e->second.ip_address;
        out.eip_bandwidth = e->second.bandwidth;
        out.eip_internet_charge_type = e->second.internet_charge_type;
      }
    }
  }
  return out;
}

void EcsModel::cancel_event(core::EventId& id) {
  if (id != 0) engine_.scheduler().cancel(id);
  id = 0;
}

std::string EcsModel::new_public_ip() {
  const std::uint32_t n = next_ip_++;
  return "47." + std::to_string(96 + (n >> 16) % 32) + "." + std::to_string((n >> 8) & 0xff) + "." +
         std::to_string(n & 0xff);
}

std::string EcsModel::new_private_ip() {
  const std::uint32_t n = next_ip_++;
  return "172.16." + std::to_string((n >> 8) & 0xff) + "." + std::to_string(n & 0xff);
}

void EcsModel::clear(core::LockProof held) {
  parts_.clear(held);
  home_.clear();
  seq_.clear();
  next_seq_ = 1;
  next_ip_ = 1;
}

namespace {

nlohmann::json tags_json(const std::vector<Tag>& tags) {
  nlohmann::json out = nlohmann::json::object();
  for (const Tag& t : tags) out[t.key] = t.value;
  return out;
}

nlohmann::json opt_time(const std::optional<core::TimeMs>& t) {
  return t ? nlohmann::json(core::format_iso8601_s(*t)) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json EcsModel::dump(core::LockProof held, core::TimeMs now) const {
  nlohmann::json out = nlohmann::json::object();
  nlohmann::json instances = nlohmann::json::array();
  nlohmann::json disks = nlohmann::json::array();
  nlohmann::json snapshots = nlohmann::json::array();
  nlohmann::json eips = nlohmann::json::array();
  parts_.for_each(held, [&](const core::PartitionKey& key, const EcsPartition& p) {
    for (const auto& [id, r] : std::as_const(p.instances)) {
      const Instance& d = r.data;
      nlohmann::json locks = nlohmann::json::array();
      for (const OperationLock& l : d.operation_locks) locks.push_back(l.reason);
      instances.push_back({
          {"account", key.account},
          {"region", key.region},
          {"instance_id", id},
          {"zone_id", d.zone_id},
          {"status", status_of(r, now)},
          {"core_state", std::string(core::state_name(r.life.state()))},
          {"releasing", r.releasing ? nlohmann::json(std::string(release_cause_name(*r.releasing)))
                                    : nlohmann::json(nullptr)},
          {"instance_type", d.instance_type},
          {"charge_type", std::string(charge_type_name(d.charge_type))},
          {"expired_time", opt_time(d.expired_time)},
          {"auto_release_time", opt_time(d.auto_release_time)},
          {"deletion_protection", d.deletion_protection},
          {"public_ip", d.public_ip},
          {"eip_allocation_id", d.eip_allocation_id},
          {"system_disk_id", d.system_disk_id},
          {"data_disk_ids", d.data_disk_ids},
          {"operation_locks", locks},
          {"tags", tags_json(d.tags)},
          {"auto_renew", d.auto_renew},
          {"auto_renew_period", d.auto_renew_period},
          {"private_ip", d.private_ip},
          {"security_group_ids", d.security_group_ids},
          {"user_data", d.user_data},
      });
    }
    for (const auto& [id, d] : std::as_const(p.disks)) {
      disks.push_back({{"account", key.account},
                       {"region", key.region},
                       {"disk_id", id},
                       {"type", d.type},
                       {"status", d.status},
                       {"instance_id", d.instance_id},
                       {"size_gib", d.size_gib},
                       {"delete_with_instance", d.delete_with_instance},
                       {"delete_auto_snapshot", d.delete_auto_snapshot}});
    }
    for (const auto& [id, s] : std::as_const(p.snapshots)) {
      snapshots.push_back({{"account", key.account},
                           {"region", key.region},
                           {"snapshot_id", id},
                           {"source_disk_id", s.source_disk_id},
                           {"snapshot_type", s.snapshot_type}});
    }
    for (const auto& [id, e] : std::as_const(p.eips)) {
      eips.push_back({{"account", key.account},
                      {"region", key.region},
                      {"allocation_id", id},
                      {"ip_address", e.ip_address},
                      {"status", e.status},
                      {"instance_id", e.instance_id}});
    }
  });
  out["instances"] = instances;
  out["disks"] = disks;
  out["snapshots"] = snapshots;
  out["eip_addresses"] = eips;
  nlohmann::json vpcs = nlohmann::json::array();
  nlohmann::json vswitches = nlohmann::json::array();
  nlohmann::json groups = nlohmann::json::array();
  parts_.for_each(held, [&](const core::PartitionKey& key, const EcsPartition& p) {
    for (const auto& [id, v] : p.vpcs) {
      vpcs.push_back({{"account", key.account},
                      {"region", key.region},
                      {"vpc_id", id},
                      {"cidr_block", v.cidr_block},
                      {"status", now < v.available_at ? "Pending" : "Available"}});
    }
    for (const auto& [id, v] : p.vswitches) {
      vswitches.push_back({{"account", key.account},
                           {"region", key.region},
                           {"vswitch_id", id},
                           {"vpc_id", v.vpc_id},
                           {"zone_id", v.zone_id},
                           {"cidr_block", v.cidr_block},
                           {"used_ips", v.used_ips.size()},
                           {"status", now < v.available_at ? "Pending" : "Available"}});
    }
    for (const auto& [id, g] : p.security_groups) {
      groups.push_back({{"account", key.account},
                        {"region", key.region},
                        {"security_group_id", id},
                        {"vpc_id", g.vpc_id},
                        {"rules", g.rules.size()}});
    }
  });
  out["vpcs"] = vpcs;
  out["vswitches"] = vswitches;
  out["security_groups"] = groups;
  return out;
}

}  // namespace cloudlife::ecs
