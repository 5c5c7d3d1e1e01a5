#include "ec2/credit_specifications.h"

#include <algorithm>
#include <utility>

#include "core/service_error.h"
#include "ec2/ec2_model.h"
#include "ec2/instance_types.h"

namespace cloudlife::ec2 {
namespace {

using core::ServiceError;

bool burstable(const std::string& type) {
  const InstanceTypeInfo* info = find_instance_type(type);
  return info && info->burstable;
}

void require_credit_value(const std::string& credits) {
  if (credits != "standard" && credits != "unlimited") {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + credits +
                           ") for parameter cpuCredits is invalid. Valid values are standard and "
                           "unlimited.");
  }
}

std::string not_supported_message(const std::string& type) {
  return "The " + type + " instance type does not support T2 Unlimited.";
}

void require_family(const std::string& family) {
  if (default_cpu_credits(family).empty()) {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + family +
                           ") for parameter instanceFamily is invalid. Valid values are t2, t3, "
                           "t3a and t4g.");
  }
}

}  // namespace

void validate_cpu_credit_value(const std::optional<std::string>& credits) {
  if (credits) require_credit_value(*credits);
}

void validate_cpu_credits(const std::string& instance_type,
                          const std::optional<std::string>& credits) {
  if (!credits) return;
  require_credit_value(*credits);
  if (*credits == "unlimited" && !burstable(instance_type)) {
    throw ServiceError("InstanceCreditSpecification.NotSupported",
                       not_supported_message(instance_type));
  }
}

std::string launch_cpu_credits(const Ec2Partition& p, const std::string& instance_type,
                               const std::optional<std::string>& requested) {
  if (requested) return *requested;
  if (!burstable(instance_type)) return "";
  return default_credit_specification(p, instance_type.substr(0, instance_type.find('.')));
}

std::string effective_cpu_credits(const Instance& instance) {
  return instance.cpu_credits.empty() ? "standard" : instance.cpu_credits;
}

DescribeCreditSpecificationsResult describe_credit_specifications(
    Ec2Partition& p, const DescribeCreditSpecificationsRequest& r) {
  auto values_of = [](const Instance& i,
                      const std::string& n) -> std::optional<std::vector<std::string>> {
    if (n == "instance-id") return std::vector<std::string>{i.instance_id.str()};
    return std::nullopt;
  };
  const Instance name_probe;  // only the filter's name is asked about (a named object: GCC 12's
                              // -Wmaybe-uninitialized misfires on a temporary Instance here)
  require_known_filters(r.filters, [&](const std::string& n) { return values_of(name_probe, n); });
  if (r.max_results && (*r.max_results < 5 || *r.max_results > 1000)) {
    throw ServiceError("InvalidParameterValue",
                       "Value ( " + std::to_string(*r.max_results) +
                           " ) for parameter maxResults is invalid. Expecting a value between 5 "
                           "and 1000.");
  }
  if (r.max_results && !r.instance_ids.empty()) {
    throw ServiceError("InvalidParameterCombination",
                       "The parameter instancesSet cannot be used with the parameter maxResults");
  }
  std::vector<const Instance*> chosen;
  if (!r.instance_ids.empty()) {
    // Ec2Model::require_instances' checks, without the model.
    for (const std::string& id : r.instance_ids) {
      if (!Ec2Model::is_well_formed_instance_id(id)) {
        throw ServiceError("InvalidInstanceID.Malformed", "Invalid id: \"" + id + "\"");
      }
    }
    for (const std::string& id : r.instance_ids) {
      const Instance* inst = p.find_instance(id);
      if (!inst) {
        throw ServiceError("InvalidInstanceID.NotFound",
                           "The instance ID '" + id + "' does not exist");
      }
      if (inst->cpu_credits.empty()) {
        throw ServiceError("InstanceCreditSpecification.NotSupported",
                           "The instance '" + id + "' is not a burstable performance instance.");
      }
      chosen.push_back(inst);
    }
  } else {
    // Without IDs: the instances running with the unlimited option, whatever their type now.
    for (const auto& [id, inst] : std::as_const(p.instances)) {
      if (inst.lifecycle.state() == core::InstanceState::kTerminated) continue;
      if (inst.cpu_credits == "unlimited") chosen.push_back(&inst);
    }
    std::sort(chosen.begin(), chosen.end(),
              [](const Instance* a, const Instance* b) { return a->instance_id < b->instance_id; });
  }
  DescribeCreditSpecificationsResult result;
  for (const Instance* inst : chosen) {
    if (!r.next_token.empty() && inst->instance_id <= r.next_token) continue;
    if (!matches_all(r.filters, [&](const std::string& n) { return values_of(*inst, n); })) {
      continue;
    }
    if (r.max_results && result.items.size() == static_cast<std::size_t>(*r.max_results)) {
      result.next_token = result.items.back().instance_id;
      break;
    }
    result.items.push_back({inst->instance_id.str(), effective_cpu_credits(*inst)});
  }
  return result;
}

CreditModificationResult modify_credit_specifications(
    Ec2Partition& p, const std::vector<CreditModification>& changes, bool dry_run) {
  for (const CreditModification& c : changes) require_credit_value(c.cpu_credits);
  CreditModificationResult result;
  std::vector<std::pair<Instance*, std::string>> apply;
  for (const CreditModification& c : changes) {
    auto fail = [&](const std::string& code, const std::string& message) {
      result.failed.push_back({c.instance_id, code, message});
    };
    if (!Ec2Model::is_well_formed_instance_id(c.instance_id)) {
      fail("InvalidInstanceID.Malformed", "Invalid id: \"" + c.instance_id + "\"");
      continue;
    }
    Instance* inst = p.find_instance(c.instance_id);
    if (!inst) {
      fail("InvalidInstanceID.NotFound", "The instance ID '" + c.instance_id + "' does not exist");
      continue;
    }
    const core::InstanceState s = inst->lifecycle.state();
    if (s == core::InstanceState::kTerminated || s == core::InstanceState::kShuttingDown) {
      fail("IncorrectInstanceState",
           "The instance '" + c.instance_id + "' is not in a state from which it can be modified.");
      continue;
    }
    if (!burstable(inst->instance_type)) {
      fail("InstanceCreditSpecification.NotSupported", not_supported_message(inst->instance_type));
      continue;
    }
    apply.emplace_back(inst, c.cpu_credits);
    result.succeeded.push_back(c.instance_id);
  }
  if (dry_run) throw dry_run_succeeded();
  for (auto& [inst, credits] : apply) inst->cpu_credits = credits;
  return result;
}

std::string default_credit_specification(const Ec2Partition& p, const std::string& family) {
  require_family(family);
  auto it = p.default_cpu_credits.find(family);
  return it != p.default_cpu_credits.end() ? it->second : default_cpu_credits(family);
}

std::string modify_default_credit_specification(Ec2Partition& p, const std::string& family,
                                                const std::string& credits, bool dry_run) {
  require_family(family);
  require_credit_value(credits);
  if (dry_run) throw dry_run_succeeded();
  p.default_cpu_credits[family] = credits;
  return credits;
}

}  // namespace cloudlife::ec2
