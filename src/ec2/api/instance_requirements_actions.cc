// GetInstanceTypesFromInstanceRequirements: the catalogue types offered in the region that meet
// the attributes and support one of the architectures and virtualization types (decoded and
// encoded by the generated codec: codegen/ec2/instance_requirements.ops; the matcher is
// ec2/instance_requirements.h). As AWS documents, price protection does not apply here and
// capacity is not considered. Paged by MaxResults (1–1000) / NextToken.
#include <algorithm>
#include <string>
#include <vector>

#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/launch_template_data.h"
#include "ec2/instance_requirements.h"
#include "ec2_codec.h"  // generated from codegen/ec2/instance_requirements.ops

namespace cloudlife::ec2::api {
namespace {

using core::ServiceError;
using protocol::HttpResponse;

template <class R>
std::optional<IntRange> int_range(const std::optional<R>& r) {
  if (!r) return std::nullopt;
  return IntRange{r->min, r->max};
}

template <class R>
std::optional<DoubleRange> double_range(const std::optional<R>& r) {
  if (!r) return std::nullopt;
  return DoubleRange{r->min, r->max};
}

InstanceRequirements to_requirements(const codec::ec2::InstanceRequirementsRequest& q) {
  if (q.max_spot_price_as_percentage_of_optimal_on_demand_price || q.baseline_performance_factors ||
      q.require_encryption_in_transit) {
    throw ServiceError("InvalidParameterValue",
                       "cloudlife does not model the InstanceRequirements members "
                       "MaxSpotPriceAsPercentageOfOptimalOnDemandPrice, BaselinePerformanceFactors "
                       "and RequireEncryptionInTransit.");
  }
  InstanceRequirements r;
  r.vcpu_count = IntRange{q.v_cpu_count.min, q.v_cpu_count.max};
  r.memory_mib = IntRange{q.memory_mi_b.min, q.memory_mi_b.max};
  r.cpu_manufacturers = q.cpu_manufacturers;
  r.memory_gib_per_vcpu = double_range(q.memory_gi_b_per_v_cpu);
  r.excluded_instance_types = q.excluded_instance_types;
  r.instance_generations = q.instance_generations;
  // Price protection does not apply to this action (AWS's API reference); the values are checked.
  r.spot_max_price_percentage_over_lowest_price = q.spot_max_price_percentage_over_lowest_price;
  r.on_demand_max_price_percentage_over_lowest_price =
      q.on_demand_max_price_percentage_over_lowest_price;
  r.bare_metal = q.bare_metal;
  r.burstable_performance = q.burstable_performance;
  r.require_hibernate_support = q.require_hibernate_support;
  r.network_interface_count = int_range(q.network_interface_count);
  r.local_storage = q.local_storage;
  r.local_storage_types = q.local_storage_types;
  r.total_local_storage_gb = double_range(q.total_local_storage_gb);
  r.baseline_ebs_bandwidth_mbps = int_range(q.baseline_ebs_bandwidth_mbps);
  r.accelerator_types = q.accelerator_types;
  r.accelerator_count = int_range(q.accelerator_count);
  r.accelerator_manufacturers = q.accelerator_manufacturers;
  r.accelerator_names = q.accelerator_names;
  r.accelerator_total_memory_mib = int_range(q.accelerator_total_memory_mi_b);
  r.network_bandwidth_gbps = double_range(q.network_bandwidth_gbps);
  r.allowed_instance_types = q.allowed_instance_types;
  return r;
}

void check_values(const std::vector<std::string>& values, const char* name,
                  const std::vector<std::string>& allowed) {
  for (const std::string& v : values) {
    if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
      throw ServiceError("InvalidParameterValue",
                         "Value (" + v + ") for parameter " + name + " is invalid.");
    }
  }
}

std::size_t start_of(const std::optional<std::string>& token, std::size_t size) {
  if (!token || token->empty()) return 0;
  const std::string prefix = "itfir.";
  std::size_t pos = 0;
  bool ok = token->rfind(prefix, 0) == 0 && token->size() > prefix.size();
  for (std::size_t i = prefix.size(); ok && i < token->size(); ++i) {
    ok = (*token)[i] >= '0' && (*token)[i] <= '9';
    if (ok) pos = pos * 10 + static_cast<std::size_t>((*token)[i] - '0');
    ok = ok && pos <= size;
  }
  if (!ok) {
    throw ServiceError("InvalidParameterValue",
                       "Value ( " + *token + " ) for parameter NextToken is invalid.");
  }
  return pos;
}

HttpResponse get_instance_types_from_instance_requirements(Ec2Call& call) {
  const auto req = codec::ec2::GetInstanceTypesFromInstanceRequirementsRequest::decode(call.params);
  // Context is reserved by EC2 for a future use; nothing here gives it a meaning.
  if (req.context) refuse_unimplemented_parameter("Context");
  check_values(req.architecture_types, "ArchitectureType",
               {"i386", "x86_64", "arm64", "x86_64_mac", "arm64_mac"});
  check_values(req.virtualization_types, "VirtualizationType", {"hvm", "paravirtual"});
  const InstanceRequirements r = to_requirements(req.instance_requirements);
  if (const std::string problem = requirements_problem(r); !problem.empty()) {
    throw ServiceError("InvalidParameterValue", problem);
  }
  if (req.max_results && (*req.max_results < 1 || *req.max_results > 1000)) {
    throw ServiceError("InvalidParameterValue",
                       "Value ( " + std::to_string(*req.max_results) +
                           " ) for parameter maxResults is invalid. Expecting a value between 1 "
                           "and 1000.");
  }
  if (req.dry_run.value_or(false)) throw dry_run_succeeded();
  std::vector<std::string> names;
  for (const InstanceTypeInfo* t :
       matching_instance_types(r, req.architecture_types, req.virtualization_types)) {
    if (!offered_zone_numbers(t->name, call.ctx.region).empty()) names.push_back(t->name);
  }
  const std::size_t start = start_of(req.next_token, names.size());
  const std::size_t limit = static_cast<std::size_t>(req.max_results.value_or(1000));
  const std::size_t end = std::min(names.size(), start + limit);
  const std::vector<std::string> page(names.begin() + static_cast<std::ptrdiff_t>(start),
                                      names.begin() + static_cast<std::ptrdiff_t>(end));
  codec::ec2::GetInstanceTypesFromInstanceRequirementsResponse out(call.ctx.request_id);
  out.instance_types(page, [](codec::ec2::InstanceTypeInfoFromInstanceRequirementsWriter& w,
                              const std::string& n) { w.instance_type(n); });
  if (end < names.size()) out.next_token("itfir." + std::to_string(end));
  return out.finish();
}

}  // namespace

void register_instance_requirements_actions(Ec2ActionTable& table) {
  table["GetInstanceTypesFromInstanceRequirements"] = get_instance_types_from_instance_requirements;
}

}  // namespace cloudlife::ec2::api
