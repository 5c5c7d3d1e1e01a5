#include "ec2/vpc_operations.h"

#include <optional>
#include <regex>
#include <utility>

#include "core/ids.h"
#include "core/service_error.h"
#include "ec2/regions.h"

namespace cloudlife::ec2 {
namespace {

using core::ServiceError;

struct Block {
  std::uint32_t base = 0;
  int prefix = 0;
  std::uint32_t size() const { return prefix == 0 ? 0 : (1u << (32 - prefix)); }
  bool contains(const Block& o) const {
    return o.prefix >= prefix && o.base >= base && o.base + o.size() <= base + size();
  }
  bool overlaps(const Block& o) const { return base < o.base + o.size() && o.base < base + size(); }
};

std::optional<Block> parse_cidr(const std::string& cidr) {
  static const std::regex pattern(R"(^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})/(\d{1,2})$)");
  std::smatch m;
  if (!std::regex_match(cidr, m, pattern)) return std::nullopt;
  for (int i = 1; i <= 4; ++i) {
    if (std::stoi(m[i].str()) > 255) return std::nullopt;
  }
  Block b;
  b.base = Network::parse_ipv4(cidr.substr(0, cidr.find('/')));
  b.prefix = std::stoi(m[5].str());
  if (b.prefix < 16 || b.prefix > 28) return std::nullopt;
  if ((b.base & (b.size() - 1)) != 0) return std::nullopt;
  return b;
}

void apply_tags(TagSet& set, const std::vector<Tag>& tags) {
  for (const Tag& t : tags) set.set(t.key, t.value);
}

}  // namespace

Vpc create_vpc(Ec2Partition& p, const std::string& cidr, const std::string& tenancy,
               const std::vector<Tag>& tags) {
  if (cidr.empty()) {
    throw ServiceError("MissingParameter", "The request must contain the parameter CidrBlock");
  }
  if (!parse_cidr(cidr)) {
    throw ServiceError("InvalidVpc.Range", "The CIDR '" + cidr + "' is invalid.");
  }
  if (!tenancy.empty() && tenancy != "default" && tenancy != "dedicated") {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + tenancy + ") for parameter InstanceTenancy is invalid.");
  }
  Vpc vpc;
  vpc.vpc_id = core::resource_id("vpc");
  vpc.cidr_block = cidr;
  vpc.instance_tenancy = tenancy.empty() ? "default" : tenancy;
  for (const auto& [id, existing] : p.network.vpcs) {
    if (existing.is_default) vpc.dhcp_options_id = existing.dhcp_options_id;
  }
  apply_tags(vpc.tags, tags);
  p.network.vpcs.emplace(vpc.vpc_id, vpc);
  // Every VPC comes with its default security group.
  const std::string group_id = core::resource_id("sg");
  const std::string ingress_rule = core::resource_id("sgr");
  SecurityGroup group = default_security_group(group_id, vpc.vpc_id, p.key.account, ingress_rule,
                                               core::resource_id("sgr"));
  p.security_groups.emplace(group_id, std::move(group));
  add_main_route_table(p, vpc.vpc_id, vpc.cidr_block);
  add_default_network_acl(p, vpc.vpc_id);
  return vpc;
}

Subnet create_subnet(Ec2Partition& p, const std::string& vpc_id, const std::string& cidr,
                     const std::string& zone, const std::string& zone_id,
                     const std::vector<Tag>& tags) {
  if (!zone.empty() && !zone_id.empty()) {
    throw ServiceError("InvalidParameterCombination",
                       "The parameters AvailabilityZone and AvailabilityZoneId cannot be used "
                       "together.");
  }
  auto vpc = p.network.vpcs.find(vpc_id);
  if (vpc == p.network.vpcs.end()) {
    throw ServiceError("InvalidVpcID.NotFound", "The vpc ID '" + vpc_id + "' does not exist");
  }
  const auto block = parse_cidr(cidr);
  if (!block || !parse_cidr(vpc->second.cidr_block)->contains(*block)) {
    throw ServiceError("InvalidSubnet.Range", "The CIDR '" + cidr + "' is invalid.");
  }
  for (const auto& [id, s] : p.network.subnets) {
    if (s.vpc_id == vpc_id && parse_cidr(s.cidr_block) &&
        parse_cidr(s.cidr_block)->overlaps(*block)) {
      throw ServiceError("InvalidSubnet.Conflict",
                         "The CIDR '" + cidr + "' conflicts with another subnet");
    }
  }
  std::string az = zone;
  const auto zones = zones_of(p.key.region);
  if (!zone_id.empty()) {
    for (const ZoneInfo& z : zones) {
      if (z.zone_id == zone_id) az = z.name;
    }
    if (az.empty()) {
      throw ServiceError("InvalidParameterValue",
                         "Value (" + zone_id + ") for parameter availabilityZoneId is invalid.");
    }
  }
  if (az.empty()) az = zones[p.network.subnets.size() % zones.size()].name;
  if (!is_zone_of(p.key.region, az)) {
    throw ServiceError(
        "InvalidParameterValue",
        "Value (" + az +
            ") for parameter availabilityZone is invalid. Subnets can "
            "currently only be created in the following availability zones: " +
            [&] {
              std::string list;
              for (const ZoneInfo& z : zones) list += (list.empty() ? "" : ", ") + z.name;
              return list;
            }() +
            ".");
  }
  Subnet s;
  s.subnet_id = core::resource_id("subnet");
  s.vpc_id = vpc_id;
  s.availability_zone = az;
  for (const ZoneInfo& z : zones) {
    if (z.name == az) s.zone_id = z.zone_id;
  }
  s.cidr_block = cidr;
  s.available_ips = static_cast<int>(block->size()) - 5;
  apply_tags(s.tags, tags);
  p.network.subnets.emplace(s.subnet_id, s);
  associate_subnet_with_default_acl(p, s);
  return s;
}

void delete_subnet(Ec2Partition& p, const std::string& subnet_id) {
  if (!p.network.find_subnet(subnet_id)) {
    throw ServiceError("InvalidSubnetID.NotFound",
                       "The subnet ID '" + subnet_id + "' does not exist");
  }
  for (const auto& [id, inst] : std::as_const(p.instances)) {
    if (inst.subnet_id == subnet_id && inst.lifecycle.state() != core::InstanceState::kTerminated) {
      throw ServiceError("DependencyViolation",
                         "The subnet '" + subnet_id + "' has dependencies and cannot be deleted.");
    }
  }
  for (const auto& [id, eni] : p.network_interfaces) {
    if (eni.subnet_id == subnet_id) {
      throw ServiceError("DependencyViolation",
                         "The subnet '" + subnet_id + "' has dependencies and cannot be deleted.");
    }
  }
  forget_subnet_associations(p, subnet_id);
  forget_subnet_acl_association(p, subnet_id);
  p.network.subnets.erase(subnet_id);
}

void delete_vpc(Ec2Partition& p, const std::string& vpc_id) {
  if (!p.network.vpcs.contains(vpc_id)) {
    throw ServiceError("InvalidVpcID.NotFound", "The vpc ID '" + vpc_id + "' does not exist");
  }
  auto refuse = [&] {
    throw ServiceError("DependencyViolation",
                       "The vpc '" + vpc_id + "' has dependencies and cannot be deleted.");
  };
  for (const auto& [id, s] : p.network.subnets) {
    if (s.vpc_id == vpc_id) refuse();
  }
  // Its own default group goes with it; any other group is a dependency.
  for (const auto& [id, g] : p.security_groups) {
    if (g.vpc_id == vpc_id && g.group_name != "default") refuse();
  }
  release_vpc_routing(p, vpc_id, false);
  release_vpc_network_acls(p, vpc_id, false);
  std::erase_if(p.security_groups,
                [&](const auto& entry) { return entry.second.vpc_id == vpc_id; });
  release_vpc_routing(p, vpc_id, true);
  release_vpc_network_acls(p, vpc_id, true);
  p.network.vpcs.erase(vpc_id);
}

}  // namespace cloudlife::ec2
