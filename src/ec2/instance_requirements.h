// Attribute-based instance type selection: which catalogue types satisfy an InstanceRequirements
// structure (EC2 Auto Scaling MixedInstancesPolicy overrides, EC2's
// GetInstanceTypesFromInstanceRequirements), and the price protection that narrows them
// (docs/autoscaling.md, "Attribute-based instance type selection").
// Contract: pure. InstanceRequirements keeps what the caller gave (unset members are nullopt or
// empty, so a describe answers only them); the AWS defaults apply when matching:
//   BareMetal excluded, BurstablePerformance excluded, LocalStorage included, every generation,
//   manufacturer, accelerator and local storage type; no other limit.
// requirements_problem() answers the first rule the structure breaks ("" when none) in AWS's
// words; callers wrap it in their service's error code. meets_requirements() judges one type on
// its attributes only; the caller adds architecture, region offering and price protection.
// price_protected() keeps the candidates whose price is within `percent` over the identified
// price: the lowest-priced current generation C, M or R type among the candidates, else the
// lowest-priced current generation type, else the lowest-priced previous generation type.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ec2/instance_types.h"

namespace cloudlife::ec2 {

struct IntRange {  // Min / Max of a *Request structure, as given
  std::optional<long long> min, max;
};
struct DoubleRange {
  std::optional<double> min, max;
};

struct InstanceRequirements {
  std::optional<IntRange> vcpu_count;          // required: Min
  std::optional<IntRange> memory_mib;          // required: Min
  std::vector<std::string> cpu_manufacturers;  // intel | amd | amazon-web-services | apple
  std::optional<DoubleRange> memory_gib_per_vcpu;
  std::vector<std::string> excluded_instance_types;  // wildcards: c5*.*, r*, *3*
  std::vector<std::string> allowed_instance_types;
  std::vector<std::string> instance_generations;                              // current | previous
  std::optional<long long> spot_max_price_percentage_over_lowest_price;       // default 100
  std::optional<long long> on_demand_max_price_percentage_over_lowest_price;  // default 20
  std::optional<std::string> bare_metal;             // included | excluded | required
  std::optional<std::string> burstable_performance;  // included | excluded | required
  std::optional<bool> require_hibernate_support;
  std::optional<IntRange> network_interface_count;
  std::optional<std::string> local_storage;      // included | excluded | required
  std::vector<std::string> local_storage_types;  // hdd | ssd
  std::optional<DoubleRange> total_local_storage_gb;
  std::optional<IntRange> baseline_ebs_bandwidth_mbps;
  std::vector<std::string> accelerator_types;  // gpu | fpga | inference
  std::optional<IntRange> accelerator_count;
  std::vector<std::string> accelerator_manufacturers;
  std::vector<std::string> accelerator_names;
  std::optional<IntRange> accelerator_total_memory_mib;
  std::optional<DoubleRange> network_bandwidth_gbps;
};

inline constexpr long long kDefaultSpotPriceProtection = 100;
inline constexpr long long kDefaultOnDemandPriceProtection = 20;
inline constexpr std::size_t kMaxInstanceTypePatterns = 400;

// "" when the structure is valid; else AWS's message for the first broken rule.
std::string requirements_problem(const InstanceRequirements& r);

// `pattern` with '*' matching any run of characters (none included), against the whole name.
bool wildcard_match(std::string_view pattern, std::string_view name);

bool meets_requirements(const InstanceTypeInfo& type, const InstanceRequirements& r);

// Every catalogue type that meets `r` and supports one of `architectures` and one of
// `virtualization_types` (an empty list does not narrow), sorted by name.
std::vector<const InstanceTypeInfo*> matching_instance_types(
    const InstanceRequirements& r, const std::vector<std::string>& architectures,
    const std::vector<std::string>& virtualization_types);

struct PricedType {
  const InstanceTypeInfo* type = nullptr;
  double price = 0;  // per instance, or per vCPU / MiB when the capacity is counted in them
};

// Indices of `candidates` within the price protection threshold, in the given order.
std::vector<std::size_t> price_protected(const std::vector<PricedType>& candidates,
                                         long long percent);

}  // namespace cloudlife::ec2
