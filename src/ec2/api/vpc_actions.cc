// EC2 networking actions: CreateVpc, DescribeVpcs, DeleteVpc, CreateSubnet, DescribeSubnets,
// DeleteSubnet (enough for Auto Scaling's VPCZoneIdentifier and real-client setup code), decoded
// and encoded by the generated codec (codegen/ec2/vpcs_security_groups.ops; item writers in
// vpc_writers.h). IPv6 blocks, IPAM pools, Outposts and VPC encryption control have no model here
// and are refused with Unsupported rather than ignored. The describe filters (with the legacy
// names `cidr-block`, `cidrBlock`, `isDefault` …) are the model's (ec2/vpc_describe.cc).
#include <string>
#include <string_view>
#include <vector>

#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/api/vpc_writers.h"
#include "ec2/vpc_describe.h"
#include "ec2/vpc_operations.h"
#include "ec2_codec.h"
#include "protocol/aws_errors.h"

namespace cloudlife::ec2::api {
namespace {

using protocol::HttpResponse;
namespace wire = codec::ec2;

// Unsupported "… cloudlife does not implement the parameter NAME." for a member with no model.
[[noreturn]] void refuse_vpc_parameter(std::string_view wire_name) {
  throw protocol::aws_error("Unsupported", {"cloudlife does not implement the parameter " +
                                            std::string(wire_name) + "."});
}

// The tags of the request's TagSpecifications for `type` (those for other types are not applied).
std::vector<Tag> vpc_tags_for(const std::vector<wire::TagSpecification>& specs,
                              std::string_view type) {
  std::vector<Tag> out;
  for (const TagSpecification& ts : to_tag_specifications(specs)) {
    if (ts.resource_type == type) out.insert(out.end(), ts.tags.begin(), ts.tags.end());
  }
  return out;
}

void refuse_unmodelled_vpc_members(const wire::CreateVpcRequest& req) {
  if (req.ipv6_pool) refuse_vpc_parameter("Ipv6Pool");
  if (req.ipv6_cidr_block) refuse_vpc_parameter("Ipv6CidrBlock");
  if (req.ipv4_ipam_pool_id) refuse_vpc_parameter("Ipv4IpamPoolId");
  if (req.ipv4_netmask_length) refuse_vpc_parameter("Ipv4NetmaskLength");
  if (req.ipv6_ipam_pool_id) refuse_vpc_parameter("Ipv6IpamPoolId");
  if (req.ipv6_netmask_length) refuse_vpc_parameter("Ipv6NetmaskLength");
  if (req.ipv6_cidr_block_network_border_group) {
    refuse_vpc_parameter("Ipv6CidrBlockNetworkBorderGroup");
  }
  if (req.vpc_encryption_control) refuse_vpc_parameter("VpcEncryptionControl");
  if (req.amazon_provided_ipv6_cidr_block.value_or(false)) {
    refuse_vpc_parameter("AmazonProvidedIpv6CidrBlock");
  }
}

void refuse_unmodelled_subnet_members(const wire::CreateSubnetRequest& req) {
  if (req.ipv6_cidr_block) refuse_vpc_parameter("Ipv6CidrBlock");
  if (req.outpost_arn) refuse_vpc_parameter("OutpostArn");
  if (req.ipv6_native.value_or(false)) refuse_vpc_parameter("Ipv6Native");
  if (req.ipv4_ipam_pool_id) refuse_vpc_parameter("Ipv4IpamPoolId");
  if (req.ipv4_netmask_length) refuse_vpc_parameter("Ipv4NetmaskLength");
  if (req.ipv6_ipam_pool_id) refuse_vpc_parameter("Ipv6IpamPoolId");
  if (req.ipv6_netmask_length) refuse_vpc_parameter("Ipv6NetmaskLength");
}

HttpResponse create_vpc(Ec2Call& call) {
  const auto req = wire::CreateVpcRequest::decode(call.params);
  refuse_unmodelled_vpc_members(req);
  const std::string cidr = req.cidr_block.value_or("");
  const std::string tenancy = req.instance_tenancy.value_or("");
  const auto tags = vpc_tags_for(req.tag_specifications, "vpc");
  const bool dry = req.dry_run.value_or(false);
  const Vpc vpc = call.run([&](Ec2Partition& p, core::TimeMs) {
    if (dry) throw dry_run_succeeded();
    return ec2::create_vpc(p, cidr, tenancy, tags);
  });
  call.ctx.created_ids.push_back(vpc.vpc_id);
  wire::CreateVpcResponse out(call.ctx.request_id);
  out.vpc([&](wire::VpcWriter& w) { write_vpc(w, vpc, call.ctx.account); });
  return out.finish();
}

template <class Req>
DescribeNetworkRequest vpc_describe_request(const Req& req, const std::vector<std::string>& ids) {
  DescribeNetworkRequest r;
  r.ids = ids;
  r.filters = to_filters(req.filters);
  r.max_results = req.max_results;
  r.next_token = req.next_token.value_or("");
  r.dry_run = req.dry_run.value_or(false);
  return r;
}

HttpResponse describe_vpcs(Ec2Call& call) {
  const auto req = wire::DescribeVpcsRequest::decode(call.params);
  const DescribeNetworkRequest request = vpc_describe_request(req, req.vpc_ids);
  const DescribeVpcsResult result =
      call.run([&](Ec2Partition& p, core::TimeMs) { return ec2::describe_vpcs(p, request); });
  wire::DescribeVpcsResponse out(call.ctx.request_id);
  out.vpcs(result.vpcs,
           [&](wire::VpcWriter& w, const Vpc& v) { write_vpc(w, v, call.ctx.account); });
  if (!result.next_token.empty()) out.next_token(result.next_token);
  return out.finish();
}

HttpResponse create_subnet(Ec2Call& call) {
  const auto req = wire::CreateSubnetRequest::decode(call.params);
  refuse_unmodelled_subnet_members(req);
  // Optional in the model (IPv6-only subnets); required here, where every subnet has IPv4.
  const std::string cidr = req.cidr_block.value_or("");
  if (cidr.empty()) protocol::throw_ec2_missing_parameter("CidrBlock");
  const auto tags = vpc_tags_for(req.tag_specifications, "subnet");
  const bool dry = req.dry_run.value_or(false);
  const Subnet s = call.run([&](Ec2Partition& p, core::TimeMs) {
    if (dry) throw dry_run_succeeded();
    return ec2::create_subnet(p, req.vpc_id, cidr, req.availability_zone.value_or(""),
                              req.availability_zone_id.value_or(""), tags);
  });
  call.ctx.created_ids.push_back(s.subnet_id);
  wire::CreateSubnetResponse out(call.ctx.request_id);
  out.subnet([&](wire::SubnetWriter& w) { write_subnet(w, s, call.ctx.account, call.ctx.region); });
  return out.finish();
}

HttpResponse describe_subnets(Ec2Call& call) {
  const auto req = wire::DescribeSubnetsRequest::decode(call.params);
  const DescribeNetworkRequest request = vpc_describe_request(req, req.subnet_ids);
  const DescribeSubnetsResult result =
      call.run([&](Ec2Partition& p, core::TimeMs) { return ec2::describe_subnets(p, request); });
  wire::DescribeSubnetsResponse out(call.ctx.request_id);
  out.subnets(result.subnets, [&](wire::SubnetWriter& w, const Subnet& s) {
    write_subnet(w, s, call.ctx.account, call.ctx.region);
  });
  if (!result.next_token.empty()) out.next_token(result.next_token);
  return out.finish();
}

HttpResponse delete_subnet(Ec2Call& call) {
  const auto req = wire::DeleteSubnetRequest::decode(call.params);
  const bool dry = req.dry_run.value_or(false);
  call.run([&](Ec2Partition& p, core::TimeMs) {
    if (dry) throw dry_run_succeeded();
    ec2::delete_subnet(p, req.subnet_id);
  });
  return wire::DeleteSubnetResponse(call.ctx.request_id).finish();
}

HttpResponse delete_vpc(Ec2Call& call) {
  const auto req = wire::DeleteVpcRequest::decode(call.params);
  const bool dry = req.dry_run.value_or(false);
  call.run([&](Ec2Partition& p, core::TimeMs) {
    if (dry) throw dry_run_succeeded();
    ec2::delete_vpc(p, req.vpc_id);
  });
  return wire::DeleteVpcResponse(call.ctx.request_id).finish();
}

}  // namespace

void register_vpc_actions(Ec2ActionTable& t) {
  t["CreateVpc"] = create_vpc;
  t["DescribeVpcs"] = describe_vpcs;
  t["DeleteVpc"] = delete_vpc;
  t["CreateSubnet"] = create_subnet;
  t["DescribeSubnets"] = describe_subnets;
  t["DeleteSubnet"] = delete_subnet;
}

}  // namespace cloudlife::ec2::api
