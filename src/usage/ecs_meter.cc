#include "usage/ecs_meter.h"

namespace cloudlife::usage {
namespace {

Tags tags_of(const std::vector<ecs::Tag>& tags) {
  Tags out;
  for (const ecs::Tag& t : tags) out.emplace_back(t.key, t.value);
  return out;
}

// The instance is released (or being released) or gone.
bool released(ecs::EcsPartition& p, const std::string& instance_id) {
  auto it = p.instances.find(instance_id);
  return it == p.instances.end() || it->second.releasing.has_value();
}

void add_tags(Fingerprint& f, const std::vector<ecs::Tag>& tags) {
  for (const ecs::Tag& t : tags) f.add(t.key).add(t.value);
}

void meter_instance(ecs::EcsPartition& p, const ecs::InstanceRecord& r, Ledger& ledger,
                    core::TimeMs now) {
  const ecs::Instance& d = r.data;
  Fingerprint f;
  f.add(core::state_code(r.life.state())).add(r.life.since()).add(r.releasing.has_value());
  f.add(static_cast<int>(d.charge_type)).add(d.stopped_mode).add(d.instance_type);
  f.add(d.creation_time).add(d.expired_time.value_or(-1));
  add_tags(f, d.tags);
  if (ledger.unchanged(&r, d.instance_id, f.value())) return;
  const bool gone = r.releasing.has_value();
  ResourceKey payg_key{"ecs", p.key.account, p.key.region, "instance", d.instance_id};
  ResourceKey term{"ecs", p.key.account, p.key.region, "subscription", d.instance_id};
  const Tags tags = tags_of(d.tags);

  Observation o;
  o.key = payg_key;
  o.rule = Rule::kPerSecond;
  o.billable = d.charge_type == ecs::ChargeType::kPostPaid &&
               ecs_payg_instance_bills(r.life.state(), d.stopped_mode, gone);
  // Billing starts at creation (or restart); after a switch from subscription, at the switch.
  const bool payg = d.charge_type == ecs::ChargeType::kPostPaid;
  const bool switched = ledger.find(term) != nullptr;
  if (!gone && payg && !(o.billable && switched)) o.since = r.life.since();
  o.sku = d.instance_type;
  o.tags = tags;
  ledger.see(o, now);

  if (d.charge_type == ecs::ChargeType::kPrePaid || ledger.find(term)) {
    Observation s;
    s.key = term;
    s.rule = Rule::kSubscriptionHours;
    s.billable = d.charge_type == ecs::ChargeType::kPrePaid && !gone;
    s.since = ledger.find(payg_key) && !ledger.find(payg_key)->intervals.empty()
                  ? std::nullopt
                  : std::optional<core::TimeMs>(d.creation_time);
    s.sku = d.instance_type;
    s.paid_until = d.expired_time;
    s.tags = tags;
    ledger.see(s, now);
  }
  ledger.remember(&r, d.instance_id, f.value(), {&payg_key, &term});
}

std::string disk_leak_reason(ecs::EcsPartition& p, const Ledger& ledger, const ResourceKey& key) {
  const Resource* prior = ledger.find(key);
  const std::string last = prior ? prior->last_holder : "";
  const std::string billing = ": the cloud disk keeps billing until it is released";
  if (last.empty()) return "disk Available, never attached" + billing;
  if (released(p, last)) {
    return "disk left Available after instance " + last +
           " was released (DeleteWithInstance false)" + billing;
  }
  return "disk detached from " + last + " and not attached since" + billing;
}

void meter_disk(ecs::EcsPartition& p, const ecs::Disk& disk, Ledger& ledger, core::TimeMs now) {
  Fingerprint f;
  f.add(disk.status).add(disk.instance_id).add(disk.category).add(disk.size_gib);
  f.add(disk.creation_time);
  add_tags(f, disk.tags);
  if (ledger.unchanged(&disk, disk.disk_id, f.value())) return;

  Observation o;
  o.key = {"ecs", p.key.account, p.key.region, "disk", disk.disk_id};
  o.rule = Rule::kGibSeconds;
  o.billable = true;
  o.since = disk.creation_time;
  o.sku = disk.category;
  o.size_gib = disk.size_gib;
  o.tags = tags_of(disk.tags);
  o.holder = disk.instance_id;
  if (disk.status == "Available") o.leak_reason = disk_leak_reason(p, ledger, o.key);
  ledger.see(o, now);
  ledger.remember(&disk, disk.disk_id, f.value(), {&o.key});
}

std::string eip_leak_reason(ecs::EcsPartition& p, const Ledger& ledger, const ResourceKey& key) {
  const Resource* prior = ledger.find(key);
  const std::string billing = ": the EIP keeps billing until it is released";
  if (!prior || prior->last_holder.empty()) return "EIP allocated and not associated" + billing;
  const std::string& last = prior->last_holder;
  if (!released(p, last)) return "EIP unassociated from " + last + billing;
  if (prior->first_holder == last) {
    return "EIP converted from the NAT public IP of instance " + last +
           " (ConvertNatPublicIpToEip) stays after the instance was released" + billing;
  }
  return "EIP left after instance " + last + " was released" + billing;
}

void meter_eip(ecs::EcsPartition& p, const ecs::EipAddress& eip, Ledger& ledger, core::TimeMs now) {
  Fingerprint f;
  f.add(eip.status).add(eip.instance_id).add(eip.allocation_time);
  if (ledger.unchanged(&eip, eip.allocation_id, f.value())) return;

  Observation o;
  o.key = {"ecs", p.key.account, p.key.region, "eip", eip.allocation_id};
  o.rule = Rule::kHours;
  o.billable = true;
  o.since = eip.allocation_time;
  o.holder = eip.instance_id;
  if (eip.status == "Available") o.leak_reason = eip_leak_reason(p, ledger, o.key);
  ledger.see(o, now);
  ledger.remember(&eip, eip.allocation_id, f.value(), {&o.key});
}

void meter_snapshot(ecs::EcsPartition& p, const ecs::Snapshot& s, Ledger& ledger,
                    core::TimeMs now) {
  const bool disk_gone = !s.source_disk_id.empty() && !p.disks.contains(s.source_disk_id);
  Fingerprint f;
  f.add(s.creation_time).add(s.source_disk_size).add(disk_gone);
  add_tags(f, s.tags);
  if (ledger.unchanged(&s, s.snapshot_id, f.value())) return;

  Observation o;
  o.key = {"ecs", p.key.account, p.key.region, "snapshot", s.snapshot_id};
  o.rule = Rule::kGibSeconds;
  o.billable = true;
  o.since = s.creation_time;
  o.size_gib = s.source_disk_size;
  o.tags = tags_of(s.tags);
  if (disk_gone) {
    o.leak_reason = (s.snapshot_type == "auto" ? "automatic snapshot kept after its disk "
                                               : "snapshot of released disk ") +
                    s.source_disk_id + ": snapshot storage keeps billing until it is deleted";
  }
  ledger.see(o, now);
  ledger.remember(&s, s.snapshot_id, f.value(), {&o.key});
}

}  // namespace

void meter_ecs(core::LockProof held, ecs::EcsModel& model, Ledger& ledger, core::TimeMs now) {
  model.for_each_partition(held, [&](const core::PartitionKey&, ecs::EcsPartition& p) {
    for (const auto& [id, r] : p.instances) meter_instance(p, r, ledger, now);
    for (const auto& [id, disk] : p.disks) meter_disk(p, disk, ledger, now);
    for (const auto& [id, eip] : p.eips) meter_eip(p, eip, ledger, now);
    for (const auto& [id, s] : p.snapshots) meter_snapshot(p, s, ledger, now);
  });
}

}  // namespace cloudlife::usage
