#include "ecs/ecs_errors.h"

namespace cloudlife::ecs::errors {

using core::ServiceError;

ServiceError missing_parameter(const std::string& name) {
  const std::string code = name == "RegionId" ? "MissingParameter.RegionId" : "MissingParameter";
  return ServiceError(code,
                      "The input parameter \"" + name +
                          "\" that is mandatory for processing this request is not supplied.",
                      400);
}

ServiceError invalid_parameter(const std::string& name, const std::string& detail) {
  std::string message = "The specified parameter \"" + name + "\" is not valid.";
  if (!detail.empty()) message += " " + detail;
  return ServiceError("InvalidParameter", message, 400);
}

ServiceError instance_not_found(const std::string&) {
  return ServiceError("InvalidInstanceId.NotFound", "The specified InstanceId does not exist.",
                      404);
}

ServiceError disk_not_found(const std::string&) {
  return ServiceError("InvalidDiskId.NotFound", "The specified disk does not exist.", 404);
}

ServiceError snapshot_not_found(const std::string&) {
  return ServiceError("InvalidSnapshotId.NotFound", "The specified snapshot does not exist.", 404);
}

ServiceError eip_not_found(const std::string&) {
  return ServiceError("InvalidAllocationId.NotFound",
                      "The specified allocation ID of the EIP does not exist.", 404);
}

ServiceError incorrect_instance_status() {
  return ServiceError("IncorrectInstanceStatus",
                      "The current status of the resource does not support this operation.", 403);
}

ServiceError incorrect_instance_status_initializing() {
  return ServiceError("IncorrectInstanceStatus.Initializing",
                      "The specified instance status does not support this operation.", 403);
}

ServiceError deletion_protection(const std::string& id) {
  return ServiceError(
      "InvalidOperation.DeletionProtection",
      "The operation is not allowed due to \"" + id + "\" is protected by deletion protection.",
      403);
}

ServiceError charge_type_violation() {
  return ServiceError("ChargeTypeViolation",
                      "The operation is not permitted due to charge type of the instance.", 403);
}

ServiceError instance_expired_or_in_arrears() {
  return ServiceError("InstanceExpiredOrInArrears",
                      "The specified operation is denied as your prepay instance is expired "
                      "(prepay mode) or in arrears (afterpay mode).",
                      403);
}

ServiceError instance_locked_for_security() {
  return ServiceError(
      "InstanceLockedForSecurity",
      "The specified operation is denied as your instance is locked for security reasons.", 403);
}

ServiceError dry_run_operation() {
  return ServiceError("DryRunOperation", "Request validation has been passed with DryRun flag set.",
                      400);
}

ServiceError invalid_auto_release_time() {
  return ServiceError("InvalidAutoReleaseTime.Malformed",
                      "The specified paramter autoReleaseTime is not valid.", 400);
}

ServiceError idempotent_parameter_mismatch() {
  return ServiceError("IdempotentParameterMismatch",
                      "The request is retried with updated parameters.", 400);
}

ServiceError region_not_found(const std::string&) {
  return ServiceError("InvalidRegionId.NotFound", "The specified RegionId does not exist.", 404);
}

ServiceError zone_not_found(const std::string&) {
  return ServiceError("InvalidZoneId.NotFound", "The specified zone does not exist.", 404);
}

ServiceError unavailable(Availability a, bool create_disk) {
  switch (a) {
    case Availability::kUnknownType:
      return ServiceError(
          "InvalidInstanceType.ValueNotSupported",
          "The specified InstanceType does not exist or beyond the permitted range.", 400);
    case Availability::kZoneNotOnSale:
      return ServiceError("Zone.NotOnSale",
                          "The resource in the specified zone is no longer available for sale. "
                          "Please try other regions and zones.",
                          403);
    case Availability::kNotInZone:
      return ServiceError("InvalidResourceType.NotSupported",
                          "This resource type is not supported; please try other resource types.",
                          403);
    case Availability::kDiskNotInZone:
      if (create_disk) {
        return ServiceError("InvalidDiskCategory.NotSupported",
                            "The specified disk category is not support.", 400);
      }
      return ServiceError("InvalidResourceType.NotSupported",
                          "This resource type is not supported; please try other resource types.",
                          403);
    case Availability::kDiskNotForType:
      return ServiceError("InvalidDiskCategory.NotSupported",
                          "The specified disk category is not support the specified instance type.",
                          403);
    case Availability::kOk:
      break;
  }
  return ServiceError("InternalError",
                      "The request processing has failed due to some unknown error.", 500);
}

}  // namespace cloudlife::ecs::errors
