#include "usage/ec2_meter.h"

#include <utility>

#include "usage/meter_changes.h"

namespace cloudlife::usage {
namespace {

using core::InstanceState;

Tags tags_of(const ec2::TagSet& set) {
  Tags out;
  for (const ec2::Tag& t : set.items()) out.emplace_back(t.key, t.value);
  return out;
}

bool hibernating(const ec2::Instance& i) {
  if (i.lifecycle.state() != InstanceState::kStopping) return false;
  if (i.state_reason && i.state_reason->code == "Client.UserInitiatedHibernate") return true;
  return i.spot && i.spot_interruption_behavior == "hibernate";
}

bool gone_or_terminating(const ec2::Ec2Partition& p, const std::string& instance_id) {
  const ec2::Instance* i = p.find_instance(instance_id);  // const: notes nothing
  if (!i) return true;
  const InstanceState s = i->lifecycle.state();
  return s == InstanceState::kTerminated || s == InstanceState::kShuttingDown;
}

// Why an `available` volume still costs: what left it there.
std::string volume_leak_reason(const ec2::Ec2Partition& p, const Ledger& ledger,
                               const ResourceKey& key) {
  const Resource* prior = ledger.find(key);
  const std::string last = prior ? prior->last_holder : "";
  const std::string billing = ": EBS storage is billed per GiB-month until the volume is deleted";
  if (last.empty()) return "volume available, never attached" + billing;
  if (gone_or_terminating(p, last)) {
    return "volume left available by terminated instance " + last + " (DeleteOnTermination false)" +
           billing;
  }
  return "volume detached from " + last + " and not attached since" + billing;
}

void add_tags(Fingerprint& f, const ec2::TagSet& tags) {
  for (const ec2::Tag& t : tags.items()) f.add(t.key).add(t.value);
}

std::uint64_t instance_fingerprint(const ec2::Instance& i) {
  Fingerprint f;
  f.add(core::state_code(i.lifecycle.state())).add(i.lifecycle.since()).add(i.launch_time);
  f.add(i.public_ip.empty()).add(hibernating(i)).add(i.instance_type);
  add_tags(f, i.tags);
  return f.value();
}

std::uint64_t volume_fingerprint(const ec2::Volume& v) {
  Fingerprint f;
  f.add(v.state).add(v.create_time).add(v.volume_type).add(v.size);
  static const std::string kDetached;
  f.add(v.attachment ? v.attachment->instance_id : kDetached);  // by reference: no copy per pass
  add_tags(f, v.tags);
  return f.value();
}

void meter_instance(const ec2::Ec2Partition& p, const ec2::Instance& i, Ledger& ledger,
                    core::TimeMs now) {
  const std::uint64_t fingerprint = instance_fingerprint(i);
  if (ledger.unchanged(&i, i.instance_id, fingerprint)) return;

  Observation o;
  o.key = {"ec2", p.key.account, p.key.region, "instance", i.instance_id.str()};
  o.rule = Rule::kEc2InstanceSeconds;
  o.billable = ec2_instance_bills(i.lifecycle.state(), hibernating(i));
  o.since = i.lifecycle.since();
  o.sku = i.instance_type;
  o.tags = tags_of(i.tags);
  ledger.see(o, now);

  // A public IPv4 address bills per hour while the instance holds one (since its last launch or
  // start; it is given back when the instance stops or terminates).
  Observation ip;
  ip.key = {"ec2", p.key.account, p.key.region, "public-ipv4", i.instance_id.str()};
  ip.rule = Rule::kHours;
  ip.billable = !i.public_ip.empty();
  ip.since = ip.billable ? i.launch_time : i.lifecycle.since();
  ip.tags = o.tags;
  ip.holder = i.instance_id;
  ledger.see(ip, now);
  ledger.remember(&i, i.instance_id, fingerprint, {&o.key, &ip.key}, now);
}

void meter_volume(const ec2::Ec2Partition& p, const ec2::Volume& v, Ledger& ledger,
                  core::TimeMs now) {
  const std::uint64_t fingerprint = volume_fingerprint(v);
  if (ledger.unchanged(&v, v.volume_id, fingerprint)) return;

  Observation o;
  o.key = {"ec2", p.key.account, p.key.region, "volume", v.volume_id.str()};
  o.rule = Rule::kGibSeconds;
  o.billable = v.state != "deleting";
  o.since = o.billable ? std::optional<core::TimeMs>(v.create_time) : std::nullopt;
  o.sku = v.volume_type;
  o.size_gib = v.size;
  o.tags = tags_of(v.tags);
  if (v.attachment) o.holder = v.attachment->instance_id;
  if (v.state == "available") o.leak_reason = volume_leak_reason(p, ledger, o.key);
  ledger.see(o, now);
  ledger.remember(&v, v.volume_id, fingerprint, {&o.key}, now);
}

}  // namespace

void report_gone_ec2(core::LockProof held, ec2::Ec2Model& model, Ledger& ledger, core::TimeMs now) {
  model.for_each_partition(held, [&](const core::PartitionKey&, ec2::Ec2Partition& p) {
    report_erased(ledger, now, p.instances);
    report_erased(ledger, now, p.volumes);
  });
}

void meter_ec2(core::LockProof held, ec2::Ec2Model& model, Ledger& ledger, core::TimeMs now) {
  model.for_each_partition(held, [&](const core::PartitionKey&, ec2::Ec2Partition& p) {
    meter_noted(p.instances, [&](const ec2::Instance& i) { meter_instance(p, i, ledger, now); });
    meter_noted(p.volumes, [&](const ec2::Volume& v) { meter_volume(p, v, ledger, now); });
  });
}

void check_ec2(core::LockProof held, ec2::Ec2Model& model, const Ledger& ledger,
               MeterCheck& check) {
  model.for_each_partition(held, [&](const core::PartitionKey&, ec2::Ec2Partition& p) {
    for (const auto& [id, i] : std::as_const(p.instances)) {
      check.visit(ledger, &i, i.instance_id, instance_fingerprint(i));
    }
    for (const auto& [id, v] : std::as_const(p.volumes)) {
      check.visit(ledger, &v, v.volume_id, volume_fingerprint(v));
    }
  });
}

void note_all_ec2(core::LockProof held, ec2::Ec2Model& model) {
  model.for_each_partition(held, [](const core::PartitionKey&, ec2::Ec2Partition& p) {
    p.instances.note_all();
    p.volumes.note_all();
  });
}

}  // namespace cloudlife::usage
