// DescribeInstanceTypes and DescribeInstanceTypeOfferings over the catalogue (instance_types.h).
// Contract: pure functions of the request and the catalogue; they need no lock and change nothing.
// Every refusal comes before any result: InvalidInstanceType for a type the catalogue lacks,
// InvalidParameterValue for an unknown filter name, a MaxResults outside the documented range
// (5–100 types, 5–1000 offerings), an unknown LocationType, or a NextToken this describe did not
// hand out. Results are in name order; NextToken is "<kind>.<index of the next item>".
// Usage:
//   DescribeInstanceTypesResult page = describe_instance_types({.region = "us-east-1"});
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ec2/filters.h"
#include "ec2/instance_types.h"

namespace cloudlife::ec2 {

struct DescribeInstanceTypesRequest {
  std::string region;
  std::vector<std::string> instance_types;
  std::vector<Filter> filters;
  std::optional<long long> max_results;
  std::string next_token;
  bool include_unsupported_in_region = false;
};

struct InstanceTypeView {
  const InstanceTypeInfo* type = nullptr;
  bool supported_in_region = true;
};

struct DescribeInstanceTypesResult {
  std::vector<InstanceTypeView> types;
  std::string next_token;
};

struct DescribeInstanceTypeOfferingsRequest {
  std::string region;
  std::string location_type = "region";  // region | availability-zone | availability-zone-id
  std::vector<Filter> filters;
  std::optional<long long> max_results;
  std::string next_token;
};

struct InstanceTypeOffering {
  std::string instance_type;
  std::string location_type;
  std::string location;
};

struct DescribeInstanceTypeOfferingsResult {
  std::vector<InstanceTypeOffering> offerings;
  std::string next_token;
};

DescribeInstanceTypesResult describe_instance_types(const DescribeInstanceTypesRequest& request);
DescribeInstanceTypeOfferingsResult describe_instance_type_offerings(
    const DescribeInstanceTypeOfferingsRequest& request);

// A type's values for a DescribeInstanceTypes filter name (every name the API reference lists);
// nullopt for a name that is not one of them.
std::optional<std::vector<std::string>> instance_type_filter_values(const InstanceTypeInfo& type,
                                                                    const std::string& name);

}  // namespace cloudlife::ec2
