#include "ec2/routing.h"
#include "ec2/max_results.h"

#include <algorithm>

#include "core/ids.h"
#include "core/service_error.h"
#include "ec2/cidr_text.h"
#include "ec2/ec2_model.h"
#include "ec2/ec2_partition.h"
#include "ec2/tag_operations.h"

namespace cloudlife::ec2 {
namespace {

using core::ServiceError;
using V = std::vector<std::string>;

void check_token(const std::string& token, const char* prefix) {
  if (!token.empty() && token.rfind(prefix, 0) != 0) {
    throw ServiceError("InvalidParameterValue", "Value ( " + token +
                                                    " ) for parameter NextToken is invalid. The "
                                                    "token is invalid.");
  }
}

Vpc& require_route_vpc(Ec2Partition& p, const std::string& vpc_id) {
  if (vpc_id.empty()) {
    throw ServiceError("MissingParameter", "The request must contain the parameter vpcId");
  }
  auto it = p.network.vpcs.find(vpc_id);
  if (it == p.network.vpcs.end()) {
    throw ServiceError("InvalidVpcID.NotFound", "The vpc ID '" + vpc_id + "' does not exist");
  }
  return it->second;
}

InternetGateway& require_gateway(Ec2Partition& p, const std::string& id) {
  auto it = p.internet_gateways.find(id);
  if (it == p.internet_gateways.end()) {
    throw ServiceError("InvalidInternetGatewayID.NotFound",
                       "The internetGateway ID '" + id + "' does not exist");
  }
  return it->second;
}

RouteTable& require_table(Ec2Partition& p, const std::string& id) {
  auto it = p.route_tables.find(id);
  if (it == p.route_tables.end()) {
    throw ServiceError("InvalidRouteTableID.NotFound",
                       "The routeTable ID '" + id + "' does not exist");
  }
  return it->second;
}

// Checks a route's destination and its one target.
void check_route(Ec2Partition& p, const RouteTable& table, const RouteRequest& r) {
  if (r.destination.empty()) {
    throw ServiceError("MissingParameter",
                       "The request must contain the parameter destinationCidrBlock");
  }
  if (!valid_ipv4_cidr(r.destination)) {
    throw ServiceError("InvalidParameterValue", "Value (" + r.destination +
                                                    ") for parameter destinationCidrBlock is "
                                                    "invalid. This is not a valid CIDR block.");
  }
  const int targets = (r.gateway_id.empty() ? 0 : 1) + (r.instance_id.empty() ? 0 : 1) +
                      (r.network_interface_id.empty() ? 0 : 1) + (r.nat_gateway_id.empty() ? 0 : 1);
  if (targets != 1) {
    throw ServiceError("InvalidParameterCombination",
                       "The request must contain exactly one of gatewayId, natGatewayId, "
                       "instanceId or networkInterfaceId");
  }
  if (!r.nat_gateway_id.empty()) {
    require_nat_gateway_target(p, r.nat_gateway_id, table.vpc_id, table.route_table_id);
  }
  if (!r.gateway_id.empty()) {
    auto it = p.internet_gateways.find(r.gateway_id);
    if (it == p.internet_gateways.end()) {
      throw ServiceError("InvalidGatewayID.NotFound",
                         "The gateway ID '" + r.gateway_id + "' does not exist");
    }
    if (it->second.vpc_id != table.vpc_id) {
      throw ServiceError("InvalidParameterValue", "route table " + table.route_table_id +
                                                      " and network gateway " + r.gateway_id +
                                                      " belong to different networks");
    }
  }
  if (!r.instance_id.empty()) {
    Instance* inst = p.find_instance(r.instance_id);
    if (!inst) {
      throw ServiceError("InvalidInstanceID.NotFound",
                         "The instance ID '" + r.instance_id + "' does not exist");
    }
    if (inst->vpc_id != table.vpc_id) {
      throw ServiceError("InvalidParameterValue", "route table " + table.route_table_id +
                                                      " and instance " + r.instance_id +
                                                      " belong to different networks");
    }
  }
  if (!r.network_interface_id.empty()) {
    const NetworkInterface& eni = require_network_interface(p, r.network_interface_id);
    if (eni.vpc_id != table.vpc_id) {
      throw ServiceError("InvalidParameterValue", "route table " + table.route_table_id +
                                                      " and interface " + r.network_interface_id +
                                                      " belong to different networks");
    }
  }
}

Route route_of(const RouteRequest& r) {
  Route route;
  route.destination = r.destination;
  route.gateway_id = r.gateway_id;
  route.instance_id = r.instance_id;
  route.network_interface_id = r.network_interface_id;
  route.nat_gateway_id = r.nat_gateway_id;
  return route;
}

std::optional<V> table_filter_values(const Ec2Partition& p, const RouteTable& t,
                                     const std::string& name) {
  if (auto tags = tag_filter_values(t.tags, name)) return tags;
  V out;
  if (name == "route-table-id") return V{t.route_table_id};
  if (name == "vpc-id") return V{t.vpc_id};
  if (name == "owner-id") return V{p.key.account};
  if (name.rfind("association.", 0) == 0) {
    const std::string field = name.substr(12);
    static const V fields = {
        "route-table-association-id", "route-table-id", "subnet-id", "main", "gateway-id",
        "association-state"};
    if (std::find(fields.begin(), fields.end(), field) == fields.end()) return std::nullopt;
    for (const RouteTableAssociation& a : t.associations) {
      if (field == "route-table-association-id") out.push_back(a.association_id);
      if (field == "route-table-id") out.push_back(t.route_table_id);
      if (field == "subnet-id") out.push_back(a.subnet_id);
      if (field == "main") out.push_back(a.main ? "true" : "false");
      if (field == "association-state") out.push_back("associated");
    }
    // A table with no main association answers "false" to association.main.
    if (field == "main" && out.empty()) out.push_back("false");
    return out;
  }
  if (name.rfind("route.", 0) == 0) {
    const std::string field = name.substr(6);
    static const V fields = {"destination-cidr-block",
                             "gateway-id",
                             "instance-id",
                             "network-interface-id",
                             "origin",
                             "state",
                             "destination-ipv6-cidr-block",
                             "destination-prefix-list-id",
                             "egress-only-internet-gateway-id",
                             "nat-gateway-id",
                             "transit-gateway-id",
                             "vpc-peering-connection-id"};
    if (std::find(fields.begin(), fields.end(), field) == fields.end()) return std::nullopt;
    for (const Route& r : t.routes) {
      if (field == "destination-cidr-block") out.push_back(r.destination);
      if (field == "gateway-id") out.push_back(r.gateway_id);
      if (field == "instance-id") out.push_back(r.instance_id);
      if (field == "network-interface-id") out.push_back(r.network_interface_id);
      if (field == "nat-gateway-id") out.push_back(r.nat_gateway_id);
      if (field == "origin") out.push_back(r.origin);
      if (field == "state") out.push_back(route_state(p, t, r));
    }
    return out;
  }
  return std::nullopt;
}

}  // namespace

bool RouteTable::is_main() const {
  return std::any_of(associations.begin(), associations.end(),
                     [](const RouteTableAssociation& a) { return a.main; });
}

RouteTable main_route_table(const std::string& table_id, const std::string& association_id,
                            const std::string& vpc_id, const std::string& vpc_cidr,
                            const std::string& gateway_id) {
  RouteTable t;
  t.route_table_id = table_id;
  t.vpc_id = vpc_id;
  Route local;
  local.destination = vpc_cidr;
  local.gateway_id = "local";
  local.origin = "CreateRouteTable";
  t.routes.push_back(local);
  if (!gateway_id.empty()) {
    Route out;
    out.destination = "0.0.0.0/0";
    out.gateway_id = gateway_id;
    t.routes.push_back(out);
  }
  t.associations.push_back({association_id, "", true});
  return t;
}

void add_main_route_table(Ec2Partition& p, const std::string& vpc_id, const std::string& cidr) {
  const std::string table_id = core::resource_id("rtb");
  RouteTable t = main_route_table(table_id, core::resource_id("rtbassoc"), vpc_id, cidr, "");
  p.route_tables.emplace(table_id, std::move(t));
}

void add_default_routing(Ec2Partition& p, const std::string& vpc_id, const std::string& cidr) {
  const std::string scope = p.key.account + "/" + p.key.region;
  InternetGateway igw{core::derived_id("igw", scope), vpc_id, {}};
  const std::string table_id = core::derived_id("rtb", scope);
  p.route_tables.emplace(table_id, main_route_table(table_id, core::derived_id("rtbassoc", scope),
                                                    vpc_id, cidr, igw.gateway_id));
  p.internet_gateways.emplace(igw.gateway_id, std::move(igw));
}

void release_vpc_routing(Ec2Partition& p, const std::string& vpc_id, bool apply) {
  for (const auto& [id, g] : p.internet_gateways) {
    if (g.vpc_id == vpc_id) {
      throw ServiceError("DependencyViolation",
                         "The vpc '" + vpc_id + "' has dependencies and cannot be deleted.");
    }
  }
  for (const auto& [id, t] : p.route_tables) {
    if (t.vpc_id == vpc_id && !t.is_main()) {
      throw ServiceError("DependencyViolation",
                         "The vpc '" + vpc_id + "' has dependencies and cannot be deleted.");
    }
  }
  if (!apply) return;
  std::erase_if(p.route_tables, [&](const auto& e) { return e.second.vpc_id == vpc_id; });
}

void forget_subnet_associations(Ec2Partition& p, const std::string& subnet_id) {
  for (auto& [id, t] : p.route_tables) {
    std::erase_if(t.associations,
                  [&](const RouteTableAssociation& a) { return a.subnet_id == subnet_id; });
  }
}

std::string route_state(const Ec2Partition& p, const RouteTable& table, const Route& route) {
  if (route.gateway_id == "local") return "active";
  if (!route.gateway_id.empty()) {
    auto it = p.internet_gateways.find(route.gateway_id);
    return it != p.internet_gateways.end() && it->second.vpc_id == table.vpc_id ? "active"
                                                                                : "blackhole";
  }
  if (!route.nat_gateway_id.empty()) {
    return nat_gateway_routable(p, route.nat_gateway_id) ? "active" : "blackhole";
  }
  if (!route.network_interface_id.empty()) {
    return p.network_interfaces.contains(route.network_interface_id) ? "active" : "blackhole";
  }
  auto it = p.instances.find(route.instance_id);
  return it != p.instances.end() && it->second.lifecycle.state() == core::InstanceState::kRunning
             ? "active"
             : "blackhole";
}

InternetGateway create_internet_gateway(Ec2Partition& p, const std::vector<Tag>& tags,
                                        bool dry_run) {
  validate_user_tags(tags);
  if (dry_run) throw dry_run_succeeded();
  InternetGateway g;
  g.gateway_id = core::resource_id("igw");
  for (const Tag& t : tags) g.tags.set(t.key, t.value);
  p.internet_gateways.emplace(g.gateway_id, g);
  return g;
}

void attach_internet_gateway(Ec2Partition& p, const std::string& gateway_id,
                             const std::string& vpc_id, bool dry_run) {
  InternetGateway& g = require_gateway(p, gateway_id);
  require_route_vpc(p, vpc_id);
  if (!g.vpc_id.empty()) {
    throw ServiceError("Resource.AlreadyAssociated",
                       "resource " + gateway_id + " is already attached to network " + g.vpc_id);
  }
  for (const auto& [id, other] : p.internet_gateways) {
    if (other.vpc_id == vpc_id) {
      throw ServiceError("Resource.AlreadyAssociated",
                         "Network " + vpc_id + " already has an internet gateway attached");
    }
  }
  if (dry_run) throw dry_run_succeeded();
  g.vpc_id = vpc_id;
}

void detach_internet_gateway(Ec2Partition& p, const std::string& gateway_id,
                             const std::string& vpc_id, bool dry_run) {
  InternetGateway& g = require_gateway(p, gateway_id);
  require_route_vpc(p, vpc_id);
  if (g.vpc_id != vpc_id) {
    throw ServiceError("Gateway.NotAttached",
                       "resource " + gateway_id + " is not attached to network " + vpc_id);
  }
  // Instances with public addresses in the VPC depend on the gateway.
  for (const auto& [id, a] : p.addresses) {
    auto eni = p.network_interfaces.find(a.network_interface_id);
    if (eni != p.network_interfaces.end() && eni->second.vpc_id == vpc_id) {
      throw ServiceError("DependencyViolation",
                         "Network " + vpc_id +
                             " has some mapped public address(es). Please unmap those public "
                             "address(es) before detaching the gateway.");
    }
  }
  if (dry_run) throw dry_run_succeeded();
  g.vpc_id.clear();
}

void delete_internet_gateway(Ec2Partition& p, const std::string& gateway_id, bool dry_run) {
  InternetGateway& g = require_gateway(p, gateway_id);
  if (!g.vpc_id.empty()) {
    throw ServiceError("DependencyViolation", "The internetGateway '" + gateway_id +
                                                  "' has dependencies and cannot be deleted.");
  }
  if (dry_run) throw dry_run_succeeded();
  p.internet_gateways.erase(gateway_id);
}

DescribeInternetGatewaysResult describe_internet_gateways(Ec2Partition& p,
                                                          const DescribeRoutingRequest& r) {
  check_max_results(r.max_results, 5, 1000);
  check_token(r.next_token, "igw-");
  auto values = [&](const InternetGateway& g, const std::string& name) -> std::optional<V> {
    if (auto tags = tag_filter_values(g.tags, name)) return tags;
    if (name == "internet-gateway-id") return V{g.gateway_id};
    if (name == "owner-id") return V{p.key.account};
    if (name == "attachment.vpc-id") return V{g.vpc_id};
    if (name == "attachment.state") return V{g.vpc_id.empty() ? "" : "available"};
    return std::nullopt;
  };
  require_known_filters(r.filters, [&](const std::string& n) { return values({}, n); });
  for (const std::string& id : r.ids) require_gateway(p, id);
  if (r.dry_run) throw dry_run_succeeded();
  DescribeInternetGatewaysResult result;
  std::string last;
  auto it = r.next_token.empty() ? p.internet_gateways.begin()
                                 : p.internet_gateways.upper_bound(r.next_token);
  for (; it != p.internet_gateways.end(); ++it) {
    const InternetGateway& g = it->second;
    if (!r.ids.empty() && std::find(r.ids.begin(), r.ids.end(), g.gateway_id) == r.ids.end()) {
      continue;
    }
    if (!matches_all(r.filters, [&](const std::string& n) { return values(g, n); })) continue;
    if (r.max_results && static_cast<long long>(result.gateways.size()) == *r.max_results) {
      result.next_token = last;
      return result;
    }
    result.gateways.push_back(g);
    last = g.gateway_id;
  }
  return result;
}

RouteTable create_route_table(Ec2Partition& p, const std::string& vpc_id,
                              const std::vector<Tag>& tags, bool dry_run) {
  const Vpc& vpc = require_route_vpc(p, vpc_id);
  validate_user_tags(tags);
  if (dry_run) throw dry_run_succeeded();
  RouteTable t;
  t.route_table_id = core::resource_id("rtb");
  t.vpc_id = vpc_id;
  Route local;
  local.destination = vpc.cidr_block;
  local.gateway_id = "local";
  local.origin = "CreateRouteTable";
  t.routes.push_back(local);
  for (const Tag& tag : tags) t.tags.set(tag.key, tag.value);
  p.route_tables.emplace(t.route_table_id, t);
  return t;
}

void delete_route_table(Ec2Partition& p, const std::string& table_id, bool dry_run) {
  RouteTable& t = require_table(p, table_id);
  if (!t.associations.empty()) {
    throw ServiceError("DependencyViolation",
                       "The routeTable '" + table_id + "' has dependencies and cannot be deleted.");
  }
  if (dry_run) throw dry_run_succeeded();
  p.route_tables.erase(table_id);
}

void create_route(Ec2Partition& p, const RouteRequest& r) {
  RouteTable& t = require_table(p, r.table_id);
  check_route(p, t, r);
  for (const Route& existing : t.routes) {
    if (existing.destination == r.destination) {
      throw ServiceError("RouteAlreadyExists",
                         "The route identified by " + r.destination + " already exists.");
    }
  }
  if (r.dry_run) throw dry_run_succeeded();
  t.routes.push_back(route_of(r));
}

void replace_route(Ec2Partition& p, const RouteRequest& r) {
  RouteTable& t = require_table(p, r.table_id);
  check_route(p, t, r);
  auto it = std::find_if(t.routes.begin(), t.routes.end(),
                         [&](const Route& x) { return x.destination == r.destination; });
  if (it == t.routes.end()) {
    throw ServiceError("InvalidParameterValue",
                       "There is no route defined for '" + r.destination +
                           "' in the route table. Use CreateRoute instead.");
  }
  if (it->gateway_id == "local") {
    throw ServiceError("InvalidParameterValue", "cannot replace local route " + r.destination +
                                                    " in route table " + r.table_id);
  }
  if (r.dry_run) throw dry_run_succeeded();
  *it = route_of(r);
}

void delete_route(Ec2Partition& p, const std::string& table_id, const std::string& destination,
                  bool dry_run) {
  RouteTable& t = require_table(p, table_id);
  auto it = std::find_if(t.routes.begin(), t.routes.end(),
                         [&](const Route& x) { return x.destination == destination; });
  if (it == t.routes.end()) {
    throw ServiceError("InvalidRoute.NotFound", "no route with destination-cidr-block " +
                                                    destination + " in route table " + table_id);
  }
  if (it->gateway_id == "local") {
    throw ServiceError("InvalidParameterValue",
                       "cannot remove local route " + destination + " in route table " + table_id);
  }
  if (dry_run) throw dry_run_succeeded();
  t.routes.erase(it);
}

std::string associate_route_table(Ec2Partition& p, const std::string& table_id,
                                  const std::string& subnet_id, bool dry_run) {
  RouteTable& t = require_table(p, table_id);
  if (subnet_id.empty()) {
    throw ServiceError("MissingParameter", "The request must contain the parameter subnetId");
  }
  const Subnet* s = p.network.find_subnet(subnet_id);
  if (!s) {
    throw ServiceError("InvalidSubnetID.NotFound",
                       "The subnet ID '" + subnet_id + "' does not exist");
  }
  if (s->vpc_id != t.vpc_id) {
    throw ServiceError("InvalidParameterValue", "Route table " + table_id + " and subnet " +
                                                    subnet_id + " belong to different networks");
  }
  for (const auto& [id, other] : p.route_tables) {
    for (const RouteTableAssociation& a : other.associations) {
      if (a.subnet_id == subnet_id) {
        throw ServiceError("Resource.AlreadyAssociated",
                           "the specified association for route table " + table_id +
                               " conflicts with an existing association");
      }
    }
  }
  if (dry_run) throw dry_run_succeeded();
  RouteTableAssociation a{core::resource_id("rtbassoc"), subnet_id, false};
  t.associations.push_back(a);
  return a.association_id;
}

void disassociate_route_table(Ec2Partition& p, const std::string& association_id, bool dry_run) {
  for (auto& [id, t] : p.route_tables) {
    for (auto it = t.associations.begin(); it != t.associations.end(); ++it) {
      if (it->association_id != association_id) continue;
      if (it->main) {
        throw ServiceError(
            "InvalidParameterValue",
            "cannot disassociate the main route table association " + association_id);
      }
      if (dry_run) throw dry_run_succeeded();
      t.associations.erase(it);
      return;
    }
  }
  throw ServiceError("InvalidAssociationID.NotFound",
                     "The association ID '" + association_id + "' does not exist");
}

DescribeRouteTablesResult describe_route_tables(Ec2Partition& p, const DescribeRoutingRequest& r) {
  check_max_results(r.max_results, 5, 100);
  check_token(r.next_token, "rtb-");
  require_known_filters(
      r.filters, [&](const std::string& n) { return table_filter_values(p, RouteTable{}, n); });
  for (const std::string& id : r.ids) require_table(p, id);
  if (r.dry_run) throw dry_run_succeeded();
  DescribeRouteTablesResult result;
  std::string last;
  auto it =
      r.next_token.empty() ? p.route_tables.begin() : p.route_tables.upper_bound(r.next_token);
  for (; it != p.route_tables.end(); ++it) {
    const RouteTable& t = it->second;
    if (!r.ids.empty() && std::find(r.ids.begin(), r.ids.end(), t.route_table_id) == r.ids.end()) {
      continue;
    }
    if (!matches_all(r.filters,
                     [&](const std::string& n) { return table_filter_values(p, t, n); })) {
      continue;
    }
    if (r.max_results && static_cast<long long>(result.tables.size()) == *r.max_results) {
      result.next_token = last;
      return result;
    }
    result.tables.push_back(t);
    last = t.route_table_id;
  }
  return result;
}

bool vpc_attribute(Ec2Partition& p, const std::string& vpc_id, const std::string& attribute) {
  const Vpc& vpc = require_route_vpc(p, vpc_id);
  if (attribute == "enableDnsSupport") return vpc.enable_dns_support;
  if (attribute == "enableDnsHostnames") return vpc.enable_dns_hostnames;
  if (attribute == "enableNetworkAddressUsageMetrics") {
    return vpc.enable_network_address_usage_metrics;
  }
  throw ServiceError("InvalidParameterValue",
                     "Value (" + attribute + ") for parameter attribute is invalid.");
}

void modify_vpc_attribute(Ec2Partition& p, const std::string& vpc_id, const std::string& attribute,
                          bool value, bool dry_run) {
  Vpc& vpc = require_route_vpc(p, vpc_id);
  if (attribute == "enableDnsHostnames" && value && !vpc.enable_dns_support) {
    throw ServiceError("InvalidParameterValue",
                       "enableDnsHostnames cannot be enabled while enableDnsSupport is disabled");
  }
  if (dry_run) throw dry_run_succeeded();
  if (attribute == "enableDnsSupport") vpc.enable_dns_support = value;
  if (attribute == "enableDnsHostnames") vpc.enable_dns_hostnames = value;
  if (attribute == "enableNetworkAddressUsageMetrics") {
    vpc.enable_network_address_usage_metrics = value;
  }
}

void modify_subnet_map_public_ip(Ec2Partition& p, const std::string& subnet_id, bool value,
                                 bool dry_run) {
  Subnet* s = p.network.find_subnet(subnet_id);
  if (!s) {
    throw ServiceError("InvalidSubnetID.NotFound",
                       "The subnet ID '" + subnet_id + "' does not exist");
  }
  if (dry_run) throw dry_run_succeeded();
  s->map_public_ip_on_launch = value;
}

}  // namespace cloudlife::ec2
