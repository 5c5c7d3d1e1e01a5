#include "usage/ecs_meter.h"

#include <utility>

#include "usage/meter_changes.h"

namespace cloudlife::usage {
namespace {

Tags tags_of(const std::vector<ecs::Tag>& tags) {
  Tags out;
  for (const ecs::Tag& t : tags) out.emplace_back(t.key, t.value);
  return out;
}

// The instance is released (or being released) or gone.
bool released(const ecs::EcsPartition& p, const std::string& instance_id) {
  auto it = p.instances.find(instance_id);
  return it == p.instances.end() || it->second.releasing.has_value();
}

void add_tags(Fingerprint& f, const std::vector<ecs::Tag>& tags) {
  for (const ecs::Tag& t : tags) f.add(t.key).add(t.value);
}

std::uint64_t instance_fingerprint(const ecs::InstanceRecord& r) {
  const ecs::Instance& d = r.data;
  Fingerprint f;
  f.add(core::state_code(r.life.state())).add(r.life.since()).add(r.releasing.has_value());
  f.add(static_cast<int>(d.charge_type)).add(d.stopped_mode).add(d.instance_type);
  f.add(d.creation_time).add(d.expired_time.value_or(-1));
  add_tags(f, d.tags);
  return f.value();
}

std::uint64_t disk_fingerprint(const ecs::Disk& disk) {
  Fingerprint f;
  f.add(disk.status).add(disk.instance_id).add(disk.category).add(disk.size_gib);
  f.add(disk.creation_time);
  add_tags(f, disk.tags);
  return f.value();
}

std::uint64_t eip_fingerprint(const ecs::EipAddress& eip) {
  Fingerprint f;
  f.add(eip.status).add(eip.instance_id).add(eip.allocation_time);
  return f.value();
}

bool source_disk_gone(const ecs::EcsPartition& p, const ecs::Snapshot& s) {
  return !s.source_disk_id.empty() && !p.disks.contains(s.source_disk_id);
}

std::uint64_t snapshot_fingerprint(const ecs::EcsPartition& p, const ecs::Snapshot& s) {
  Fingerprint f;
  f.add(s.creation_time).add(s.source_disk_size).add(source_disk_gone(p, s));
  add_tags(f, s.tags);
  return f.value();
}

void meter_instance(const ecs::EcsPartition& p, const ecs::InstanceRecord& r, Ledger& ledger,
                    core::TimeMs now) {
  const ecs::Instance& d = r.data;
  const std::uint64_t fingerprint = instance_fingerprint(r);
  if (ledger.unchanged(&r, d.instance_id, fingerprint)) return;
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
  ledger.remember(&r, d.instance_id, fingerprint, {&payg_key, &term}, now);
}

std::string disk_leak_reason(const ecs::EcsPartition& p, const Ledger& ledger,
                             const ResourceKey& key) {
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

void meter_disk(const ecs::EcsPartition& p, const ecs::Disk& disk, Ledger& ledger,
                core::TimeMs now) {
  const std::uint64_t fingerprint = disk_fingerprint(disk);
  if (ledger.unchanged(&disk, disk.disk_id, fingerprint)) return;

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
  ledger.remember(&disk, disk.disk_id, fingerprint, {&o.key}, now);
}

std::string eip_leak_reason(const ecs::EcsPartition& p, const Ledger& ledger,
                            const ResourceKey& key) {
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

void meter_eip(const ecs::EcsPartition& p, const ecs::EipAddress& eip, Ledger& ledger,
               core::TimeMs now) {
  const std::uint64_t fingerprint = eip_fingerprint(eip);
  if (ledger.unchanged(&eip, eip.allocation_id, fingerprint)) return;

  Observation o;
  o.key = {"ecs", p.key.account, p.key.region, "eip", eip.allocation_id};
  o.rule = Rule::kHours;
  o.billable = true;
  o.since = eip.allocation_time;
  o.holder = eip.instance_id;
  if (eip.status == "Available") o.leak_reason = eip_leak_reason(p, ledger, o.key);
  ledger.see(o, now);
  ledger.remember(&eip, eip.allocation_id, fingerprint, {&o.key}, now);
}

void meter_snapshot(const ecs::EcsPartition& p, const ecs::Snapshot& s, Ledger& ledger,
                    core::TimeMs now) {
  const std::uint64_t fingerprint = snapshot_fingerprint(p, s);
  if (ledger.unchanged(&s, s.snapshot_id, fingerprint)) return;
  const bool disk_gone = source_disk_gone(p, s);

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
  ledger.remember(&s, s.snapshot_id, fingerprint, {&o.key}, now);
}

}  // namespace

void report_gone_ecs(core::LockProof held, ecs::EcsModel& model, Ledger& ledger, core::TimeMs now) {
  model.for_each_partition(held, [&](const core::PartitionKey&, ecs::EcsPartition& p) {
    report_erased(ledger, now, p.instances);
    // A snapshot whose source disk is released becomes a leak: its observation reads the disks.
    if (report_erased(ledger, now, p.disks)) p.snapshots.note_all();
    report_erased(ledger, now, p.eips);
    report_erased(ledger, now, p.snapshots);
  });
}

void meter_ecs(core::LockProof held, ecs::EcsModel& model, Ledger& ledger, core::TimeMs now) {
  model.for_each_partition(held, [&](const core::PartitionKey&, ecs::EcsPartition& p) {
    meter_noted(p.instances,
                [&](const ecs::InstanceRecord& r) { meter_instance(p, r, ledger, now); });
    meter_noted(p.disks, [&](const ecs::Disk& d) { meter_disk(p, d, ledger, now); });
    meter_noted(p.eips, [&](const ecs::EipAddress& e) { meter_eip(p, e, ledger, now); });
    meter_noted(p.snapshots, [&](const ecs::Snapshot& s) { meter_snapshot(p, s, ledger, now); });
  });
}

void check_ecs(core::LockProof held, ecs::EcsModel& model, const Ledger& ledger,
               MeterCheck& check) {
  model.for_each_partition(held, [&](const core::PartitionKey&, ecs::EcsPartition& p) {
    for (const auto& [id, r] : std::as_const(p.instances)) {
      check.visit(ledger, &r, r.data.instance_id, instance_fingerprint(r));
    }
    for (const auto& [id, d] : std::as_const(p.disks)) {
      check.visit(ledger, &d, d.disk_id, disk_fingerprint(d));
    }
    for (const auto& [id, e] : std::as_const(p.eips)) {
      check.visit(ledger, &e, e.allocation_id, eip_fingerprint(e));
    }
    for (const auto& [id, s] : std::as_const(p.snapshots)) {
      check.visit(ledger, &s, s.snapshot_id, snapshot_fingerprint(p, s));
    }
  });
}

void note_all_ecs(core::LockProof held, ecs::EcsModel& model) {
  model.for_each_partition(held, [](const core::PartitionKey&, ecs::EcsPartition& p) {
    p.instances.note_all();
    p.disks.note_all();
    p.eips.note_all();
    p.snapshots.note_all();
  });
}

}  // namespace cloudlife::usage
