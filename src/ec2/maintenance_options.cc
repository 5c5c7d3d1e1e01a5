#include "ec2/maintenance_options.h"

#include "core/service_error.h"
#include "ec2/ec2_model.h"

namespace cloudlife::ec2 {

void validate_auto_recovery(const std::optional<std::string>& value) {
  if (value && *value != "default" && *value != "disabled") {
    throw core::ServiceError("InvalidParameterValue",
                             "Value (" + *value +
                                 ") for parameter autoRecovery is invalid. Valid values are "
                                 "default and disabled.");
  }
}

void modify_auto_recovery(Instance& instance, const std::string& value, bool dry_run) {
  validate_auto_recovery(value);
  if (instance.lifecycle.state() == core::InstanceState::kTerminated) {
    throw core::ServiceError("IncorrectInstanceState",
                             "The instance '" + instance.instance_id.str() +
                                 "' is not in a valid state for this operation.");
  }
  if (dry_run) throw dry_run_succeeded();
  instance.auto_recovery = value;
}

}  // namespace cloudlife::ec2
