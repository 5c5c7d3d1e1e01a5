// The ECS error codes, with the HTTP status and message text the service documents.
// Contract: each function returns a core::ServiceError ready to throw; the texts are the vendor's
// own (including its spelling), so SDK users can match on them.
#pragma once

#include <string>

#include "core/service_error.h"
#include "ecs/instance_catalog.h"

namespace cloudlife::ecs::errors {

core::ServiceError missing_parameter(const std::string& name);
core::ServiceError invalid_parameter(const std::string& name, const std::string& detail = "");
core::ServiceError instance_not_found(const std::string& id = "");
core::ServiceError disk_not_found(const std::string& id = "");
core::ServiceError snapshot_not_found(const std::string& id = "");
core::ServiceError eip_not_found(const std::string& id = "");
core::ServiceError incorrect_instance_status();
core::ServiceError incorrect_instance_status_initializing();
core::ServiceError deletion_protection(const std::string& id);
core::ServiceError charge_type_violation();
core::ServiceError instance_expired_or_in_arrears();
core::ServiceError instance_locked_for_security();
core::ServiceError dry_run_operation();
core::ServiceError invalid_auto_release_time();
core::ServiceError idempotent_parameter_mismatch();
core::ServiceError region_not_found(const std::string& region);
core::ServiceError zone_not_found(const std::string& zone);
// The refusal for an availability decision other than kOk (RunInstances / CreateDisk wording).
core::ServiceError unavailable(Availability a, bool create_disk = false);

}  // namespace cloudlife::ecs::errors
