// A Spot Instance request as the model keeps it (RequestSpotInstances, and the request RunInstances
// with InstanceMarketOptions makes): plain data; the rules live in src/ec2/spot_requests.cc.
// State / status pairs follow the EC2 User Guide's Spot request status codes (docs/spot.md):
//   open/pending-evaluation → active/fulfilled; open/capacity-not-available; open/price-too-low;
//   active/marked-for-termination; closed/instance-terminated-by-{user,price,service,no-capacity}
//   (a persistent request goes back to open instead); disabled/instance-stopped-…;
//   cancelled/canceled-before-fulfillment | request-canceled-and-instance-running;
//   closed/schedule-expired.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "ec2/launch_spec.h"
#include "ec2/tags.h"

namespace cloudlife::ec2 {

struct SpotInstanceRequest {
  std::string id;    // sir-xxxxxxxx
  std::string type;  // one-time | persistent
  std::string state = "open";
  std::string status_code = "pending-evaluation";
  std::string status_message;
  core::TimeMs status_time = 0;
  std::optional<double> max_price;  // nullopt: the on-demand price
  std::string product_description = "Linux/UNIX";
  std::string interruption_behavior = "terminate";
  LaunchSpec spec;  // what each fulfilment launches
  std::string instance_id;
  std::string launched_zone;
  core::TimeMs create_time = 0;
  std::optional<core::TimeMs> valid_from, valid_until;
  std::string launch_group, zone_group;
  TagSet tags;
  std::uint64_t retry_event = 0;  // the scheduled next evaluation, 0 when none
};

}  // namespace cloudlife::ec2

namespace cloudlife::ec2 {

// RequestSpotInstances' parameters.
struct RequestSpotInput {
  LaunchSpec spec;
  long long instance_count = 1;
  std::string type = "one-time";
  std::optional<std::string> spot_price;
  std::optional<core::TimeMs> valid_from, valid_until;
  std::string interruption_behavior = "terminate";
  std::string launch_group, zone_group;
  std::vector<Tag> tags;  // TagSpecification for spot-instances-request
  bool dry_run = false;
};

struct SpotCancelResult {
  std::string id;
  std::string state;  // the request's state after the call (cancelled, or closed/… if it was)
};

}  // namespace cloudlife::ec2
