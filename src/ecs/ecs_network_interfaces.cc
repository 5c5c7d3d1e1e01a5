// Elastic network interfaces (ENIs): CreateNetworkInterface, DescribeNetworkInterfaces,
// Attach / Detach / Delete / ModifyNetworkInterfaceAttribute, and the primary ENI every instance
// launched into a vSwitch has. Rules, codes and statuses follow the ECS API reference; docs/ecs.md
// ("Elastic network interfaces") sums them up. Creation is synchronous (Available at once);
// attaching reads Attaching for the timing phase "eni-attaching", then InUse; detaching reads
// Detaching for "eni-detaching", then Available. Deletion is immediate.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <set>

#include "core/ids.h"
#include "ecs/cidr.h"
#include "ecs/ecs_errors.h"
#include "ecs/ecs_model.h"
#include "ecs/eni_rules.h"
#include "ecs/paging.h"
#include "ecs/resource_rules.h"

namespace cloudlife::ecs {
namespace {

using core::ServiceError;

ServiceError invalid_ecs_state() {
  return ServiceError("InvalidOperation.InvalidEcsState",
                      "The operation is not allowed in the current ECS state.", 403);
}

ServiceError invalid_eni_type() {
  return ServiceError("InvalidOperation.InvalidEniType",
                      "The operation is not allowed because of the ENI type.", 403);
}

ServiceError vswitch_not_found() {
  return ServiceError("InvalidVSwitchId.NotFound", "The specified VSwitchId does not exist.", 404);
}

// Names: 2-128 characters starting with a letter; descriptions 2-256; neither http(s)://.
void check_names(const std::optional<std::string>& name,
                 const std::optional<std::string>& description) {
  check_eni_names(name, description);
}

std::string mac_of(std::uint32_t low24) {
  char buf[18];
  std::snprintf(buf, sizeof buf, "00:16:3e:%02x:%02x:%02x", (low24 >> 16) & 0xff,
                (low24 >> 8) & 0xff, low24 & 0xff);
  return buf;
}

std::string new_mac() {
  return mac_of(static_cast<std::uint32_t>(core::random_between(0, 0xffffff)));
}

bool eni_matches(const NetworkInterface& e, const NetworkInterfaceFilter& f) {
  if (!f.ids.empty() && !contains(f.ids, e.network_interface_id)) return false;
  if (!f.vswitch_id.empty() && e.vswitch_id != f.vswitch_id) return false;
  if (!f.vpc_id.empty() && e.vpc_id != f.vpc_id) return false;
  if (!f.instance_id.empty() && e.instance_id != f.instance_id) return false;
  if (!f.type.empty() && e.type != f.type) return false;
  if (!f.status.empty() && e.status != f.status) return false;
  if (!f.name.empty() && e.name != f.name) return false;
  if (!f.primary_ip.empty() && e.private_ip != f.primary_ip) return false;
  if (!f.security_group_id.empty() && !contains(e.security_group_ids, f.security_group_id)) {
    return false;
  }
  if (!f.resource_group_id.empty() && e.resource_group_id != f.resource_group_id) return false;
  for (const std::string& ip : f.private_ips) {
    if (e.private_ip != ip && !contains(e.secondary_ips, ip)) return false;
  }
  return tags_match(e.tags, f.tags);
}

// CreateNetworkInterface's names, counts and tags.
void check_new_eni_fields(const CreateNetworkInterfaceRequest& req) {
  check_names(req.name, req.description);
  if (req.secondary_count < 0 || req.secondary_count > 49 || req.secondary_ips.size() > 49) {
    throw errors::invalid_parameter("SecondaryPrivateIpAddressCount");
  }
  if (req.secondary_count > 0 && !req.secondary_ips.empty()) {
    throw ServiceError("InvalidParameter.Conflict",
                       "PrivateIpAddress.N and SecondaryPrivateIpAddressCount cannot be specified "
                       "at the same time.",
                       400);
  }
  if (req.tags.size() > 20) throw errors::invalid_parameter("Tag");
}

// Every address CreateNetworkInterface asks for is a free host address of `vsw`, asked once, and
// the vSwitch has room for all the new ENI takes.
void check_new_eni_addresses(const CreateNetworkInterfaceRequest& req, const VSwitch& vsw) {
  const Cidr block = *parse_cidr(vsw.cidr_block);
  std::vector<std::string> asked = req.secondary_ips;
  if (!req.primary_ip.empty()) asked.push_back(req.primary_ip);
  std::set<std::uint32_t> seen;
  for (const std::string& text : asked)
    require_free_vswitch_address(block, vsw.used_ips, text, seen);
  const std::size_t wanted =
      1 + req.secondary_ips.size() + static_cast<std::size_t>(req.secondary_count);
  if (vswitch_host_count(block) - vsw.used_ips.size() < wanted) {
    throw ServiceError("QuotaExceeded.PrivateIpAddress",
                       "Don't have enough private IPs in this switch.", 400);
  }
}

}  // namespace

ServiceError eni_not_found() {
  return ServiceError("InvalidEniId.NotFound", "The specified NetworkInterfaceId does not exist.",
                      404);
}

ServiceError invalid_eni_state() {
  return ServiceError("InvalidOperation.InvalidEniState",
                      "The operation is not allowed in the current ENI state.", 403);
}

void require_free_vswitch_address(const Cidr& block, const std::set<std::uint32_t>& used,
                                  const std::string& text, std::set<std::uint32_t>& asked) {
  const auto ip = parse_ipv4(text);
  if (!ip || !is_vswitch_host(block, *ip)) {
    throw ServiceError("InvalidPrivateIpAddress",
                       "Specified private IP address is not in the CIDR block of virtual switch.",
                       400);
  }
  if (used.contains(*ip) || !asked.insert(*ip).second) {
    throw ServiceError("InvalidPrivateIpAddress.Duplicated",
                       "Specified private IP address is duplicated.", 400);
  }
}

void check_eni_names(const std::optional<std::string>& name,
                     const std::optional<std::string>& description, const std::string& name_param,
                     const std::string& description_param) {
  if (name && !valid_text(*name, 128)) throw errors::invalid_parameter(name_param);
  if (description && !valid_text(*description, 256)) {
    throw errors::invalid_parameter(description_param);
  }
}

// An ENI made inside a launch: its MAC derives from its ID (FNV-1a), like the ID from its
// instance's.
std::string derived_mac(const std::string& eni_id) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : eni_id) h = (h ^ c) * 16777619u;
  return mac_of(h);
}

int eni_quota(const InstanceTypeInfo* type) {
  return type ? std::max(1, type->eni_quantity) : 1;
}

NetworkInterface& EcsModel::require_eni(const EcsPartition& scope, const std::string& id) {
  if (id.empty()) throw errors::missing_parameter("NetworkInterfaceId");
  if (EcsPartition* p = home_of(scope, id)) {
    auto it = p->enis.find(id);
    if (it != p->enis.end()) return it->second;
  }
  throw eni_not_found();
}

// A primary ENI shows its instance's address and groups; every ENI shows its status at `now`.
NetworkInterface EcsModel::eni_view(const EcsPartition& p, const NetworkInterface& eni,
                                    core::TimeMs now) const {
  NetworkInterface out = eni;
  out.status = now < eni.transition_until ? eni.transition : eni.settled;
  if (eni.type == "Primary") {
    auto it = p.instances.find(eni.instance_id);
    if (it != p.instances.end()) {
      out.private_ip = it->second.data.private_ip;
      out.security_group_ids = it->second.data.security_group_ids;
      out.vswitch_id = it->second.data.vswitch_id;
      out.vpc_id = it->second.data.vpc_id;
      out.eip_allocation_id = it->second.data.eip_allocation_id;
    }
  }
  if (!out.eip_allocation_id.empty()) {
    auto e = p.eips.find(out.eip_allocation_id);
    if (e != p.eips.end()) out.eip_ip_address = e->second.ip_address;
  }
  return out;
}

std::string EcsModel::take_vswitch_ip(VSwitch& vsw, const std::string& wanted) {
  const Cidr block = *parse_cidr(vsw.cidr_block);
  std::uint32_t ip = 0;
  if (!wanted.empty()) {
    ip = *parse_ipv4(wanted);
  } else {
    for (std::uint32_t a = block.base + 1; is_vswitch_host(block, a); ++a) {
      if (!vsw.used_ips.contains(a)) {
        ip = a;
        break;
      }
    }
  }
  vsw.used_ips.insert(ip);
  return format_ipv4(ip);
}

void EcsModel::add_primary_eni(EcsPartition& p, InstanceRecord& r, core::TimeMs now) {
  Instance& d = r.data;
  if (d.vswitch_id.empty()) return;
  // Made inside a launch, so its ID and MAC derive from the instance's and draw nothing from the
  // state-ID sequence: a journal written before ENIs existed replays to the same IDs.
  NetworkInterface eni;
  eni.network_interface_id =
      core::derived_id("eni", d.account + "/" + d.region_id + "/" + d.instance_id, 20);
  eni.account = d.account;
  eni.region_id = d.region_id;
  eni.zone_id = d.zone_id;
  eni.vpc_id = d.vpc_id;
  eni.vswitch_id = d.vswitch_id;
  eni.type = "Primary";
  eni.mac_address = derived_mac(eni.network_interface_id);
  eni.instance_id = d.instance_id;
  eni.creation_time = now;
  eni.attached_time = now;
  eni.settled = "InUse";
  eni.delete_on_release = true;
  eni.seq = next_seq_++;
  d.network_interfaces.insert(
      d.network_interfaces.begin(),
      {eni.network_interface_id, eni.mac_address, d.private_ip, "Primary", {}});
  home_[eni.network_interface_id] = p.key;
  const std::string id = eni.network_interface_id;
  p.enis.emplace(id, std::move(eni));
}

void EcsModel::release_enis(EcsPartition& p, InstanceRecord& r, core::TimeMs now) {
  for (const InstanceNic& nic : r.data.network_interfaces) {
    auto it = p.enis.find(nic.network_interface_id);
    if (it == p.enis.end()) continue;
    NetworkInterface& eni = it->second;
    if (eni.type == "Primary") {
      // Its primary address is the instance's (freed with it); its secondary ones go back here.
      auto vsw = p.vswitches.find(r.data.vswitch_id);
      if (vsw != p.vswitches.end()) {
        for (const std::string& s : eni.secondary_ips) {
          if (const auto ip = parse_ipv4(s)) vsw->second.used_ips.erase(*ip);
        }
      }
      eni.secondary_ips.clear();
      home_.erase(nic.network_interface_id);
      p.enis.erase(it);
    } else if (eni.delete_on_release) {
      erase_eni(p, nic.network_interface_id);
    } else {
      // Any other secondary ENI is detached when its instance is released and stays, Available.
      eni.instance_id.clear();
      eni.settled = "Available";
      eni.transition_until = now;
    }
  }
  r.data.network_interfaces.clear();
}

void EcsModel::erase_eni(EcsPartition& p, const std::string& eni_id) {
  auto it = p.enis.find(eni_id);
  if (it == p.enis.end()) return;
  const NetworkInterface& eni = it->second;
  auto vsw = p.vswitches.find(eni.vswitch_id);
  if (vsw != p.vswitches.end()) {
    if (const auto ip = parse_ipv4(eni.private_ip)) vsw->second.used_ips.erase(*ip);
    for (const std::string& s : eni.secondary_ips) {
      if (const auto ip = parse_ipv4(s)) vsw->second.used_ips.erase(*ip);
    }
  }
  if (!eni.eip_allocation_id.empty()) {
    auto e = p.eips.find(eni.eip_allocation_id);
    if (e != p.eips.end()) {
      e->second.status = "Available";
      e->second.instance_id.clear();
      e->second.instance_type = "EcsInstance";
    }
  }
  home_.erase(eni_id);
  p.enis.erase(it);
}

void EcsModel::sync_instance_nic(EcsPartition& p, const NetworkInterface& eni) {
  if (eni.instance_id.empty()) return;
  auto r = p.instances.find(eni.instance_id);
  if (r == p.instances.end() || r->second.releasing) return;
  for (InstanceNic& nic : r->second.data.network_interfaces) {
    if (nic.network_interface_id == eni.network_interface_id) nic.secondary_ips = eni.secondary_ips;
  }
}

NetworkInterface EcsModel::create_network_interface(EcsPartition& scope,
                                                    const CreateNetworkInterfaceRequest& req,
                                                    core::TimeMs now) {
  if (req.region_id.empty()) throw errors::missing_parameter("RegionId");
  if (req.vswitch_id.empty()) throw errors::missing_parameter("VSwitchId");
  if (req.security_group_ids.empty()) throw errors::missing_parameter("SecurityGroupId");
  EcsPartition* p = home_of(scope, req.vswitch_id);
  auto it = p ? p->vswitches.find(req.vswitch_id) : decltype(p->vswitches.end()){};
  if (!p || it == p->vswitches.end() || it->second.region_id != req.region_id) {
    throw vswitch_not_found();
  }
  VSwitch& vsw = it->second;
  if (now < vsw.available_at) {
    throw ServiceError("IncorrectVSwitchStatus",
                       "The current status of virtual switch does not support this operation.",
                       400);
  }
  check_security_groups(scope, req.region_id, vsw.vpc_id, req.security_group_ids);
  check_new_eni_fields(req);
  check_new_eni_addresses(req, vsw);
  if (req.dry_run) throw errors::dry_run_operation();
  NetworkInterface eni;
  eni.network_interface_id = core::resource_id("eni", 20);
  eni.account = scope.key.account;
  eni.region_id = req.region_id;
  eni.zone_id = vsw.zone_id;
  eni.vpc_id = vsw.vpc_id;
  eni.vswitch_id = vsw.vswitch_id;
  eni.name = req.name;
  eni.description = req.description;
  eni.mac_address = new_mac();
  // Asked addresses first, so an allocated one never takes an address asked for later.
  for (const std::string& ip : req.secondary_ips) vsw.used_ips.insert(*parse_ipv4(ip));
  eni.private_ip = take_vswitch_ip(vsw, req.primary_ip);
  eni.secondary_ips = req.secondary_ips;
  for (int n = 0; n < req.secondary_count; ++n)
    eni.secondary_ips.push_back(take_vswitch_ip(vsw, ""));
  eni.security_group_ids = req.security_group_ids;
  eni.resource_group_id = req.resource_group_id;
  eni.creation_time = now;
  eni.seq = next_seq_++;
  eni.tags = req.tags;
  home_[eni.network_interface_id] = p->key;
  const NetworkInterface& stored =
      p->enis.emplace(eni.network_interface_id, std::move(eni)).first->second;
  return eni_view(*p, stored, now);
}

NetworkInterfacePage EcsModel::describe_network_interfaces(EcsPartition& scope,
                                                           const NetworkInterfaceFilter& f,
                                                           const PageRequest& page,
                                                           core::TimeMs now) {
  if (f.region_id.empty()) throw errors::missing_parameter("RegionId");
  if (f.ids.size() > 100) throw errors::invalid_parameter("NetworkInterfaceId");
  if (!f.type.empty() && f.type != "Primary" && f.type != "Secondary" && f.type != "Trunk" &&
      f.type != "Member") {
    throw errors::invalid_parameter("Type");
  }
  NetworkInterfacePage out;
  std::vector<std::pair<std::string, NetworkInterface>> matches;
  const EcsPartition& p = scope;
  for (const auto& [id, e] : p.enis) {
    NetworkInterface v = eni_view(p, e, now);
    if (!eni_matches(v, f)) continue;
    matches.emplace_back(sequence_key(e.seq, id), std::move(v));
  }
  std::sort(matches.begin(), matches.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> keys;
  keys.reserve(matches.size());
  for (const auto& m : matches) keys.push_back(m.first);
  const PageSlice slice = select_page(keys, page);
  out.page = slice.info;
  for (std::size_t i = slice.begin; i < slice.end; ++i) out.enis.push_back(matches[i].second);
  return out;
}

void EcsModel::attach_network_interface(EcsPartition& scope, const std::string& eni_id,
                                        const std::string& instance_id, core::TimeMs now) {
  NetworkInterface& eni = require_eni(scope, eni_id);
  if (instance_id.empty()) throw errors::missing_parameter("InstanceId");
  InstanceRecord* r = find_instance(scope, instance_id);
  if (!r || r->data.region_id != eni.region_id) {
    throw ServiceError("InvalidEcsId.NotFound", "The specified ECS instance does not exist.", 404);
  }
  EcsPartition& p = *home_of(scope, eni_id);
  if (eni_view(p, eni, now).status != "Available") throw invalid_eni_state();
  const std::string status = status_of(*r, now);
  if (status != "Running" && status != "Stopped") throw invalid_ecs_state();
  if (r->data.vpc_id != eni.vpc_id) {
    throw ServiceError("InvalidOperation.VpcMismatch",
                       "The specified ENI and instance are not in the same VPC.", 403);
  }
  if (r->data.zone_id != eni.zone_id) {
    throw ServiceError("InvalidOperation.AvailabilityZoneMismatch",
                       "The specified ENI and instance are not in the same zone.", 403);
  }
  const InstanceTypeInfo* type = instance_catalog().find_type(r->data.instance_type);
  if (static_cast<int>(r->data.network_interfaces.size()) >= eni_quota(type)) {
    throw ServiceError("EniPerInstanceLimitExceeded",
                       "The number of ENIs attached to the instance has reached its limit.", 403);
  }
  eni.instance_id = instance_id;
  eni.attached_time = now;
  eni.settled = "InUse";
  eni.transition = "Attaching";
  eni.transition_until = now + engine_.timing().duration("eni-attaching");
  r->data.network_interfaces.push_back(
      {eni.network_interface_id, eni.mac_address, eni.private_ip, eni.type, eni.secondary_ips});
}

void EcsModel::detach_network_interface(EcsPartition& scope, const std::string& eni_id,
                                        const std::string& instance_id, core::TimeMs now) {
  NetworkInterface& eni = require_eni(scope, eni_id);
  if (instance_id.empty()) throw errors::missing_parameter("InstanceId");
  EcsPartition& p = *home_of(scope, eni_id);
  if (eni.type == "Primary") throw invalid_eni_type();
  if (eni_view(p, eni, now).status != "InUse" || eni.instance_id != instance_id) {
    throw invalid_eni_state();
  }
  InstanceRecord* r = find_instance(scope, instance_id);
  if (!r)
    throw ServiceError("InvalidEcsId.NotFound", "The specified ECS instance does not exist.", 404);
  const std::string status = status_of(*r, now);
  if (status != "Running" && status != "Stopped") throw invalid_ecs_state();
  auto& nics = r->data.network_interfaces;
  nics.erase(std::remove_if(nics.begin(), nics.end(),
                            [&](const InstanceNic& n) { return n.network_interface_id == eni_id; }),
             nics.end());
  eni.instance_id.clear();
  eni.settled = "Available";
  eni.transition = "Detaching";
  eni.transition_until = now + engine_.timing().duration("eni-detaching");
}

void EcsModel::delete_network_interface(EcsPartition& scope, const std::string& eni_id,
                                        core::TimeMs now) {
  NetworkInterface& eni = require_eni(scope, eni_id);
  EcsPartition& p = *home_of(scope, eni_id);
  if (eni.type == "Primary") throw invalid_eni_type();
  if (eni_view(p, eni, now).status != "Available") throw invalid_eni_state();
  // Its addresses go back to the vSwitch; an associated EIP is left unassociated.
  erase_eni(p, eni_id);
}

void EcsModel::modify_network_interface(EcsPartition& scope, const NetworkInterfaceChange& change,
                                        core::TimeMs now) {
  NetworkInterface& eni = require_eni(scope, change.network_interface_id);
  EcsPartition& p = *home_of(scope, change.network_interface_id);
  check_names(change.name, change.description);
  InstanceRecord* owner = nullptr;
  if (eni.type == "Primary") owner = find_instance(scope, eni.instance_id);
  if (change.security_group_ids) {
    if (change.security_group_ids->empty()) throw errors::missing_parameter("SecurityGroupId");
    const std::string vpc = eni_view(p, eni, now).vpc_id;
    check_security_groups(scope, eni.region_id, vpc, *change.security_group_ids);
  }
  if (change.name) eni.name = *change.name;
  if (change.description) eni.description = *change.description;
  if (change.security_group_ids) {
    // The primary ENI's groups are its instance's.
    if (owner) {
      owner->data.security_group_ids = *change.security_group_ids;
    } else {
      eni.security_group_ids = *change.security_group_ids;
    }
  }
}

}  // namespace cloudlife::ecs
