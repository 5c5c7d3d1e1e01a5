#include "ec2/network_interfaces.h"

#include <algorithm>
#include <regex>

#include "core/ids.h"
#include "core/service_error.h"
#include "ec2/ec2_model.h"
#include "ec2/ec2_partition.h"
#include "ec2/interface_filters.h"
#include "ec2/interface_limits.h"
#include "ec2/security_groups.h"
#include "ec2/tag_operations.h"

namespace cloudlife::ec2 {
namespace {

using core::InstanceState;
using core::ServiceError;
using V = std::vector<std::string>;

bool well_formed(const std::string& id, const char* prefix) {
  const std::regex pattern(std::string("^") + prefix + "-([0-9a-f]{8}|[0-9a-f]{17})$");
  return std::regex_match(id, pattern);
}

std::string mac_address() {
  return "0e:" + core::random_hex(2) + ":" + core::random_hex(2) + ":" + core::random_hex(2) + ":" +
         core::random_hex(2) + ":" + core::random_hex(2);
}

ElasticAddress* address_of_interface(Ec2Partition& p, const NetworkInterface& eni) {
  if (eni.allocation_id.empty()) return nullptr;
  auto it = p.addresses.find(eni.allocation_id);
  return it == p.addresses.end() ? nullptr : &it->second;
}

Instance* primary_instance_of(Ec2Partition& p, const NetworkInterface& eni) {
  if (!eni.attachment || eni.attachment->device_index != 0) return nullptr;
  return p.find_instance(eni.attachment->instance_id);
}

bool live(const Instance& inst) {
  const InstanceState s = inst.lifecycle.state();
  return s == InstanceState::kPending || s == InstanceState::kRunning;
}

// Takes an Elastic IP off its interface; an instance launched with a public address gets a new one
// if it is running.
void unhook_address(Ec2Partition& p, ElasticAddress& a) {
  auto it = p.network_interfaces.find(a.network_interface_id);
  if (it != p.network_interfaces.end()) {
    NetworkInterface& eni = it->second;
    eni.allocation_id.clear();
    if (Instance* inst = primary_instance_of(p, eni)) {
      inst->public_ip.clear();
      if (eni.interface_type == "interface" && inst->assign_public_ip && live(*inst)) {
        inst->public_ip = p.network.allocate_public_ip();
      }
    }
  }
  a.association_id.clear();
  a.network_interface_id.clear();
  a.private_ip.clear();
}

void drop_interface(Ec2Partition& p, const std::string& interface_id) {
  auto it = p.network_interfaces.find(interface_id);
  if (it == p.network_interfaces.end()) return;
  if (ElasticAddress* a = address_of_interface(p, it->second)) unhook_address(p, *a);
  p.network.release_private_ip(it->second.subnet_id, it->second.private_ip);
  for (const std::string& ip : it->second.secondary_private_ips) {
    p.network.release_private_ip(it->second.subnet_id, ip);
  }
  p.network_interfaces.erase(it);
}

Subnet& require_subnet(Ec2Partition& p, const std::string& subnet_id) {
  if (subnet_id.empty()) {
    throw ServiceError("MissingParameter", "The request must contain the parameter subnetId");
  }
  Subnet* s = p.network.find_subnet(subnet_id);
  if (!s) {
    throw ServiceError("InvalidSubnetID.NotFound",
                       "The subnet ID '" + subnet_id + "' does not exist");
  }
  return *s;
}

void check_groups_in_vpc(Ec2Partition& p, const std::vector<std::string>& ids,
                         const std::string& vpc_id) {
  for (const std::string& id : ids) {
    const SecurityGroup& g = require_security_group(p, id);
    if (g.vpc_id != vpc_id) {
      throw ServiceError("InvalidParameter",
                         "Security group " + id + " and subnet belong to different networks.");
    }
  }
}

ElasticAddress& require_allocation(Ec2Partition& p, const std::string& allocation_id,
                                   const std::string& public_ip) {
  if (!allocation_id.empty()) {
    auto it = p.addresses.find(allocation_id);
    if (it == p.addresses.end()) {
      throw ServiceError("InvalidAllocationID.NotFound",
                         "The allocation ID '" + allocation_id + "' does not exist");
    }
    return it->second;
  }
  if (public_ip.empty()) {
    throw ServiceError("MissingParameter", "Either public IP or allocation id must be specified");
  }
  for (auto& [id, a] : p.addresses) {
    if (a.public_ip == public_ip) return a;
  }
  throw ServiceError("InvalidAddress.NotFound", "Address '" + public_ip + "' not found.");
}

std::vector<core::Symbol> group_names(const Ec2Partition& p, const std::vector<core::Symbol>& ids) {
  std::vector<core::Symbol> names;
  names.reserve(ids.size());
  for (const core::Symbol& id : ids) {
    auto it = p.security_groups.find(id);
    names.push_back(it == p.security_groups.end() ? "" : it->second.group_name);
  }
  return names;
}

// The primary interface's description as DescribeInstances shows it on the instance (an empty one
// makes no InstanceExtras).
void show_primary_description(Instance& inst, const std::string& description) {
  if (!description.empty() || inst.extra_parts) {
    inst.extras_mut().primary_interface_description = description;
  }
}

// Lists an interface at device index >= 1 on its instance, in device-index order.
void link_secondary_interface(Ec2Partition& p, Instance& inst, const NetworkInterface& eni) {
  std::vector<std::string>& ids = inst.extras_mut().secondary_interface_ids;
  const int index = eni.attachment->device_index;
  auto pos = std::find_if(ids.begin(), ids.end(), [&](const std::string& id) {
    auto it = p.network_interfaces.find(id);
    return it != p.network_interfaces.end() && it->second.attachment &&
           it->second.attachment->device_index > index;
  });
  ids.insert(pos, eni.interface_id.str());
}

void unlink_secondary_interface(Ec2Partition& p, const NetworkInterface& eni) {
  if (!eni.attachment) return;
  Instance* inst = p.find_instance(eni.attachment->instance_id);
  if (inst && inst->extra_parts) {
    std::erase(inst->extra_parts->secondary_interface_ids, eni.interface_id);
  }
}

// A secondary address held by another interface of the same subnet, or nullptr.
NetworkInterface* secondary_holder(Ec2Partition& p, const std::string& subnet_id,
                                   const std::string& ip) {
  for (auto& [id, other] : p.network_interfaces) {
    if (other.subnet_id != subnet_id) continue;
    const auto& ips = other.secondary_private_ips;
    if (std::find(ips.begin(), ips.end(), ip) != ips.end()) return &other;
  }
  return nullptr;
}

}  // namespace

std::vector<core::Symbol> interface_group_names(const Ec2Partition& p,
                                                const NetworkInterface& eni) {
  return group_names(p, eni.group_ids);
}

std::vector<const NetworkInterface*> interfaces_of_instance(const Ec2Partition& p,
                                                            const Instance& inst) {
  std::vector<const NetworkInterface*> out;
  if (auto it = p.network_interfaces.find(inst.network_interface_id);
      it != p.network_interfaces.end() && it->second.attachment &&
      it->second.attachment->instance_id == inst.instance_id) {
    out.push_back(&it->second);
  }
  for (const std::string& id : inst.extras().secondary_interface_ids) {
    if (auto it = p.network_interfaces.find(id); it != p.network_interfaces.end()) {
      out.push_back(&it->second);
    }
  }
  return out;
}

std::optional<V> interface_filter_values(const Ec2Partition& p, const NetworkInterface& e,
                                         const std::string& name) {
  if (auto tags = tag_filter_values(e.tags, name)) return tags;
  const std::string public_ip = interface_public_ip(p, e);
  const std::string att_id = e.attachment ? e.attachment->attachment_id.str() : "";
  const std::string inst_id = e.attachment ? e.attachment->instance_id.str() : "";
  V groups_names;
  for (const std::string& g : e.group_ids) {
    auto it = p.security_groups.find(g);
    groups_names.push_back(it == p.security_groups.end() ? "" : it->second.group_name);
  }
  if (name == "network-interface-id") return V{e.interface_id.str()};
  if (name == "subnet-id") return V{e.subnet_id};
  if (name == "vpc-id") return V{e.vpc_id};
  if (name == "availability-zone") return V{e.availability_zone};
  if (name == "description") return V{e.description};
  if (name == "status") return V{e.status()};
  if (name == "mac-address") return V{e.mac_address.str()};
  if (name == "owner-id") return V{p.key.account};
  if (name == "interface-type") return V{e.interface_type};
  if (name == "requester-managed") return V{e.nat_gateway_id.empty() ? "false" : "true"};
  if (name == "requester-id") return V{};
  if (name == "source-dest-check") return V{e.source_dest_check ? "true" : "false"};
  if (name == "group-id") return core::texts_of(e.group_ids);
  if (name == "group-name") return groups_names;
  if (name == "private-ip-address" || name == "addresses.private-ip-address" ||
      name == "private-dns-name") {
    V all{e.private_ip};
    all.insert(all.end(), e.secondary_private_ips.begin(), e.secondary_private_ips.end());
    if (name == "private-dns-name") {
      for (std::string& ip : all) ip = private_dns_name(ip, p.key.region);
    }
    return all;
  }
  if (name == "addresses.primary") {
    V primary{"true"};
    if (!e.secondary_private_ips.empty()) primary.push_back("false");
    return primary;
  }
  if (name == "addresses.association.public-ip" || name == "association.public-ip") {
    return V{public_ip};
  }
  if (name == "addresses.association.owner-id" || name == "association.ip-owner-id") {
    return V{public_ip.empty() ? "" : (e.allocation_id.empty() ? "amazon" : p.key.account)};
  }
  if (name == "association.allocation-id") return V{e.allocation_id};
  if (name == "association.association-id") {
    auto it = p.addresses.find(e.allocation_id);
    return V{it == p.addresses.end() ? "" : it->second.association_id};
  }
  if (name == "association.public-dns-name") return V{public_dns_name(public_ip, p.key.region)};
  if (name == "attachment.attachment-id") return V{att_id};
  if (name == "attachment.instance-id") return V{inst_id};
  if (name == "attachment.instance-owner-id") return V{inst_id.empty() ? "" : p.key.account};
  if (name == "attachment.device-index") {
    return V{e.attachment ? std::to_string(e.attachment->device_index) : ""};
  }
  if (name == "attachment.status") return V{e.attachment ? e.attachment->status : ""};
  if (name == "attachment.attach-time") {
    return e.attachment ? V{core::format_iso8601_ms(e.attachment->attach_time)} : V{};
  }
  if (name == "attachment.delete-on-termination") {
    return V{e.attachment ? (e.attachment->delete_on_termination ? "true" : "false") : ""};
  }
  if (name == "attachment.nat-gateway-id") {
    return e.nat_gateway_id.empty() ? V{} : V{e.nat_gateway_id};
  }
  if (name == "ipv6-addresses.ipv6-address" || name == "ipv6-address") return V{};
  return std::nullopt;
}

NetworkInterface& require_network_interface(Ec2Partition& p, const std::string& interface_id) {
  if (!well_formed(interface_id, "eni")) {
    throw ServiceError("InvalidNetworkInterfaceID.Malformed",
                       "Invalid id: \"" + interface_id + "\" (expecting \"eni-...\")");
  }
  auto it = p.network_interfaces.find(interface_id);
  if (it == p.network_interfaces.end()) {
    throw ServiceError("InvalidNetworkInterfaceID.NotFound",
                       "The networkInterface ID '" + interface_id + "' does not exist");
  }
  return it->second;
}

std::string interface_public_ip(const Ec2Partition& p, const NetworkInterface& eni) {
  if (!eni.allocation_id.empty()) {
    auto it = p.addresses.find(eni.allocation_id);
    if (it != p.addresses.end()) return it->second.public_ip;
  }
  if (eni.attachment && eni.attachment->device_index == 0) {
    auto it = p.instances.find(eni.attachment->instance_id);
    if (it != p.instances.end()) return it->second.public_ip;
  }
  return "";
}

NetworkInterface create_network_interface(Ec2Partition& p, const CreateInterfaceRequest& r) {
  if (!r.client_token.empty()) {
    for (const auto& [id, eni] : p.network_interfaces) {
      if (!eni.creation_token || eni.creation_token->client_token != r.client_token) continue;
      if (eni.creation_token->fingerprint != r.fingerprint) {
        throw ServiceError("IdempotentParameterMismatch",
                           "The client token you have provided is associated with a resource "
                           "that is already deleted or has different parameters.");
      }
      if (r.dry_run) throw dry_run_succeeded();
      return eni;
    }
  }
  Subnet& subnet = require_subnet(p, r.subnet_id);
  check_groups_in_vpc(p, r.group_ids, subnet.vpc_id);
  if (r.private_ip) p.network.claim_private_ip(subnet, *r.private_ip, false);
  if (!r.private_ip && subnet.available_ips <= 0) {
    throw ServiceError("InsufficientFreeAddressesInSubnet",
                       "The specified subnet does not have enough free addresses to satisfy the "
                       "request.");
  }
  validate_user_tags(r.tags);
  if (r.dry_run) throw dry_run_succeeded();
  NetworkInterface eni;
  eni.interface_id = core::resource_id("eni");
  eni.subnet_id = subnet.subnet_id;
  eni.vpc_id = subnet.vpc_id;
  eni.availability_zone = subnet.availability_zone;
  eni.zone_id = subnet.zone_id;
  eni.description = r.description;
  if (!r.client_token.empty()) eni.creation_token = InterfaceToken{r.client_token, r.fingerprint};
  if (r.private_ip) {
    p.network.claim_private_ip(subnet, *r.private_ip, true);
    eni.private_ip = *r.private_ip;
  } else {
    eni.private_ip = p.network.allocate_private_ip(subnet);
  }
  eni.mac_address = mac_address();
  eni.group_ids = core::symbols_of(resolve_security_groups(p, subnet.vpc_id, r.group_ids, {}));
  for (const Tag& t : r.tags) eni.tags.set(t.key, t.value);
  p.network_interfaces.emplace(eni.interface_id, eni);
  return eni;
}

void add_primary_interface(Ec2Partition& p, Instance& inst, core::TimeMs now,
                           const std::string& description,
                           std::optional<bool> delete_on_termination) {
  inst.security_group_names = group_names(p, inst.security_group_ids);
  // Attaching while the instance is pending; attached once it runs (on_instance_state).
  const InterfaceAttachment attachment{
      .attachment_id = AttachmentId::of_primary_interface(inst.network_interface_id),
      .instance_id = inst.instance_id,
      .status = live(inst) && inst.lifecycle.state() == InstanceState::kPending ? "attaching"
                                                                                : "attached",
      .attach_time = now,
      .device_index = 0,
      .delete_on_termination = delete_on_termination.value_or(true)};
  // One walk of the map: where a new interface goes, or the existing one.
  const auto existing = p.network_interfaces.lower_bound(inst.network_interface_id);
  if (existing != p.network_interfaces.end() && existing->first == inst.network_interface_id) {
    NetworkInterface& eni = existing->second;
    eni.attachment = attachment;
    eni.attachment->delete_on_termination = delete_on_termination.value_or(false);
    if (!description.empty()) eni.description = description;
    inst.source_dest_check = eni.source_dest_check;
    show_primary_description(inst, eni.description);
    inst.primary_delete_on_termination = eni.attachment->delete_on_termination;
    return;
  }
  NetworkInterface eni;
  eni.interface_id = inst.network_interface_id;
  eni.subnet_id = inst.subnet_id;
  eni.vpc_id = inst.vpc_id;
  eni.availability_zone = inst.availability_zone;
  eni.zone_id = inst.zone_id;
  eni.description = description;
  eni.private_ip = inst.private_ip;
  eni.mac_address = inst.mac_address;
  eni.group_ids = inst.security_group_ids;
  eni.source_dest_check = inst.source_dest_check;
  eni.attachment = attachment;
  show_primary_description(inst, eni.description);
  inst.primary_delete_on_termination = attachment.delete_on_termination;
  p.network_interfaces.emplace_hint(existing, eni.interface_id, std::move(eni));
}

std::string attach_network_interface(Ec2Model& model, Ec2Partition& p,
                                     const std::string& interface_id,
                                     const std::string& instance_id, long long device_index,
                                     bool dry_run, core::TimeMs now) {
  NetworkInterface& eni = require_network_interface(p, interface_id);
  Instance* inst = p.find_instance(instance_id);
  if (!Ec2Model::is_well_formed_instance_id(instance_id)) {
    throw ServiceError("InvalidInstanceID.Malformed", "Invalid id: \"" + instance_id + "\"");
  }
  if (!inst) {
    throw ServiceError("InvalidInstanceID.NotFound",
                       "The instance ID '" + instance_id + "' does not exist");
  }
  const InstanceState s = inst->lifecycle.state();
  if (s != InstanceState::kRunning && s != InstanceState::kStopped) {
    throw ServiceError("IncorrectState", "The instance '" + instance_id +
                                             "' is not in a valid state for this operation.");
  }
  if (eni.attachment || !eni.nat_gateway_id.empty()) {
    throw ServiceError("InvalidParameterValue", "Interface: [" + interface_id + "] in use.");
  }
  if (device_index < 1 || device_index > 31) {
    throw ServiceError("InvalidParameterValue", "Value (" + std::to_string(device_index) +
                                                    ") for parameter deviceIndex is invalid.");
  }
  if (eni.availability_zone != inst->availability_zone) {
    throw ServiceError("InvalidParameterCombination",
                       "You may not attach a network interface to an instance if they are not "
                       "in the same availability zone");
  }
  for (const auto& [id, other] : p.network_interfaces) {
    if (other.attachment && other.attachment->instance_id == instance_id &&
        other.attachment->device_index == device_index) {
      throw ServiceError("InvalidParameterValue",
                         "Instance '" + instance_id +
                             "' already has an interface attached at device index '" +
                             std::to_string(device_index) + "'.");
    }
  }
  require_interface_count(
      inst->instance_type,
      2 + static_cast<long long>(inst->extras().secondary_interface_ids.size()));
  require_addresses_per_interface(inst->instance_type,
                                  1 + static_cast<long long>(eni.secondary_private_ips.size()));
  if (dry_run) throw dry_run_succeeded();
  eni.attachment = InterfaceAttachment{.attachment_id = core::resource_id("eni-attach"),
                                       .instance_id = instance_id,
                                       .status = "attaching",
                                       .attach_time = now,
                                       .device_index = static_cast<int>(device_index),
                                       .delete_on_termination = false};
  link_secondary_interface(p, *inst, eni);
  const std::string attachment_id = eni.attachment->attachment_id.str();
  core::Engine& engine = model.engine();
  engine.scheduler().schedule(
      now + engine.timing().duration(core::TimingPhase::kEniAttaching),
      core::TimedEvent{.kind = model.resource_events().network_interface_attached,
                       .part = p.key,
                       .subject = interface_id,
                       .args = {attachment_id}});
  return attachment_id;
}

void on_network_interface_attached(Ec2Partition& p, const std::string& interface_id,
                                   const std::string& attachment_id) {
  auto it = p.network_interfaces.find(interface_id);
  if (it == p.network_interfaces.end()) return;
  auto& a = it->second.attachment;
  if (a && a->attachment_id == attachment_id) a->status = "attached";
}

void detach_network_interface(Ec2Partition& p, const std::string& attachment_id, bool dry_run) {
  NetworkInterface* found = nullptr;
  for (auto& [id, eni] : p.network_interfaces) {
    if (eni.attachment && eni.attachment->attachment_id == attachment_id) found = &eni;
  }
  if (!found) {
    throw ServiceError("InvalidAttachmentID.NotFound",
                       "The attachment ID '" + attachment_id + "' does not exist");
  }
  if (found->attachment->device_index == 0) {
    throw ServiceError("OperationNotPermitted",
                       "The network interface at device index 0 cannot be detached.");
  }
  if (dry_run) throw dry_run_succeeded();
  unlink_secondary_interface(p, *found);
  found->attachment.reset();
}

void delete_network_interface(Ec2Partition& p, const std::string& interface_id, bool dry_run) {
  NetworkInterface& eni = require_network_interface(p, interface_id);
  if (eni.attachment || !eni.nat_gateway_id.empty()) {
    throw ServiceError("InvalidNetworkInterface.InUse",
                       "The network interface '" + interface_id + "' is currently in use.");
  }
  if (dry_run) throw dry_run_succeeded();
  drop_interface(p, interface_id);
}

void modify_network_interface_attribute(Ec2Partition& p, const ModifyInterfaceRequest& r) {
  NetworkInterface& eni = require_network_interface(p, r.interface_id);
  const int given = (r.description ? 1 : 0) + (r.source_dest_check ? 1 : 0) +
                    (r.group_ids.empty() ? 0 : 1) + (r.attachment_id.empty() ? 0 : 1);
  if (given == 0) {
    throw ServiceError("MissingParameter",
                       "The request must contain exactly one attribute to modify");
  }
  if (given > 1) {
    throw ServiceError("InvalidParameterCombination",
                       "Only one attribute may be modified at a time");
  }
  check_groups_in_vpc(p, r.group_ids, eni.vpc_id);
  if (!r.attachment_id.empty()) {
    if (!eni.attachment || eni.attachment->attachment_id != r.attachment_id) {
      throw ServiceError("InvalidAttachmentID.NotFound",
                         "The attachment ID '" + r.attachment_id + "' does not exist");
    }
    if (!r.delete_on_termination) {
      throw ServiceError("MissingParameter",
                         "The request must contain the parameter deleteOnTermination");
    }
  }
  if (r.dry_run) throw dry_run_succeeded();
  if (r.description) eni.description = *r.description;
  if (r.source_dest_check) eni.source_dest_check = *r.source_dest_check;
  if (!r.group_ids.empty()) {
    std::vector<core::Symbol> groups;
    for (const std::string& g : r.group_ids) {
      if (std::find(groups.begin(), groups.end(), g) == groups.end()) groups.push_back(g);
    }
    eni.group_ids = groups;
  }
  if (r.delete_on_termination) eni.attachment->delete_on_termination = *r.delete_on_termination;
  // The primary interface carries the instance's own attributes.
  if (Instance* inst = primary_instance_of(p, eni)) {
    show_primary_description(*inst, eni.description);
    inst->primary_delete_on_termination = eni.attachment->delete_on_termination;
    inst->security_group_ids = eni.group_ids;
    inst->security_group_names = group_names(p, eni.group_ids);
    inst->source_dest_check = eni.source_dest_check;
  }
}

DescribeInterfacesResult describe_network_interfaces(Ec2Partition& p,
                                                     const DescribeInterfacesRequest& r) {
  if (r.max_results && (*r.max_results < 5 || *r.max_results > 1000)) {
    throw ServiceError("InvalidParameterValue",
                       "Value ( " + std::to_string(*r.max_results) +
                           " ) for parameter maxResults is invalid. Expecting a value between 5 "
                           "and 1000.");
  }
  if (!r.next_token.empty() && r.next_token.rfind("eni-", 0) != 0) {
    throw ServiceError("InvalidParameterValue", "Value ( " + r.next_token +
                                                    " ) for parameter NextToken is invalid. The "
                                                    "token is invalid.");
  }
  require_known_filters(r.filters, [&](const std::string& n) {
    return interface_filter_values(p, NetworkInterface{}, n);
  });
  for (const std::string& id : r.ids) require_network_interface(p, id);
  if (r.dry_run) throw dry_run_succeeded();
  DescribeInterfacesResult result;
  auto it = r.next_token.empty() ? p.network_interfaces.begin()
                                 : p.network_interfaces.upper_bound(r.next_token);
  std::string last;
  for (; it != p.network_interfaces.end(); ++it) {
    const NetworkInterface& e = it->second;
    if (!r.ids.empty() && std::find(r.ids.begin(), r.ids.end(), e.interface_id) == r.ids.end()) {
      continue;
    }
    if (!matches_all(r.filters,
                     [&](const std::string& n) { return interface_filter_values(p, e, n); })) {
      continue;
    }
    if (r.max_results && static_cast<long long>(result.interfaces.size()) == *r.max_results) {
      result.next_token = last;
      return result;
    }
    result.interfaces.push_back(e);
    last = e.interface_id;
  }
  return result;
}

void replace_instance_groups(Ec2Partition& p, Instance& inst,
                             const std::vector<std::string>& group_ids, bool apply) {
  check_groups_in_vpc(p, group_ids, inst.vpc_id);
  if (!apply) return;
  std::vector<core::Symbol> groups;
  for (const std::string& g : group_ids) {
    if (std::find(groups.begin(), groups.end(), g) == groups.end()) groups.push_back(g);
  }
  inst.security_group_ids = groups;
  inst.security_group_names = group_names(p, groups);
  auto it = p.network_interfaces.find(inst.network_interface_id);
  if (it != p.network_interfaces.end()) it->second.group_ids = groups;
}

void on_instance_state(Ec2Partition& p, Instance& inst, core::TimeMs) {
  const InstanceState s = inst.lifecycle.state();
  if (s == InstanceState::kRunning) {
    // The interfaces it launched with are attached once it runs.
    for (const std::string& id : inst.extras().secondary_interface_ids) {
      auto it = p.network_interfaces.find(id);
      if (it != p.network_interfaces.end() && it->second.attachment &&
          it->second.attachment->attach_time == inst.launch_time) {
        it->second.attachment->status = "attached";
      }
    }
    if (auto it = p.network_interfaces.find(inst.network_interface_id);
        it != p.network_interfaces.end() && it->second.attachment &&
        it->second.attachment->instance_id == inst.instance_id) {
      it->second.attachment->status = "attached";
    }
    return;
  }
  if (s == InstanceState::kStopped) {
    // An Elastic IP stays with a stopped instance.
    auto it = p.network_interfaces.find(inst.network_interface_id);
    if (it != p.network_interfaces.end()) {
      if (ElasticAddress* a = address_of_interface(p, it->second)) inst.public_ip = a->public_ip;
    }
    return;
  }
  if (s != InstanceState::kTerminated) return;
  std::vector<std::string> doomed;
  for (auto& [id, eni] : p.network_interfaces) {
    if (!eni.attachment || eni.attachment->instance_id != inst.instance_id) continue;
    if (ElasticAddress* a = address_of_interface(p, eni)) {
      eni.allocation_id.clear();
      a->association_id.clear();
      a->network_interface_id.clear();
      a->private_ip.clear();
    }
    if (eni.attachment->delete_on_termination) {
      doomed.push_back(id.str());
    } else {
      eni.attachment.reset();
    }
  }
  for (const std::string& id : doomed) drop_interface(p, id);
  if (inst.extra_parts) inst.extra_parts->secondary_interface_ids.clear();
  inst.public_ip.clear();
}

// --- secondary private addresses ----------------------------------------------------------------

std::vector<std::string> assign_private_ip_addresses(Ec2Partition& p,
                                                     const AssignAddressesRequest& r) {
  NetworkInterface& eni = require_network_interface(p, r.interface_id);
  if (r.addresses.empty() && !r.count) {
    throw ServiceError("MissingParameter",
                       "Either private IP addresses or a secondary private IP address count must "
                       "be specified");
  }
  if (!r.addresses.empty() && r.count) {
    throw ServiceError("InvalidParameterCombination",
                       "You may specify secondary private IP addresses or a secondary private IP "
                       "address count, but not both");
  }
  if (r.count && *r.count < 1) {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + std::to_string(*r.count) +
                           ") for parameter secondaryPrivateIpAddressCount is invalid. Expected a "
                           "positive integer.");
  }
  Subnet& subnet = require_subnet(p, eni.subnet_id);
  // Addresses the interface already has are assigned again (nothing changes for them).
  std::vector<std::string> fresh;
  std::vector<NetworkInterface*> holders;
  for (const std::string& ip : r.addresses) {
    if (ip == eni.private_ip ||
        std::find(eni.secondary_private_ips.begin(), eni.secondary_private_ips.end(), ip) !=
            eni.secondary_private_ips.end() ||
        std::find(fresh.begin(), fresh.end(), ip) != fresh.end()) {
      continue;
    }
    NetworkInterface* holder = secondary_holder(p, eni.subnet_id, ip);
    if (holder && r.allow_reassignment) {
      holders.push_back(holder);
    } else {
      p.network.claim_private_ip(subnet, ip, false);  // range, then InvalidIPAddress.InUse
      holders.push_back(nullptr);
    }
    fresh.push_back(ip);
  }
  const long long wanted = r.count ? *r.count : static_cast<long long>(fresh.size());
  const long long total = 1 + static_cast<long long>(eni.secondary_private_ips.size()) + wanted;
  if (eni.attachment) {
    if (const Instance* inst = p.find_instance(eni.attachment->instance_id)) {
      require_addresses_per_interface(inst->instance_type, total);
    }
  }
  if (r.count && subnet.available_ips < *r.count) {
    throw ServiceError("InsufficientFreeAddressesInSubnet",
                       "The specified subnet does not have enough free addresses to satisfy the "
                       "request.");
  }
  if (r.dry_run) throw dry_run_succeeded();
  if (r.count) {
    for (long long k = 0; k < *r.count; ++k) fresh.push_back(p.network.allocate_private_ip(subnet));
  } else {
    for (std::size_t k = 0; k < fresh.size(); ++k) {
      if (NetworkInterface* holder = holders[k]) {
        std::erase(holder->secondary_private_ips, fresh[k]);  // moves; the subnet keeps it held
      } else {
        p.network.claim_private_ip(subnet, fresh[k], true);
      }
    }
  }
  eni.secondary_private_ips.insert(eni.secondary_private_ips.end(), fresh.begin(), fresh.end());
  return fresh;
}

void unassign_private_ip_addresses(Ec2Partition& p, const std::string& interface_id,
                                   const std::vector<std::string>& addresses, bool dry_run) {
  NetworkInterface& eni = require_network_interface(p, interface_id);
  if (addresses.empty()) {
    throw ServiceError("MissingParameter",
                       "The request must contain the parameter privateIpAddress");
  }
  for (const std::string& ip : addresses) {
    if (ip == eni.private_ip) {
      throw ServiceError("InvalidParameterValue", "The primary private IP address " + ip +
                                                      " of network interface " + interface_id +
                                                      " cannot be unassigned.");
    }
    const auto& ips = eni.secondary_private_ips;
    if (std::find(ips.begin(), ips.end(), ip) == ips.end()) {
      throw ServiceError("InvalidParameterValue",
                         "Some of the specified addresses are not "
                         "assigned to interface " +
                             interface_id);
    }
  }
  if (dry_run) throw dry_run_succeeded();
  for (const std::string& ip : addresses) {
    if (std::erase(eni.secondary_private_ips, ip) > 0) {
      p.network.release_private_ip(eni.subnet_id, ip);
    }
  }
}

// --- Elastic IPs --------------------------------------------------------------------------------

ElasticAddress allocate_address(Ec2Partition& p, const std::string& domain,
                                const std::vector<Tag>& tags, bool dry_run) {
  if (!domain.empty() && domain != "vpc" && domain != "standard") {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + domain + ") for parameter domain is invalid.");
  }
  if (domain == "standard") {
    throw ServiceError("InvalidParameterValue",
                       "EC2-Classic addresses are no longer available: use Domain vpc.");
  }
  validate_user_tags(tags);
  if (p.addresses.size() >= 5) {
    throw ServiceError("AddressLimitExceeded", "The maximum number of addresses has been reached.");
  }
  if (dry_run) throw dry_run_succeeded();
  ElasticAddress a;
  a.allocation_id = core::resource_id("eipalloc");
  a.public_ip = p.network.allocate_public_ip();
  for (const Tag& t : tags) a.tags.set(t.key, t.value);
  p.addresses.emplace(a.allocation_id, a);
  return a;
}

std::string associate_address(Ec2Partition& p, const AssociateAddressRequest& r) {
  ElasticAddress& a = require_allocation(p, r.allocation_id, r.public_ip);
  if (r.instance_id.empty() && r.interface_id.empty()) {
    throw ServiceError("MissingParameter",
                       "Either an instance ID or a network interface ID must be specified");
  }
  if (!r.instance_id.empty() && !r.interface_id.empty()) {
    throw ServiceError("InvalidParameterCombination",
                       "You may specify an instance ID or a network interface ID, but not both");
  }
  NetworkInterface* eni = nullptr;
  if (!r.instance_id.empty()) {
    if (!Ec2Model::is_well_formed_instance_id(r.instance_id)) {
      throw ServiceError("InvalidInstanceID.Malformed", "Invalid id: \"" + r.instance_id + "\"");
    }
    Instance* inst = p.find_instance(r.instance_id);
    if (!inst) {
      throw ServiceError("InvalidInstanceID.NotFound",
                         "The instance ID '" + r.instance_id + "' does not exist");
    }
    const InstanceState s = inst->lifecycle.state();
    if (s != InstanceState::kRunning && s != InstanceState::kStopped &&
        s != InstanceState::kPending) {
      throw ServiceError(
          "IncorrectInstanceState",
          "The instance '" + r.instance_id + "' is not in a valid state for this operation.");
    }
    eni = &require_network_interface(p, inst->network_interface_id.str());
  } else {
    eni = &require_network_interface(p, r.interface_id);
  }
  if (!r.private_ip.empty() && r.private_ip != eni->private_ip) {
    throw ServiceError("InvalidParameterValue",
                       "The private IP address " + r.private_ip +
                           " is not associated with the network interface " +
                           eni->interface_id.str() + ".");
  }
  const bool same_target = a.network_interface_id == eni->interface_id;
  if (!a.association_id.empty() && !same_target && !r.allow_reassociation) {
    throw ServiceError("Resource.AlreadyAssociated", "resource " + a.allocation_id +
                                                         " is already associated with "
                                                         "associate-id " +
                                                         a.association_id);
  }
  if (!eni->allocation_id.empty() && eni->allocation_id != a.allocation_id &&
      !r.allow_reassociation) {
    throw ServiceError("Resource.AlreadyAssociated", "resource " + eni->interface_id.str() +
                                                         " is already associated with an "
                                                         "Elastic IP address");
  }
  if (r.dry_run) throw dry_run_succeeded();
  if (!a.association_id.empty()) unhook_address(p, a);
  if (ElasticAddress* previous = address_of_interface(p, *eni)) unhook_address(p, *previous);
  a.association_id = core::resource_id("eipassoc");
  a.network_interface_id = eni->interface_id;
  a.private_ip = eni->private_ip;
  eni->allocation_id = a.allocation_id;
  if (Instance* inst = primary_instance_of(p, *eni)) inst->public_ip = a.public_ip;
  return a.association_id;
}

void disassociate_address(Ec2Partition& p, const std::string& association_id,
                          const std::string& public_ip, bool dry_run) {
  ElasticAddress* found = nullptr;
  if (!association_id.empty()) {
    for (auto& [id, a] : p.addresses) {
      if (a.association_id == association_id) found = &a;
    }
    if (!found) {
      throw ServiceError("InvalidAssociationID.NotFound",
                         "The association ID '" + association_id + "' does not exist");
    }
  } else {
    found = &require_allocation(p, "", public_ip);
    if (found->association_id.empty()) {
      throw ServiceError("InvalidAssociationID.NotFound",
                         "The address '" + public_ip + "' is not associated");
    }
  }
  if (dry_run) throw dry_run_succeeded();
  unhook_address(p, *found);
}

void release_address(Ec2Partition& p, const std::string& allocation_id,
                     const std::string& public_ip, bool dry_run) {
  ElasticAddress& a = require_allocation(p, allocation_id, public_ip);
  if (!a.association_id.empty()) {
    throw ServiceError("InvalidIPAddress.InUse", "Address " + a.public_ip + " is in use.");
  }
  if (dry_run) throw dry_run_succeeded();
  p.addresses.erase(a.allocation_id);
}

std::string address_instance_id(const Ec2Partition& p, const ElasticAddress& a) {
  auto it = p.network_interfaces.find(a.network_interface_id);
  if (it == p.network_interfaces.end() || !it->second.attachment) return "";
  return it->second.attachment->instance_id.str();
}

std::vector<ElasticAddress> describe_addresses(Ec2Partition& p, const DescribeAddressesRequest& r) {
  auto values = [&](const ElasticAddress& a, const std::string& name) -> std::optional<V> {
    if (auto tags = tag_filter_values(a.tags, name)) return tags;
    if (name == "allocation-id") return V{a.allocation_id};
    if (name == "association-id") return V{a.association_id};
    if (name == "domain") return V{"vpc"};
    if (name == "instance-id") return V{address_instance_id(p, a)};
    if (name == "network-interface-id") return V{a.network_interface_id};
    if (name == "network-interface-owner-id") {
      return V{a.network_interface_id.empty() ? "" : p.key.account};
    }
    if (name == "network-border-group") return V{p.key.region};
    if (name == "private-ip-address") return V{a.private_ip};
    if (name == "public-ip") return V{a.public_ip};
    return std::nullopt;
  };
  require_known_filters(r.filters, [&](const std::string& n) { return values({}, n); });
  for (const std::string& id : r.allocation_ids) require_allocation(p, id, "");
  for (const std::string& ip : r.public_ips) {
    bool known = false;
    for (const auto& [id, a] : p.addresses) known |= a.public_ip == ip;
    if (!known) {
      throw ServiceError("InvalidAddress.NotFound", "Address '" + ip + "' not found.");
    }
  }
  if (r.dry_run) throw dry_run_succeeded();
  std::vector<ElasticAddress> out;
  for (const auto& [id, address] : p.addresses) {
    const ElasticAddress& a = address;  // a lambda below captures it (clang 14: no bindings)
    if (!r.allocation_ids.empty() &&
        std::find(r.allocation_ids.begin(), r.allocation_ids.end(), id) == r.allocation_ids.end()) {
      continue;
    }
    if (!r.public_ips.empty() &&
        std::find(r.public_ips.begin(), r.public_ips.end(), a.public_ip) == r.public_ips.end()) {
      continue;
    }
    if (!matches_all(r.filters, [&](const std::string& n) { return values(a, n); })) continue;
    out.push_back(a);
  }
  return out;
}

}  // namespace cloudlife::ec2
