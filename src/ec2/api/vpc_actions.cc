// EC2 networking actions: CreateVpc, DescribeVpcs, DeleteVpc, CreateSubnet, DescribeSubnets,
// DeleteSubnet (enough for Auto Scaling's VPCZoneIdentifier and real-client setup code).
#include <algorithm>
#include <functional>
#include <optional>

#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/vpc_describe.h"
#include "ec2/vpc_operations.h"
#include "protocol/aws_query_envelope.h"

namespace cloudlife::ec2::api {
namespace {

using core::ServiceError;
using protocol::HttpResponse;
using protocol::XmlWriter;

void write_tags(XmlWriter& xml, const TagSet& tags) {
  xml.open("tagSet");
  for (const Tag& t : tags.items())
    xml.open("item").leaf("key", t.key).leaf("value", t.value).close();
  xml.close();
}

void write_vpc(XmlWriter& xml, const Vpc& v, const std::string& owner) {
  xml.leaf("vpcId", v.vpc_id).leaf("ownerId", owner).leaf("state", v.state);
  xml.leaf("cidrBlock", v.cidr_block);
  xml.open("cidrBlockAssociationSet").open("item");
  xml.leaf("cidrBlock", v.cidr_block).leaf("associationId", vpc_cidr_association_id(v));
  xml.open("cidrBlockState").leaf("state", "associated").close();
  xml.close().close();
  xml.leaf("dhcpOptionsId", v.dhcp_options_id).leaf("instanceTenancy", v.instance_tenancy);
  xml.leaf("isDefault", v.is_default);
  write_tags(xml, v.tags);
}

void write_subnet(XmlWriter& xml, const Subnet& s, const std::string& owner,
                  const std::string& region) {
  xml.leaf("subnetId", s.subnet_id);
  xml.leaf("subnetArn", subnet_arn(s, owner, region));
  xml.leaf("state", s.state).leaf("vpcId", s.vpc_id).leaf("ownerId", owner);
  xml.leaf("cidrBlock", s.cidr_block).leaf("availableIpAddressCount", s.available_ips);
  xml.leaf("availabilityZone", s.availability_zone).leaf("availabilityZoneId", s.zone_id);
  xml.leaf("defaultForAz", s.default_for_az).leaf("mapPublicIpOnLaunch", s.map_public_ip_on_launch);
  xml.leaf("mapCustomerOwnedIpOnLaunch", false);
  xml.leaf("assignIpv6AddressOnCreation", false);
  xml.empty("ipv6CidrBlockAssociationSet");
  write_tags(xml, s.tags);
  xml.leaf("enableDns64", false).leaf("ipv6Native", false);
  xml.open("privateDnsNameOptionsOnLaunch")
      .leaf("hostnameType", "ip-name")
      .leaf("enableResourceNameDnsARecord", false)
      .leaf("enableResourceNameDnsAAAARecord", false)
      .close();
}

std::vector<Tag> tags_for(const protocol::QueryParams& p, const std::string& type) {
  std::vector<Tag> out;
  for (const TagSpecification& ts : decode_tag_specifications(p)) {
    if (ts.resource_type == type) out.insert(out.end(), ts.tags.begin(), ts.tags.end());
  }
  return out;
}

HttpResponse create_vpc(Ec2Call& call) {
  // IPv6 blocks and IPAM pools have no model here.
  refuse_unimplemented(call.params,
                       {"Ipv6Pool", "Ipv6CidrBlock", "Ipv4IpamPoolId", "Ipv4NetmaskLength",
                        "Ipv6IpamPoolId", "Ipv6NetmaskLength", "Ipv6CidrBlockNetworkBorderGroup"});
  if (call.params.boolean("AmazonProvidedIpv6CidrBlock").value_or(false)) {
    refuse_unimplemented(call.params, {"AmazonProvidedIpv6CidrBlock"});
  }
  const std::string cidr = call.params.str_or("CidrBlock", "");
  const std::string tenancy = call.params.str_or("InstanceTenancy", "");
  const auto tags = tags_for(call.params, "vpc");
  const bool dry = dry_run(call.params);
  const Vpc vpc = call.run([&](Ec2Partition& p, core::TimeMs) {
    if (dry) throw dry_run_succeeded();
    return ec2::create_vpc(p, cidr, tenancy, tags);
  });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.open("vpc");
  write_vpc(xml, vpc, call.ctx.account);
  xml.close();
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

DescribeNetworkRequest describe_request(const protocol::QueryParams& params,
                                        const std::string& id_list) {
  DescribeNetworkRequest r;
  r.ids = params.list(id_list);
  r.filters = decode_filters(params);
  r.max_results = params.integer("MaxResults");
  r.next_token = params.str_or("NextToken", "");
  r.dry_run = dry_run(params);
  return r;
}

HttpResponse describe_vpcs(Ec2Call& call) {
  const DescribeNetworkRequest request = describe_request(call.params, "VpcId");
  const DescribeVpcsResult result =
      call.run([&](Ec2Partition& p, core::TimeMs) { return ec2::describe_vpcs(p, request); });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.open("vpcSet");
  for (const Vpc& v : result.vpcs) {
    xml.open("item");
    write_vpc(xml, v, call.ctx.account);
    xml.close();
  }
  xml.close();
  xml.leaf_if("nextToken", result.next_token);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse create_subnet(Ec2Call& call) {
  const std::string vpc_id = call.params.str_or("VpcId", "");
  const std::string cidr = call.params.str_or("CidrBlock", "");
  // IPv6 and Outposts have no model here.
  refuse_unimplemented(call.params, {"Ipv6CidrBlock", "OutpostArn"});
  if (call.params.boolean("Ipv6Native").value_or(false)) {
    refuse_unimplemented(call.params, {"Ipv6Native"});
  }
  const std::string zone = call.params.str_or("AvailabilityZone", "");
  const std::string zone_id = call.params.str_or("AvailabilityZoneId", "");
  if (vpc_id.empty())
    throw ServiceError("MissingParameter", "The request must contain the parameter VpcId");
  if (cidr.empty())
    throw ServiceError("MissingParameter", "The request must contain the parameter CidrBlock");
  const auto tags = tags_for(call.params, "subnet");
  const bool dry = dry_run(call.params);
  const Subnet s = call.run([&](Ec2Partition& p, core::TimeMs) {
    if (dry) throw dry_run_succeeded();
    return ec2::create_subnet(p, vpc_id, cidr, zone, zone_id, tags);
  });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.open("subnet");
  write_subnet(xml, s, call.ctx.account, call.ctx.region);
  xml.close();
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse describe_subnets(Ec2Call& call) {
  const DescribeNetworkRequest request = describe_request(call.params, "SubnetId");
  const DescribeSubnetsResult result =
      call.run([&](Ec2Partition& p, core::TimeMs) { return ec2::describe_subnets(p, request); });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.open("subnetSet");
  for (const Subnet& s : result.subnets) {
    xml.open("item");
    write_subnet(xml, s, call.ctx.account, call.ctx.region);
    xml.close();
  }
  xml.close();
  xml.leaf_if("nextToken", result.next_token);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse return_true(Ec2Call& call) {
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.leaf("return", true);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse delete_subnet(Ec2Call& call) {
  const std::string id = call.params.str_or("SubnetId", "");
  if (id.empty())
    throw ServiceError("MissingParameter", "The request must contain the parameter SubnetId");
  const bool dry = dry_run(call.params);
  call.run([&](Ec2Partition& p, core::TimeMs) {
    if (dry) throw dry_run_succeeded();
    ec2::delete_subnet(p, id);
  });
  return return_true(call);
}

HttpResponse delete_vpc(Ec2Call& call) {
  const std::string id = call.params.str_or("VpcId", "");
  if (id.empty())
    throw ServiceError("MissingParameter", "The request must contain the parameter VpcId");
  const bool dry = dry_run(call.params);
  call.run([&](Ec2Partition& p, core::TimeMs) {
    if (dry) throw dry_run_succeeded();
    ec2::delete_vpc(p, id);
  });
  return return_true(call);
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
