// The clouds' side of fault injection: which cloud names rules match on and the default message and
// HTTP status of each error code the clouds throw at clients (docs/wire.md "AWS HTTP statuses and
// retries": EC2 throttling must be 503 for botocore's legacy retry rules; Auto Scaling Throttling
// is 400; ECS per the Alibaba error catalogue).
#pragma once

#include "core/faults.h"

namespace cloudlife::server {

core::FaultCatalog cloud_fault_catalog();

}  // namespace cloudlife::server
