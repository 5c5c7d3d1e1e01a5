// An EC2 Fleet as the model keeps it, and the allocation rule that orders its capacity pools
// (docs/fleet.md).
// Contract: Fleet is plain data; order_pools() is pure: given the pools (one per launch template
// override), the allocation strategy and what each pool can still take, it answers the order in
// which a fleet tries them — lowest-price: cheapest first; prioritized / capacity-optimized-
// prioritized: by Priority (unset last), then price; capacity-optimized: most capacity left first;
// price-capacity-optimized: among pools with capacity, cheapest first, then the rest; diversified:
// the cheapest first, then round-robin (the caller spreads one unit per pool in that order).
// Ties keep the request's order.
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "ec2/launch_spec.h"
#include "ec2/tags.h"

namespace cloudlife::ec2 {

struct FleetPool {
  std::string template_id, template_name, template_version;  // the template as asked for
  std::string instance_type;
  std::string zone;       // "" when the subnet or the template decides
  std::string subnet_id;  // ""
  std::string image_id;   // "" when the template's
  std::optional<double> max_price;
  std::optional<double> priority;
  double weight = 1;
  // Filled in by the fleet before ordering: the pool's price and what it can still take
  // (std::numeric_limits<long long>::max() when unlimited).
  double price = 0;
  long long room = std::numeric_limits<long long>::max();
};

struct FleetError {
  std::size_t pool = 0;
  std::string lifecycle;  // spot | on-demand
  std::string code, message;
};

struct FleetInstance {
  std::string instance_id;
  std::size_t pool = 0;
  std::string lifecycle;  // spot | on-demand
};

struct FleetHistoryRecord {
  core::TimeMs at = 0;
  std::string event_type;  // instanceChange | fleetRequestChange | error | information
  std::string sub_type;    // launched | terminated | submitted | active | deleted | …
  std::string instance_id;
  std::string description;
};

struct Fleet {
  std::string id;                   // fleet-…
  std::string type = "maintain";    // instant | request | maintain
  std::string state = "submitted";  // submitted | active | modifying | deleted_running |
                                    // deleted_terminating | deleted
  std::string activity_status = "pending_fulfillment";  // fulfilled | pending_fulfillment | error
  std::vector<FleetPool> pools;
  long long total_target = 0, on_demand_target = 0, spot_target = 0;
  std::string default_target_type = "on-demand";
  std::string spot_strategy = "lowest-price";
  std::string on_demand_strategy = "lowest-price";
  std::string spot_interruption_behavior = "terminate";
  bool replace_unhealthy = false;
  bool terminate_with_expiration = false;
  std::optional<core::TimeMs> valid_from, valid_until;
  std::string client_token;
  core::TimeMs create_time = 0;
  TagSet tags;                               // the fleet's own (TagSpecification "fleet")
  std::vector<TagSpecification> launch_tags;  // "instance" and "volume": given to each launch
  std::vector<FleetInstance> instances;  // the running (not yet terminated) instances
  std::vector<FleetError> errors;        // the latest fulfilment's errors
  std::vector<FleetHistoryRecord> history;
  double fulfilled_spot = 0, fulfilled_on_demand = 0;
  std::uint64_t retry_event = 0;
};

std::vector<std::size_t> order_pools(const std::vector<FleetPool>& pools,
                                     const std::string& strategy);

}  // namespace cloudlife::ec2
