// CPU credit options of burstable performance instances (docs/supported.md, "CPU credits").
// Contract: the account's default per T family (t2 "standard"; t3, t3a, t4g "unlimited") until
// ModifyDefaultCreditSpecification changes it for the partition (at once: cloudlife's zones update
// together). An instance takes CreditSpecification.CpuCredits or its family's default at launch and
// keeps its option when resized. DescribeInstanceCreditSpecifications of an instance that never
// had an option (never burstable) is InstanceCreditSpecification.NotSupported (the API reference:
// "an error is returned"); without IDs it lists the instances with the unlimited option.
// Launch and modify rules: CpuCredits is "standard" or "unlimited" (InvalidParameterValue);
// "unlimited" on a type that is not burstable is InstanceCreditSpecification.NotSupported.
// ModifyInstanceCreditSpecification answers per instance, successes and failures side by side, as
// EC2 does; the other functions throw before changing anything. REQUIRES: the engine lock.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ec2/ec2_partition.h"
#include "ec2/filters.h"

namespace cloudlife::ec2 {

// "standard" or "unlimited" (InvalidParameterValue otherwise).
void validate_cpu_credit_value(const std::optional<std::string>& credits);
// Launch: validate the requested option for the type, then the option the instance starts with.
void validate_cpu_credits(const std::string& instance_type,
                          const std::optional<std::string>& credits);
std::string launch_cpu_credits(const Ec2Partition& p, const std::string& instance_type,
                               const std::optional<std::string>& requested);
// What DescribeInstanceCreditSpecifications reports for an instance.
std::string effective_cpu_credits(const Instance& instance);

struct InstanceCreditView {
  std::string instance_id;
  std::string cpu_credits;
};

struct DescribeCreditSpecificationsRequest {
  std::vector<std::string> instance_ids;
  std::vector<Filter> filters;  // instance-id
  std::optional<long long> max_results;
  std::string next_token;
};

struct DescribeCreditSpecificationsResult {
  std::vector<InstanceCreditView> items;
  std::string next_token;
};

DescribeCreditSpecificationsResult describe_credit_specifications(
    Ec2Partition& p, const DescribeCreditSpecificationsRequest& request);

struct CreditModification {
  std::string instance_id;
  std::string cpu_credits;
};

struct CreditModificationFailure {
  std::string instance_id;
  std::string code;  // InvalidInstanceID.Malformed | .NotFound | IncorrectInstanceState |
                     // InstanceCreditSpecification.NotSupported
  std::string message;
};

struct CreditModificationResult {
  std::vector<std::string> succeeded;
  std::vector<CreditModificationFailure> failed;
};

CreditModificationResult modify_credit_specifications(
    Ec2Partition& p, const std::vector<CreditModification>& changes, bool dry_run);

// Get/ModifyDefaultCreditSpecification: `family` must be t2, t3, t3a or t4g.
std::string default_credit_specification(const Ec2Partition& p, const std::string& family);
std::string modify_default_credit_specification(Ec2Partition& p, const std::string& family,
                                                const std::string& credits, bool dry_run);

}  // namespace cloudlife::ec2
