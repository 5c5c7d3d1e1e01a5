// Instance maintenance options (MaintenanceOptions of RunInstances and launch templates,
// Describe/ModifyInstanceMaintenanceOptions): AutoRecovery "default" (recover on a system-status
// failure, for the types whose autoRecoverySupported is true) or "disabled".
// Contract: validate_auto_recovery throws InvalidParameterValue for any other value; modify changes
// one instance (not terminated, else IncorrectInstanceState) and answers its new options.
// REQUIRES: the engine lock for modify.
#pragma once

#include <optional>
#include <string>

#include "ec2/ec2_partition.h"

namespace cloudlife::ec2 {

void validate_auto_recovery(const std::optional<std::string>& value);
void modify_auto_recovery(Instance& instance, const std::string& value, bool dry_run);

}  // namespace cloudlife::ec2
