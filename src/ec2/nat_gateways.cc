#include "ec2/nat_gateways.h"

#include <algorithm>

#include "core/ids.h"
#include "core/service_error.h"
#include "ec2/ec2_model.h"
#include "ec2/ec2_partition.h"
#include "ec2/network_interfaces.h"
#include "ec2/tag_operations.h"

namespace cloudlife::ec2 {
namespace {

using core::ServiceError;
using NatValues = std::vector<std::string>;

bool nat_gateway_gone(const NatGateway& g) {
  return g.state == "deleted";
}

NatGateway& require_nat_gateway(Ec2Partition& p, const std::string& id) {
  auto it = p.nat_gateways.find(id);
  if (it == p.nat_gateways.end()) {
    throw ServiceError("NatGatewayNotFound", "The Nat Gateway " + id + " was not found");
  }
  return it->second;
}

bool vpc_has_internet_gateway(const Ec2Partition& p, const std::string& vpc_id) {
  return std::any_of(p.internet_gateways.begin(), p.internet_gateways.end(),
                     [&](const auto& entry) { return entry.second.vpc_id == vpc_id; });
}

// The gateway's Elastic IP off its interface, its interface deleted (the address back to the
// subnet).
void release_nat_resources(Ec2Partition& p, NatGateway& g) {
  if (auto a = p.addresses.find(g.allocation_id); a != p.addresses.end()) {
    if (!g.association_id.empty() && a->second.association_id == g.association_id) {
      a->second.association_id.clear();
      a->second.network_interface_id.clear();
      a->second.private_ip.clear();
    }
  }
  if (auto e = p.network_interfaces.find(g.network_interface_id); e != p.network_interfaces.end()) {
    p.network.release_private_ip(e->second.subnet_id, e->second.private_ip);
    p.network_interfaces.erase(e);
  }
  g.association_id.clear();
}

// Forgets a deleted or failed gateway once it has been visible for the phase's time.
void schedule_nat_forget(Ec2Model& model, Ec2Partition& p, const std::string& id, core::TimeMs at) {
  core::Engine& engine = model.engine();
  engine.scheduler().schedule(
      at + engine.timing().duration(core::TimingPhase::kTerminatedVisible),
      core::TimedEvent{.kind = model.resource_events().nat_gateway_forgotten,
                       .part = p.key,
                       .subject = id,
                       .args = {}});
}

std::optional<NatValues> nat_filter_values(const NatGateway& g, const std::string& name) {
  if (auto tags = tag_filter_values(g.tags, name)) return tags;
  if (name == "nat-gateway-id") return NatValues{g.nat_gateway_id};
  if (name == "state") return NatValues{g.state};
  if (name == "subnet-id") return NatValues{g.subnet_id};
  if (name == "vpc-id") return NatValues{g.vpc_id};
  return std::nullopt;
}

}  // namespace

std::optional<NatFailure> nat_creation_failure(const std::string& connectivity_type,
                                               const std::string& vpc_id, bool gateway_attached,
                                               int free_addresses) {
  if (free_addresses <= 0) {
    return NatFailure{"InsufficientFreeAddressesInSubnet",
                      "Subnet has insufficient free addresses to create this NAT gateway"};
  }
  if (connectivity_type == "public" && !gateway_attached) {
    return NatFailure{"Gateway.NotAttached",
                      "Network " + vpc_id + " has no Internet gateway attached"};
  }
  return std::nullopt;
}

NatGateway create_nat_gateway(Ec2Model& model, Ec2Partition& p, const CreateNatGatewayRequest& r,
                              core::TimeMs now) {
  if (!r.client_token.empty()) {
    for (const auto& [id, existing] : p.nat_gateways) {
      if (existing.client_token != r.client_token) continue;
      if (existing.fingerprint != r.fingerprint) {
        throw ServiceError("IdempotentParameterMismatch",
                           "The client token you have provided is associated with a resource "
                           "that is already deleted or has different parameters.");
      }
      if (r.dry_run) throw dry_run_succeeded();
      return existing;
    }
  }
  const std::string type = r.connectivity_type.empty() ? "public" : r.connectivity_type;
  if (type != "public" && type != "private") {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + type +
                           ") for parameter connectivityType is invalid. Valid "
                           "values are: private, public");
  }
  Subnet* subnet = p.network.find_subnet(r.subnet_id);
  if (!subnet) {
    throw ServiceError("InvalidSubnetID.NotFound",
                       "The subnet ID '" + r.subnet_id + "' does not exist");
  }
  ElasticAddress* eip = nullptr;
  if (type == "public") {
    if (r.allocation_id.empty()) {
      throw ServiceError("MissingParameter",
                         "The request must contain the parameter AllocationId for a public NAT "
                         "gateway");
    }
    auto it = p.addresses.find(r.allocation_id);
    if (it == p.addresses.end()) {
      throw ServiceError("InvalidAllocationID.NotFound",
                         "The allocation ID '" + r.allocation_id + "' does not exist");
    }
    eip = &it->second;
    if (!eip->association_id.empty()) {
      throw ServiceError("Resource.AlreadyAssociated",
                         "Elastic IP address [" + r.allocation_id + "] is already associated");
    }
  } else if (!r.allocation_id.empty()) {
    throw ServiceError("InvalidParameterCombination",
                       "An Elastic IP address cannot be associated with a private NAT gateway");
  }
  if (r.private_ip) p.network.claim_private_ip(*subnet, *r.private_ip, false);
  validate_user_tags(r.tags);
  if (r.dry_run) throw dry_run_succeeded();

  NatGateway g;
  g.nat_gateway_id = core::resource_id("nat");
  g.subnet_id = subnet->subnet_id;
  g.vpc_id = subnet->vpc_id;
  g.connectivity_type = type;
  g.create_time = now;
  g.client_token = r.client_token;
  g.fingerprint = r.fingerprint;
  for (const Tag& t : r.tags) g.tags.set(t.key, t.value);
  const std::optional<NatFailure> failure =
      nat_creation_failure(type, g.vpc_id, vpc_has_internet_gateway(p, g.vpc_id),
                           r.private_ip ? 1 : subnet->available_ips);
  if (!failure) {
    // Its interface in the subnet, holding the Elastic IP.
    NetworkInterface eni;
    eni.interface_id = core::resource_id("eni");
    eni.subnet_id = subnet->subnet_id;
    eni.vpc_id = subnet->vpc_id;
    eni.availability_zone = subnet->availability_zone;
    eni.zone_id = subnet->zone_id;
    eni.description = "Interface for NAT Gateway " + g.nat_gateway_id;
    if (r.private_ip) {
      p.network.claim_private_ip(*subnet, *r.private_ip, true);
      eni.private_ip = *r.private_ip;
    } else {
      eni.private_ip = p.network.allocate_private_ip(*subnet);
    }
    eni.mac_address = "0e:" + core::random_hex(2) + ":" + core::random_hex(2) + ":" +
                      core::random_hex(2) + ":" + core::random_hex(2) + ":" + core::random_hex(2);
    eni.source_dest_check = false;
    eni.interface_type = "nat_gateway";
    eni.nat_gateway_id = g.nat_gateway_id;
    g.network_interface_id = eni.interface_id;
    g.private_ip = eni.private_ip;
    if (eip) {
      eip->association_id = core::resource_id("eipassoc");
      eip->network_interface_id = eni.interface_id;
      eip->private_ip = eni.private_ip;
      eni.allocation_id = eip->allocation_id;
      g.allocation_id = eip->allocation_id;
      g.association_id = eip->association_id;
      g.public_ip = eip->public_ip;
    }
    p.network_interfaces.emplace(eni.interface_id, std::move(eni));
  } else if (eip) {
    g.allocation_id = eip->allocation_id;
  }
  const std::string id = g.nat_gateway_id;
  p.nat_gateways.emplace(id, g);
  core::Engine& engine = model.engine();
  // The outcome travels as its code and message (none: the gateway becomes available).
  std::vector<std::string> outcome;
  if (failure) outcome = {failure->code, failure->message};
  engine.scheduler().schedule(now + engine.timing().duration(core::TimingPhase::kNatGatewayPending),
                              core::TimedEvent{.kind = model.resource_events().nat_gateway_created,
                                               .part = p.key,
                                               .subject = id,
                                               .args = std::move(outcome)});
  return g;
}

void on_nat_gateway_created(Ec2Model& model, Ec2Partition& p, const std::string& id,
                            const std::optional<NatFailure>& outcome, core::TimeMs at) {
  auto it = p.nat_gateways.find(id);
  if (it == p.nat_gateways.end() || it->second.state != "pending") return;
  if (!outcome) {
    it->second.state = "available";
    return;
  }
  it->second.state = "failed";
  it->second.failure_code = outcome->code;
  it->second.failure_message = outcome->message;
  schedule_nat_forget(model, p, id, at);
}

std::string delete_nat_gateway(Ec2Model& model, Ec2Partition& p, const std::string& id,
                               bool dry_run, core::TimeMs now) {
  NatGateway& g = require_nat_gateway(p, id);
  if (dry_run) throw dry_run_succeeded();
  if (g.state == "deleting" || g.state == "deleted") return id;
  g.state = "deleting";
  core::Engine& engine = model.engine();
  engine.scheduler().schedule(
      now + engine.timing().duration(core::TimingPhase::kNatGatewayDeleting),
      core::TimedEvent{.kind = model.resource_events().nat_gateway_deleted,
                       .part = p.key,
                       .subject = id,
                       .args = {}});
  return id;
}

void on_nat_gateway_deleted(Ec2Model& model, Ec2Partition& p, const std::string& id,
                            core::TimeMs at) {
  auto it = p.nat_gateways.find(id);
  if (it == p.nat_gateways.end() || it->second.state != "deleting") return;
  release_nat_resources(p, it->second);
  it->second.state = "deleted";
  it->second.delete_time = at;
  schedule_nat_forget(model, p, id, at);
}

void on_nat_gateway_forgotten(Ec2Partition& p, const std::string& id) {
  auto it = p.nat_gateways.find(id);
  if (it == p.nat_gateways.end()) return;
  if (it->second.state == "deleted" || it->second.state == "failed") p.nat_gateways.erase(it);
}

DescribeNatGatewaysResult describe_nat_gateways(Ec2Partition& p,
                                                const DescribeNatGatewaysRequest& r) {
  if (r.max_results && (*r.max_results < 5 || *r.max_results > 1000)) {
    throw ServiceError("InvalidParameterValue",
                       "Value ( " + std::to_string(*r.max_results) +
                           " ) for parameter maxResults is invalid. Expecting a value between 5 "
                           "and 1000.");
  }
  if (!r.next_token.empty() && r.next_token.rfind("nat-", 0) != 0) {
    throw ServiceError("InvalidParameterValue", "Value ( " + r.next_token +
                                                    " ) for parameter NextToken is invalid. The "
                                                    "token is invalid.");
  }
  require_known_filters(r.filters,
                        [](const std::string& n) { return nat_filter_values(NatGateway{}, n); });
  for (const std::string& id : r.ids) require_nat_gateway(p, id);
  if (r.dry_run) throw dry_run_succeeded();
  DescribeNatGatewaysResult result;
  auto it =
      r.next_token.empty() ? p.nat_gateways.begin() : p.nat_gateways.upper_bound(r.next_token);
  std::string last;
  for (; it != p.nat_gateways.end(); ++it) {
    const NatGateway& g = it->second;
    if (!r.ids.empty() && std::find(r.ids.begin(), r.ids.end(), g.nat_gateway_id) == r.ids.end()) {
      continue;
    }
    if (!matches_all(r.filters, [&](const std::string& n) { return nat_filter_values(g, n); })) {
      continue;
    }
    if (r.max_results && static_cast<long long>(result.gateways.size()) == *r.max_results) {
      result.next_token = last;
      return result;
    }
    result.gateways.push_back(g);
    last = g.nat_gateway_id;
  }
  return result;
}

void require_nat_gateway_target(const Ec2Partition& p, const std::string& id,
                                const std::string& vpc_id, const std::string& table_id) {
  auto it = p.nat_gateways.find(id);
  if (it == p.nat_gateways.end() || nat_gateway_gone(it->second)) {
    throw ServiceError("NatGatewayNotFound", "The Nat Gateway " + id + " was not found");
  }
  if (it->second.vpc_id != vpc_id) {
    throw ServiceError("InvalidParameterValue", "route table " + table_id + " and NAT gateway " +
                                                    id + " belong to different networks");
  }
}

bool nat_gateway_routable(const Ec2Partition& p, const std::string& id) {
  auto it = p.nat_gateways.find(id);
  return it != p.nat_gateways.end() && it->second.state == "available";
}

}  // namespace cloudlife::ec2
