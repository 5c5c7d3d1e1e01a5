// DescribeVpcs and DescribeSubnets: IDs, every filter name the EC2 API reference lists for them
// (with the legacy camelCase aliases AWS still accepts: isDefault, availabilityZone,
// availabilityZoneId, cidr, cidrBlock, defaultForAz, and tag-value), DryRun, and MaxResults
// (5–1000) with NextToken. Contract: called with the engine lock held; changes nothing. Validation
// (MaxResults, NextToken, filter names, unknown IDs) comes before DryRun. Filters the resource
// cannot have a value for (IPv6 associations, Outposts, customer-owned pools) are accepted and
// match nothing. Results are in ID order; a token names the last ID returned.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ec2/ec2_partition.h"
#include "ec2/filters.h"

namespace cloudlife::ec2 {

struct DescribeNetworkRequest {
  std::vector<std::string> ids;
  std::vector<Filter> filters;
  std::optional<long long> max_results;
  std::string next_token;
  bool dry_run = false;
};

struct DescribeVpcsResult {
  std::vector<Vpc> vpcs;
  std::string next_token;
};

struct DescribeSubnetsResult {
  std::vector<Subnet> subnets;
  std::string next_token;
};

DescribeVpcsResult describe_vpcs(const Ec2Partition& p, const DescribeNetworkRequest& request);
DescribeSubnetsResult describe_subnets(const Ec2Partition& p,
                                       const DescribeNetworkRequest& request);

// A VPC's values for a filter name (nullopt: not a DescribeVpcs filter).
std::optional<std::vector<std::string>> vpc_filter_values(const Vpc& vpc, const std::string& owner,
                                                          const std::string& name);
// A subnet's values for a filter name (nullopt: not a DescribeSubnets filter).
std::optional<std::vector<std::string>> subnet_filter_values(const Subnet& subnet,
                                                             const std::string& owner,
                                                             const std::string& region,
                                                             const std::string& name);

// The association ID of a VPC's primary IPv4 CIDR block ("vpc-cidr-assoc-…").
std::string vpc_cidr_association_id(const Vpc& vpc);
// "arn:aws:ec2:REGION:OWNER:subnet/subnet-…".
std::string subnet_arn(const Subnet& subnet, const std::string& owner, const std::string& region);

}  // namespace cloudlife::ec2
