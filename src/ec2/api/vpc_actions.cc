// EC2 networking actions: CreateVpc, DescribeVpcs, DeleteVpc, CreateSubnet, DescribeSubnets,
// DeleteSubnet (enough for Auto Scaling's VPCZoneIdentifier and real-client setup code).
#include <algorithm>
#include <functional>
#include <optional>

#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/vpc_operations.h"
#include "protocol/aws_query_envelope.h"

namespace cloudlife::ec2::api {
namespace {

using core::ServiceError;
using protocol::HttpResponse;
using protocol::XmlWriter;

using FilterList = std::vector<std::pair<std::string, std::vector<std::string>>>;

FilterList filters_of(const protocol::QueryParams& p) {
  FilterList out;
  for (const protocol::QueryParams& f : p.structs("Filter")) {
    out.emplace_back(f.str_or("Name", ""), f.list("Value"));
  }
  return out;
}

bool tag_match(const TagSet& tags, const std::string& name,
               const std::vector<std::string>& values) {
  auto has = [&](const std::string& v) {
    return std::find(values.begin(), values.end(), v) != values.end();
  };
  if (name == "tag-key") {
    return std::any_of(tags.items().begin(), tags.items().end(),
                       [&](const Tag& t) { return has(t.key); });
  }
  if (name.rfind("tag:", 0) == 0) {
    const std::string* v = tags.find(name.substr(4));
    return v && has(*v);
  }
  return false;
}

// What one filter name selects on a resource; nullopt when the resource has no such filter.
using FilterField = std::function<std::optional<std::string>(const std::string& name)>;

// True when the resource passes every filter (a filter's values are ORed, filters ANDed):
// tag-key and tag:<key> match `tags`, other names go through `field`, and a name neither knows
// is InvalidParameterValue.
bool matches_filters(const FilterList& filters, const TagSet& tags, const FilterField& field) {
  bool ok = true;
  for (const auto& [name, values] : filters) {
    if (name == "tag-key" || name.rfind("tag:", 0) == 0) {
      ok = ok && tag_match(tags, name, values);
      continue;
    }
    const std::optional<std::string> value = field(name);
    if (!value) throw ServiceError("InvalidParameterValue", "The filter '" + name + "' is invalid");
    ok = ok && std::find(values.begin(), values.end(), *value) != values.end();
  }
  return ok;
}

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
  xml.leaf("cidrBlock", v.cidr_block).leaf("associationId", "vpc-cidr-assoc-" + v.vpc_id.substr(4));
  xml.open("cidrBlockState").leaf("state", "associated").close();
  xml.close().close();
  xml.leaf("dhcpOptionsId", v.dhcp_options_id).leaf("instanceTenancy", v.instance_tenancy);
  xml.leaf("isDefault", v.is_default);
  write_tags(xml, v.tags);
}

void write_subnet(XmlWriter& xml, const Subnet& s, const std::string& owner,
                  const std::string& region) {
  xml.leaf("subnetId", s.subnet_id);
  xml.leaf("subnetArn", "arn:aws:ec2:" + region + ":" + owner + ":subnet/" + s.subnet_id);
  xml.leaf("state", s.state).leaf("vpcId", s.vpc_id).leaf("ownerId", owner);
  xml.leaf("cidrBlock", s.cidr_block).leaf("availableIpAddressCount", s.available_ips);
  xml.leaf("availabilityZone", s.availability_zone).leaf("availabilityZoneId", s.zone_id);
  xml.leaf("defaultForAz", s.default_for_az).leaf("mapPublicIpOnLaunch", s.map_public_ip_on_launch);
  xml.leaf("assignIpv6AddressOnCreation", false);
  xml.empty("ipv6CidrBlockAssociationSet");
  write_tags(xml, s.tags);
}

std::vector<Tag> tags_for(const protocol::QueryParams& p, const std::string& type) {
  std::vector<Tag> out;
  for (const TagSpecification& ts : decode_tag_specifications(p)) {
    if (ts.resource_type == type) out.insert(out.end(), ts.tags.begin(), ts.tags.end());
  }
  return out;
}

HttpResponse create_vpc(Ec2Call& call) {
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

HttpResponse describe_vpcs(Ec2Call& call) {
  const auto ids = call.params.list("VpcId");
  const auto filters = filters_of(call.params);
  const auto vpcs = call.run([&](Ec2Partition& p, core::TimeMs) {
    for (const std::string& id : ids) {
      if (!p.network.vpcs.contains(id)) {
        throw ServiceError("InvalidVpcID.NotFound", "The vpc ID '" + id + "' does not exist");
      }
    }
    std::vector<Vpc> out;
    for (const auto& [id, v] : p.network.vpcs) {
      if (!ids.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) continue;
      // Init-capture: clang < 16 cannot capture a structured binding by reference.
      auto field = [&vpc = v](const std::string& name) -> std::optional<std::string> {
        if (name == "vpc-id") return vpc.vpc_id;
        if (name == "cidr" || name == "cidr-block" || name == "cidr-block-association.cidr-block")
          return vpc.cidr_block;
        if (name == "is-default") return vpc.is_default ? "true" : "false";
        if (name == "state") return vpc.state;
        return std::nullopt;
      };
      if (matches_filters(filters, v.tags, field)) out.push_back(v);
    }
    return out;
  });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.open("vpcSet");
  for (const Vpc& v : vpcs) {
    xml.open("item");
    write_vpc(xml, v, call.ctx.account);
    xml.close();
  }
  xml.close();
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse create_subnet(Ec2Call& call) {
  const std::string vpc_id = call.params.str_or("VpcId", "");
  const std::string cidr = call.params.str_or("CidrBlock", "");
  const std::string zone = call.params.str_or("AvailabilityZone", "");
  if (vpc_id.empty())
    throw ServiceError("MissingParameter", "The request must contain the parameter VpcId");
  if (cidr.empty())
    throw ServiceError("MissingParameter", "The request must contain the parameter CidrBlock");
  const auto tags = tags_for(call.params, "subnet");
  const bool dry = dry_run(call.params);
  const Subnet s = call.run([&](Ec2Partition& p, core::TimeMs) {
    if (dry) throw dry_run_succeeded();
    return ec2::create_subnet(p, vpc_id, cidr, zone, tags);
  });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.open("subnet");
  write_subnet(xml, s, call.ctx.account, call.ctx.region);
  xml.close();
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse describe_subnets(Ec2Call& call) {
  const auto ids = call.params.list("SubnetId");
  const auto filters = filters_of(call.params);
  const auto subnets = call.run([&](Ec2Partition& p, core::TimeMs) {
    for (const std::string& id : ids) {
      if (!p.network.find_subnet(id)) {
        throw ServiceError("InvalidSubnetID.NotFound", "The subnet ID '" + id + "' does not exist");
      }
    }
    std::vector<Subnet> out;
    for (const auto& [id, s] : p.network.subnets) {
      if (!ids.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) continue;
      // Init-capture: clang < 16 cannot capture a structured binding by reference.
      auto field = [&subnet = s](const std::string& name) -> std::optional<std::string> {
        if (name == "vpc-id") return subnet.vpc_id;
        if (name == "subnet-id") return subnet.subnet_id;
        if (name == "availability-zone") return subnet.availability_zone;
        if (name == "availability-zone-id") return subnet.zone_id;
        if (name == "cidr-block" || name == "cidr" || name == "cidrBlock") return subnet.cidr_block;
        if (name == "default-for-az" || name == "defaultForAz")
          return subnet.default_for_az ? "true" : "false";
        if (name == "state") return subnet.state;
        return std::nullopt;
      };
      if (matches_filters(filters, s.tags, field)) out.push_back(s);
    }
    return out;
  });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.open("subnetSet");
  for (const Subnet& s : subnets) {
    xml.open("item");
    write_subnet(xml, s, call.ctx.account, call.ctx.region);
    xml.close();
  }
  xml.close();
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
