#include "ec2/vpc_describe.h"
#include "ec2/max_results.h"

#include <algorithm>

#include "core/service_error.h"
#include "ec2/ec2_model.h"

namespace cloudlife::ec2 {
namespace {

using core::ServiceError;
using V = std::vector<std::string>;

std::string vpc_bool_text(bool b) {
  return b ? "true" : "false";
}

// The ID after which the page starts ("" for the first page); `prefix` tells our tokens apart.
std::string resume_after(const std::string& token, const std::string& prefix,
                         const std::string& id_prefix) {
  if (token.empty()) return "";
  if (token.rfind(prefix, 0) != 0 ||
      token.compare(prefix.size(), id_prefix.size(), id_prefix) != 0) {
    throw ServiceError("InvalidParameterValue",
                       "Value ( " + token +
                           " ) for parameter NextToken is invalid. The token is "
                           "invalid.");
  }
  return token.substr(prefix.size());
}

bool wanted(const std::vector<std::string>& ids, const std::string& id) {
  return ids.empty() || std::find(ids.begin(), ids.end(), id) != ids.end();
}

// Walks `items` (a map by ID) after the token, keeping the matching ones, one page at a time.
template <class Map, class Keep>
std::pair<std::vector<typename Map::mapped_type>, std::string> page_of(
    const Map& items, const DescribeNetworkRequest& r, const std::string& token_prefix,
    const std::string& after, Keep&& keep) {
  std::vector<typename Map::mapped_type> out;
  std::string last;
  auto it = after.empty() ? items.begin() : items.upper_bound(after);
  for (; it != items.end(); ++it) {
    if (!wanted(r.ids, it->first) || !keep(it->second)) continue;
    if (r.max_results && static_cast<long long>(out.size()) == *r.max_results) {
      return {std::move(out), token_prefix + last};
    }
    out.push_back(it->second);
    last = it->first;
  }
  return {std::move(out), ""};
}

}  // namespace

std::string vpc_cidr_association_id(const Vpc& vpc) {
  return vpc.vpc_id.size() > 4 ? "vpc-cidr-assoc-" + vpc.vpc_id.substr(4) : "";
}

std::string subnet_arn(const Subnet& subnet, const std::string& owner, const std::string& region) {
  return "arn:aws:ec2:" + region + ":" + owner + ":subnet/" + subnet.subnet_id;
}

std::optional<V> vpc_filter_values(const Vpc& vpc, const std::string& owner,
                                   const std::string& name) {
  if (auto tags = tag_filter_values(vpc.tags, name)) return tags;
  // `cidr-block` and `cidrBlock`: legacy names EC2 still accepts (Ansible's amazon.aws ec2_vpc_net
  // finds its VPC with `cidr-block`), as DescribeSubnets accepts `cidr` and `cidrBlock`.
  if (name == "cidr" || name == "cidr-block" || name == "cidrBlock" ||
      name == "cidr-block-association.cidr-block") {
    return V{vpc.cidr_block};
  }
  if (name == "cidr-block-association.association-id") return V{vpc_cidr_association_id(vpc)};
  if (name == "cidr-block-association.state") return V{"associated"};
  if (name == "dhcp-options-id") return V{vpc.dhcp_options_id};
  if (name == "is-default" || name == "isDefault") return V{vpc_bool_text(vpc.is_default)};
  if (name == "owner-id") return V{owner};
  if (name == "state") return V{vpc.state};
  if (name == "vpc-id") return V{vpc.vpc_id};
  // No IPv6 blocks are associated with any VPC.
  if (name == "ipv6-cidr-block-association.ipv6-cidr-block" ||
      name == "ipv6-cidr-block-association.ipv6-pool" ||
      name == "ipv6-cidr-block-association.association-id" ||
      name == "ipv6-cidr-block-association.state") {
    return V{};
  }
  return std::nullopt;
}

std::optional<V> subnet_filter_values(const Subnet& s, const std::string& owner,
                                      const std::string& region, const std::string& name) {
  if (auto tags = tag_filter_values(s.tags, name)) return tags;
  if (name == "availability-zone" || name == "availabilityZone") return V{s.availability_zone};
  if (name == "availability-zone-id" || name == "availabilityZoneId") return V{s.zone_id};
  if (name == "available-ip-address-count") return V{std::to_string(s.available_ips)};
  if (name == "cidr-block" || name == "cidr" || name == "cidrBlock") return V{s.cidr_block};
  if (name == "default-for-az" || name == "defaultForAz") return V{vpc_bool_text(s.default_for_az)};
  if (name == "map-public-ip-on-launch") return V{vpc_bool_text(s.map_public_ip_on_launch)};
  if (name == "owner-id") return V{owner};
  if (name == "state") return V{s.state};
  if (name == "subnet-arn") return V{subnet_arn(s, owner, region)};
  if (name == "subnet-id") return V{s.subnet_id};
  if (name == "vpc-id") return V{s.vpc_id};
  // What every subnet here is: IPv4 only, no DNS64, ip-name hostnames, not on an Outpost.
  if (name == "enable-dns64" || name == "ipv6-native" ||
      name == "map-customer-owned-ip-on-launch" ||
      name == "private-dns-name-options-on-launch.enable-resource-name-dns-a-record" ||
      name == "private-dns-name-options-on-launch.enable-resource-name-dns-aaaa-record") {
    return V{"false"};
  }
  if (name == "private-dns-name-options-on-launch.hostname-type") return V{"ip-name"};
  if (name == "customer-owned-ipv4-pool" || name == "enable-lni-at-device-index" ||
      name == "outpost-arn" || name == "ipv6-cidr-block-association.ipv6-cidr-block" ||
      name == "ipv6-cidr-block-association.association-id" ||
      name == "ipv6-cidr-block-association.state") {
    return V{};
  }
  return std::nullopt;
}

DescribeVpcsResult describe_vpcs(const Ec2Partition& p, const DescribeNetworkRequest& r) {
  const std::string& owner = p.key.account;
  check_max_results(r.max_results);
  const std::string after = resume_after(r.next_token, "cl1n.", "vpc-");
  require_known_filters(r.filters,
                        [&](const std::string& n) { return vpc_filter_values(Vpc{}, owner, n); });
  for (const std::string& id : r.ids) {
    if (!p.network.vpcs.contains(id)) {
      throw ServiceError("InvalidVpcID.NotFound", "The vpc ID '" + id + "' does not exist");
    }
  }
  if (r.dry_run) throw dry_run_succeeded();
  auto [vpcs, token] = page_of(p.network.vpcs, r, "cl1n.", after, [&](const Vpc& v) {
    return matches_all(r.filters,
                       [&](const std::string& n) { return vpc_filter_values(v, owner, n); });
  });
  return {std::move(vpcs), std::move(token)};
}

DescribeSubnetsResult describe_subnets(const Ec2Partition& p, const DescribeNetworkRequest& r) {
  const std::string& owner = p.key.account;
  const std::string& region = p.key.region;
  check_max_results(r.max_results);
  const std::string after = resume_after(r.next_token, "cl1n.", "subnet-");
  require_known_filters(r.filters, [&](const std::string& n) {
    return subnet_filter_values(Subnet{}, owner, region, n);
  });
  for (const std::string& id : r.ids) {
    if (!p.network.subnets.contains(id)) {
      throw ServiceError("InvalidSubnetID.NotFound", "The subnet ID '" + id + "' does not exist");
    }
  }
  if (r.dry_run) throw dry_run_succeeded();
  auto [subnets, token] = page_of(p.network.subnets, r, "cl1n.", after, [&](const Subnet& s) {
    return matches_all(
        r.filters, [&](const std::string& n) { return subnet_filter_values(s, owner, region, n); });
  });
  return {std::move(subnets), std::move(token)};
}

}  // namespace cloudlife::ec2
