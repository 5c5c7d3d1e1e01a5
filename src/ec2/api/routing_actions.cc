// Internet gateway, route table and VPC/subnet attribute actions (ec2/routing.h), decoded and
// encoded by the generated codec (codegen/ec2/routing.ops). Route targets and association kinds
// with no model here (NAT, transit and egress-only gateways, peering, endpoints, prefix lists,
// IPv6 destinations, gateway associations) are refused with Unsupported rather than ignored.
#include <algorithm>
#include <string>
#include <vector>

#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/routing.h"
#include "ec2/tag_operations.h"
#include "ec2_codec.h"

namespace cloudlife::ec2::api {
namespace {

using core::ServiceError;
using protocol::HttpResponse;
namespace wire = codec::ec2;

void unsupported(const char* member) {
  throw ServiceError("Unsupported", std::string("The requested configuration is currently not "
                                                "supported: cloudlife does not implement ") +
                                        member + ".");
}

std::vector<Tag> tags_of(const std::vector<wire::TagSpecification>& specs, const char* type) {
  const std::vector<TagSpecification> model = to_tag_specifications(specs);
  validate_tag_specifications(model, {type});
  std::vector<Tag> out;
  for (const TagSpecification& s : model) out.insert(out.end(), s.tags.begin(), s.tags.end());
  return out;
}

template <class W>
void write_tags(W& w, const TagSet& tags) {
  w.tags(tags.items(), [](wire::TagWriter& t, const Tag& tag) { t.key(tag.key).value(tag.value); });
}

void write_gateway(wire::InternetGatewayWriter& w, const InternetGateway& g,
                   const std::string& owner) {
  std::vector<std::string> attached;
  if (!g.vpc_id.empty()) attached.push_back(g.vpc_id);
  w.attachments(attached, [](wire::InternetGatewayAttachmentWriter& a, const std::string& vpc) {
    a.state("available").vpc_id(vpc);
  });
  w.internet_gateway_id(g.gateway_id).owner_id(owner);
  write_tags(w, g.tags);
}

struct TableView {
  RouteTable table;
  std::vector<std::string> states;  // per route
};

void write_table(wire::RouteTableWriter& w, const TableView& v, const std::string& owner) {
  const RouteTable& t = v.table;
  w.associations(t.associations, [&](wire::RouteTableAssociationWriter& a,
                                     const RouteTableAssociation& x) {
    a.main(x.main).route_table_association_id(x.association_id).route_table_id(t.route_table_id);
    if (!x.subnet_id.empty()) a.subnet_id(x.subnet_id);
    a.association_state([](wire::RouteTableAssociationStateWriter& s) { s.state("associated"); });
  });
  w.propagating_vgws([](wire::PropagatingVgwListWriter&) {});
  w.route_table_id(t.route_table_id);
  std::size_t k = 0;
  w.routes(t.routes, [&](wire::RouteWriter& r, const Route& route) {
    r.destination_cidr_block(route.destination);
    if (!route.gateway_id.empty()) r.gateway_id(route.gateway_id);
    if (!route.instance_id.empty()) r.instance_id(route.instance_id).instance_owner_id(owner);
    if (!route.network_interface_id.empty()) r.network_interface_id(route.network_interface_id);
    if (!route.nat_gateway_id.empty()) r.nat_gateway_id(route.nat_gateway_id);
    r.origin(route.origin).state(v.states[k++]);
  });
  write_tags(w, t.tags);
  w.vpc_id(t.vpc_id).owner_id(owner);
}

TableView view_of_table(const Ec2Partition& p, const RouteTable& t) {
  TableView v{t, {}};
  for (const Route& r : t.routes) v.states.push_back(route_state(p, t, r));
  return v;
}

HttpResponse create_internet_gateway(Ec2Call& call) {
  const auto req = wire::CreateInternetGatewayRequest::decode(call.params);
  const auto tags = tags_of(req.tag_specifications, "internet-gateway");
  const bool dry = req.dry_run.value_or(false);
  const InternetGateway g = call.run(
      [&](Ec2Partition& p, core::TimeMs) { return ec2::create_internet_gateway(p, tags, dry); });
  wire::CreateInternetGatewayResponse out(call.ctx.request_id);
  out.internet_gateway(
      [&](wire::InternetGatewayWriter& w) { write_gateway(w, g, call.ctx.account); });
  return out.finish();
}

HttpResponse attach_internet_gateway(Ec2Call& call) {
  const auto req = wire::AttachInternetGatewayRequest::decode(call.params);
  call.run([&](Ec2Partition& p, core::TimeMs) {
    ec2::attach_internet_gateway(p, req.internet_gateway_id, req.vpc_id,
                                 req.dry_run.value_or(false));
  });
  return wire::AttachInternetGatewayResponse(call.ctx.request_id).finish();
}

HttpResponse detach_internet_gateway(Ec2Call& call) {
  const auto req = wire::DetachInternetGatewayRequest::decode(call.params);
  call.run([&](Ec2Partition& p, core::TimeMs) {
    ec2::detach_internet_gateway(p, req.internet_gateway_id, req.vpc_id,
                                 req.dry_run.value_or(false));
  });
  return wire::DetachInternetGatewayResponse(call.ctx.request_id).finish();
}

HttpResponse delete_internet_gateway(Ec2Call& call) {
  const auto req = wire::DeleteInternetGatewayRequest::decode(call.params);
  call.run([&](Ec2Partition& p, core::TimeMs) {
    ec2::delete_internet_gateway(p, req.internet_gateway_id, req.dry_run.value_or(false));
  });
  return wire::DeleteInternetGatewayResponse(call.ctx.request_id).finish();
}

HttpResponse describe_internet_gateways(Ec2Call& call) {
  const auto req = wire::DescribeInternetGatewaysRequest::decode(call.params);
  DescribeRoutingRequest r;
  r.ids = req.internet_gateway_ids;
  r.filters = to_filters(req.filters);
  r.max_results = req.max_results;
  r.next_token = req.next_token.value_or("");
  r.dry_run = req.dry_run.value_or(false);
  const DescribeInternetGatewaysResult result = call.run(
      [&](Ec2Partition& p, core::TimeMs) { return ec2::describe_internet_gateways(p, r); });
  wire::DescribeInternetGatewaysResponse out(call.ctx.request_id);
  out.internet_gateways(result.gateways,
                        [&](wire::InternetGatewayWriter& w, const InternetGateway& g) {
                          write_gateway(w, g, call.ctx.account);
                        });
  if (!result.next_token.empty()) out.next_token(result.next_token);
  return out.finish();
}

HttpResponse create_route_table(Ec2Call& call) {
  const auto req = wire::CreateRouteTableRequest::decode(call.params);
  if (req.client_token) unsupported("CreateRouteTable ClientToken");
  const auto tags = tags_of(req.tag_specifications, "route-table");
  const bool dry = req.dry_run.value_or(false);
  const TableView v = call.run([&](Ec2Partition& p, core::TimeMs) {
    return view_of_table(p, ec2::create_route_table(p, req.vpc_id, tags, dry));
  });
  wire::CreateRouteTableResponse out(call.ctx.request_id);
  out.route_table([&](wire::RouteTableWriter& w) { write_table(w, v, call.ctx.account); });
  return out.finish();
}

HttpResponse delete_route_table(Ec2Call& call) {
  const auto req = wire::DeleteRouteTableRequest::decode(call.params);
  call.run([&](Ec2Partition& p, core::TimeMs) {
    ec2::delete_route_table(p, req.route_table_id, req.dry_run.value_or(false));
  });
  return wire::DeleteRouteTableResponse(call.ctx.request_id).finish();
}

HttpResponse describe_route_tables(Ec2Call& call) {
  const auto req = wire::DescribeRouteTablesRequest::decode(call.params);
  DescribeRoutingRequest r;
  r.ids = req.route_table_ids;
  r.filters = to_filters(req.filters);
  r.max_results = req.max_results;
  r.next_token = req.next_token.value_or("");
  r.dry_run = req.dry_run.value_or(false);
  std::string next_token;
  const std::vector<TableView> views = call.run([&](Ec2Partition& p, core::TimeMs) {
    const DescribeRouteTablesResult result = ec2::describe_route_tables(p, r);
    next_token = result.next_token;
    std::vector<TableView> out;
    for (const RouteTable& t : result.tables) out.push_back(view_of_table(p, t));
    return out;
  });
  wire::DescribeRouteTablesResponse out(call.ctx.request_id);
  out.route_tables(views, [&](wire::RouteTableWriter& w, const TableView& v) {
    write_table(w, v, call.ctx.account);
  });
  if (!next_token.empty()) out.next_token(next_token);
  return out.finish();
}

// The route targets and destinations this model has; anything else is refused.
template <class Req>
RouteRequest route_request(const Req& req) {
  if (req.destination_ipv6_cidr_block) unsupported("IPv6 route destinations");
  if (req.destination_prefix_list_id) unsupported("prefix-list route destinations");
  if (req.vpc_endpoint_id || req.transit_gateway_id || req.local_gateway_id ||
      req.carrier_gateway_id || req.core_network_arn || req.odb_network_arn ||
      req.egress_only_internet_gateway_id || req.vpc_peering_connection_id) {
    unsupported(
        "route targets other than internet gateways, NAT gateways, instances and network "
        "interfaces");
  }
  RouteRequest r;
  r.table_id = req.route_table_id;
  r.destination = req.destination_cidr_block.value_or("");
  r.gateway_id = req.gateway_id.value_or("");
  r.instance_id = req.instance_id.value_or("");
  r.network_interface_id = req.network_interface_id.value_or("");
  r.nat_gateway_id = req.nat_gateway_id.value_or("");
  r.dry_run = req.dry_run.value_or(false);
  return r;
}

HttpResponse create_route(Ec2Call& call) {
  const RouteRequest r = route_request(wire::CreateRouteRequest::decode(call.params));
  call.run([&](Ec2Partition& p, core::TimeMs) { ec2::create_route(p, r); });
  wire::CreateRouteResponse out(call.ctx.request_id);
  out.return_(true);
  return out.finish();
}

HttpResponse replace_route(Ec2Call& call) {
  const auto req = wire::ReplaceRouteRequest::decode(call.params);
  if (req.local_target) unsupported("ReplaceRoute LocalTarget");
  const RouteRequest r = route_request(req);
  call.run([&](Ec2Partition& p, core::TimeMs) { ec2::replace_route(p, r); });
  return wire::ReplaceRouteResponse(call.ctx.request_id).finish();
}

HttpResponse delete_route(Ec2Call& call) {
  const auto req = wire::DeleteRouteRequest::decode(call.params);
  if (req.destination_ipv6_cidr_block) unsupported("IPv6 route destinations");
  if (req.destination_prefix_list_id) unsupported("prefix-list route destinations");
  const std::string destination = req.destination_cidr_block.value_or("");
  if (destination.empty()) {
    throw ServiceError("MissingParameter",
                       "The request must contain the parameter destinationCidrBlock");
  }
  call.run([&](Ec2Partition& p, core::TimeMs) {
    ec2::delete_route(p, req.route_table_id, destination, req.dry_run.value_or(false));
  });
  return wire::DeleteRouteResponse(call.ctx.request_id).finish();
}

HttpResponse associate_route_table(Ec2Call& call) {
  const auto req = wire::AssociateRouteTableRequest::decode(call.params);
  if (req.gateway_id) unsupported("gateway route table associations");
  if (req.public_ipv4_pool) unsupported("AssociateRouteTable PublicIpv4Pool");
  const std::string association = call.run([&](Ec2Partition& p, core::TimeMs) {
    return ec2::associate_route_table(p, req.route_table_id, req.subnet_id.value_or(""),
                                      req.dry_run.value_or(false));
  });
  wire::AssociateRouteTableResponse out(call.ctx.request_id);
  out.association_id(association);
  out.association_state([](wire::RouteTableAssociationStateWriter& s) { s.state("associated"); });
  return out.finish();
}

HttpResponse disassociate_route_table(Ec2Call& call) {
  const auto req = wire::DisassociateRouteTableRequest::decode(call.params);
  call.run([&](Ec2Partition& p, core::TimeMs) {
    ec2::disassociate_route_table(p, req.association_id, req.dry_run.value_or(false));
  });
  return wire::DisassociateRouteTableResponse(call.ctx.request_id).finish();
}

HttpResponse describe_vpc_attribute(Ec2Call& call) {
  const auto req = wire::DescribeVpcAttributeRequest::decode(call.params);
  const bool dry = req.dry_run.value_or(false);
  const bool value = call.run([&](Ec2Partition& p, core::TimeMs) {
    const bool v = ec2::vpc_attribute(p, req.vpc_id, req.attribute);
    if (dry) throw dry_run_succeeded();
    return v;
  });
  wire::DescribeVpcAttributeResponse out(call.ctx.request_id);
  out.vpc_id(req.vpc_id);
  auto write = [&](wire::AttributeBooleanValueWriter& w) { w.value(value); };
  if (req.attribute == "enableDnsSupport") out.enable_dns_support(write);
  if (req.attribute == "enableDnsHostnames") out.enable_dns_hostnames(write);
  if (req.attribute == "enableNetworkAddressUsageMetrics") {
    out.enable_network_address_usage_metrics(write);
  }
  return out.finish();
}

HttpResponse modify_vpc_attribute(Ec2Call& call) {
  const auto req = wire::ModifyVpcAttributeRequest::decode(call.params);
  std::vector<std::pair<std::string, bool>> given;
  if (req.enable_dns_support)
    given.push_back({"enableDnsSupport", req.enable_dns_support->value.value_or(false)});
  if (req.enable_dns_hostnames)
    given.push_back({"enableDnsHostnames", req.enable_dns_hostnames->value.value_or(false)});
  if (req.enable_network_address_usage_metrics) {
    given.push_back({"enableNetworkAddressUsageMetrics",
                     req.enable_network_address_usage_metrics->value.value_or(false)});
  }
  if (given.size() != 1) {
    throw ServiceError(given.empty() ? "MissingParameter" : "InvalidParameterCombination",
                       given.empty() ? "The request must contain exactly one attribute to modify"
                                     : "Only one attribute can be modified at a time");
  }
  call.run([&](Ec2Partition& p, core::TimeMs) {
    ec2::modify_vpc_attribute(p, req.vpc_id, given[0].first, given[0].second, false);
  });
  return wire::ModifyVpcAttributeResponse(call.ctx.request_id).finish();
}

HttpResponse modify_subnet_attribute(Ec2Call& call) {
  const auto req = wire::ModifySubnetAttributeRequest::decode(call.params);
  if (req.assign_ipv6_address_on_creation || req.map_customer_owned_ip_on_launch ||
      req.customer_owned_ipv4_pool || req.enable_dns64 || req.private_dns_hostname_type_on_launch ||
      req.enable_resource_name_dns_a_record_on_launch ||
      req.enable_resource_name_dns_aaaa_record_on_launch || req.enable_lni_at_device_index ||
      req.disable_lni_at_device_index) {
    unsupported("subnet attributes other than MapPublicIpOnLaunch");
  }
  if (!req.map_public_ip_on_launch) {
    throw ServiceError("MissingParameter",
                       "The request must contain exactly one attribute to modify");
  }
  const bool value = req.map_public_ip_on_launch->value.value_or(false);
  call.run([&](Ec2Partition& p, core::TimeMs) {
    ec2::modify_subnet_map_public_ip(p, req.subnet_id, value, false);
  });
  return wire::ModifySubnetAttributeResponse(call.ctx.request_id).finish();
}

}  // namespace

void register_routing_actions(Ec2ActionTable& t) {
  t["CreateInternetGateway"] = create_internet_gateway;
  t["AttachInternetGateway"] = attach_internet_gateway;
  t["DetachInternetGateway"] = detach_internet_gateway;
  t["DeleteInternetGateway"] = delete_internet_gateway;
  t["DescribeInternetGateways"] = describe_internet_gateways;
  t["CreateRouteTable"] = create_route_table;
  t["DeleteRouteTable"] = delete_route_table;
  t["DescribeRouteTables"] = describe_route_tables;
  t["CreateRoute"] = create_route;
  t["ReplaceRoute"] = replace_route;
  t["DeleteRoute"] = delete_route;
  t["AssociateRouteTable"] = associate_route_table;
  t["DisassociateRouteTable"] = disassociate_route_table;
  t["DescribeVpcAttribute"] = describe_vpc_attribute;
  t["ModifyVpcAttribute"] = modify_vpc_attribute;
  t["ModifySubnetAttribute"] = modify_subnet_attribute;
}

}  // namespace cloudlife::ec2::api
