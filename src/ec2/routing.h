// Internet gateways, route tables and VPC/subnet attributes: Create/Attach/Detach/Delete/
// DescribeInternetGateways, Create/Delete/DescribeRouteTables, Create/Replace/DeleteRoute,
// Associate/DisassociateRouteTable, Describe/ModifyVpcAttribute, ModifySubnetAttribute.
// Contract: called with the engine lock held; validate everything, then change. Every VPC has a
// main route table holding its "local" route; the default VPC's also routes 0.0.0.0/0 to the
// default internet gateway attached to it (IDs derived from account and region, like the VPC's).
// A VPC has at most one internet gateway; a route to a gateway no longer attached to the table's
// VPC is a "blackhole". A subnet without an explicit association uses the main table. Deleting a
// subnet removes its association; an attached gateway, a non-main table or a subnet keeps a VPC
// from being deleted (DependencyViolation), and the main table goes with its VPC.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ec2/filters.h"
#include "ec2/tags.h"

namespace cloudlife::ec2 {

struct Ec2Partition;

struct InternetGateway {
  std::string gateway_id;  // igw-…
  std::string vpc_id;      // "" when detached
  TagSet tags;
};

struct Route {
  std::string destination;  // IPv4 CIDR
  std::string gateway_id;   // "local" or igw-…
  std::string instance_id;
  std::string network_interface_id;
  std::string nat_gateway_id;
  std::string origin = "CreateRoute";  // CreateRouteTable | CreateRoute
};

struct RouteTableAssociation {
  std::string association_id;  // rtbassoc-…
  std::string subnet_id;       // "" for the main association
  bool main = false;
};

struct RouteTable {
  std::string route_table_id;  // rtb-…
  std::string vpc_id;
  std::vector<Route> routes;
  std::vector<RouteTableAssociation> associations;
  TagSet tags;

  bool is_main() const;
};

// The main route table (and, with `gateway_id`, the default route through it) of a new VPC.
RouteTable main_route_table(const std::string& table_id, const std::string& association_id,
                            const std::string& vpc_id, const std::string& vpc_cidr,
                            const std::string& gateway_id);
// Adds a VPC's main route table (IDs drawn from the ID sequence): CreateVpc.
void add_main_route_table(Ec2Partition& p, const std::string& vpc_id, const std::string& cidr);
// The default VPC's gateway and main table (derived IDs): a partition's first moment.
void add_default_routing(Ec2Partition& p, const std::string& vpc_id, const std::string& cidr);
// What a VPC deletion must refuse (attached gateway, non-main tables), then removes its main
// table. `apply` false checks only.
void release_vpc_routing(Ec2Partition& p, const std::string& vpc_id, bool apply);
// A deleted subnet's explicit association goes with it.
void forget_subnet_associations(Ec2Partition& p, const std::string& subnet_id);

// "active", or "blackhole" when the target is gone or detached from the table's VPC.
std::string route_state(const Ec2Partition& p, const RouteTable& table, const Route& route);

InternetGateway create_internet_gateway(Ec2Partition& p, const std::vector<Tag>& tags,
                                        bool dry_run);
void attach_internet_gateway(Ec2Partition& p, const std::string& gateway_id,
                             const std::string& vpc_id, bool dry_run);
void detach_internet_gateway(Ec2Partition& p, const std::string& gateway_id,
                             const std::string& vpc_id, bool dry_run);
void delete_internet_gateway(Ec2Partition& p, const std::string& gateway_id, bool dry_run);

struct DescribeRoutingRequest {
  std::vector<std::string> ids;
  std::vector<Filter> filters;
  std::optional<long long> max_results;
  std::string next_token;
  bool dry_run = false;
};
struct DescribeInternetGatewaysResult {
  std::vector<InternetGateway> gateways;
  std::string next_token;
};
DescribeInternetGatewaysResult describe_internet_gateways(Ec2Partition& p,
                                                          const DescribeRoutingRequest& r);

RouteTable create_route_table(Ec2Partition& p, const std::string& vpc_id,
                              const std::vector<Tag>& tags, bool dry_run);
void delete_route_table(Ec2Partition& p, const std::string& table_id, bool dry_run);

struct RouteRequest {
  std::string table_id;
  std::string destination;
  std::string gateway_id;
  std::string instance_id;
  std::string network_interface_id;
  std::string nat_gateway_id;
  bool dry_run = false;
};
void create_route(Ec2Partition& p, const RouteRequest& r);
void replace_route(Ec2Partition& p, const RouteRequest& r);
void delete_route(Ec2Partition& p, const std::string& table_id, const std::string& destination,
                  bool dry_run);
std::string associate_route_table(Ec2Partition& p, const std::string& table_id,
                                  const std::string& subnet_id, bool dry_run);
void disassociate_route_table(Ec2Partition& p, const std::string& association_id, bool dry_run);

struct DescribeRouteTablesResult {
  std::vector<RouteTable> tables;
  std::string next_token;
};
DescribeRouteTablesResult describe_route_tables(Ec2Partition& p, const DescribeRoutingRequest& r);

// VPC attributes: enableDnsSupport, enableDnsHostnames, enableNetworkAddressUsageMetrics.
bool vpc_attribute(Ec2Partition& p, const std::string& vpc_id, const std::string& attribute);
void modify_vpc_attribute(Ec2Partition& p, const std::string& vpc_id, const std::string& attribute,
                          bool value, bool dry_run);
void modify_subnet_map_public_ip(Ec2Partition& p, const std::string& subnet_id, bool value,
                                 bool dry_run);

}  // namespace cloudlife::ec2
