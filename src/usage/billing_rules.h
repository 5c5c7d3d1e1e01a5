// The billing rules of the two clouds, as small pure functions over virtual time.
// Contract: every function is deterministic and reads nothing but its arguments. Times are virtual
// milliseconds; an interval's end is empty while it is still open (then `now` closes it for the
// computation). docs/teardown.md states each rule with the vendor documentation it follows.
#pragma once

#include <optional>
#include <string_view>

#include "core/instance_state.h"
#include "core/time.h"

namespace cloudlife::usage {

// How a metered resource turns time into a quantity (and which unit it reports).
enum class Rule {
  kEc2InstanceSeconds,  // seconds, at least 60 per start (EC2 Linux on-demand)   unit "s"
  kPerSecond,           // seconds, no minimum (ECS pay-as-you-go)                unit "s"
  kGibSeconds,          // provisioned GiB x seconds (EBS volumes, disks, snapshots) unit "GiB-s"
  kHours,               // hours, fractional (public IPv4 addresses, EIPs)         unit "h"
  kSubscriptionHours,   // the paid term in hours, paid in full up front (ECS PrePaid) unit "h"
};

std::string_view rule_unit(Rule rule);
std::string_view rule_name(Rule rule);

// EC2 bills an instance while it is running, and while it is stopping to hibernate; pending,
// stopping (plain stop), stopped, shutting-down and terminated are free.
bool ec2_instance_bills(core::InstanceState state, bool hibernating);

// An ECS pay-as-you-go instance bills from creation to release, including while stopped, except
// once stopped in economical mode (StoppedMode StopCharging: computing resources are not billed).
bool ecs_payg_instance_bills(core::InstanceState state, std::string_view stopped_mode,
                             bool released);

// The milliseconds an EC2 instance interval bills within the window [from, to]: whole seconds
// (rounded up), and at least 60 s for a start that falls inside the window, even while the
// instance is still running (the minimum is charged at the start).
core::TimeMs ec2_billed_ms(core::TimeMs start, core::TimeMs end, core::TimeMs from,
                           core::TimeMs to);

// The milliseconds an interval overlaps the window [from, to) (0 when it does not).
core::TimeMs overlap_ms(core::TimeMs start, core::TimeMs end, core::TimeMs from, core::TimeMs to);

// A subscription term [start, paid_until) is paid in full when bought: it counts whole in the
// window holding its start (even the part still ahead), unless the term ended early at `end`
// (switched to pay-as-you-go: the rest is refunded); other windows count nothing.
core::TimeMs subscription_billed_ms(core::TimeMs start, std::optional<core::TimeMs> end,
                                    core::TimeMs paid_until, core::TimeMs from, core::TimeMs to);

// The quantity of one interval in its rule's unit, within [from, to); `now` closes an open
// interval; `size_gib` matters for kGibSeconds only.
double interval_quantity(Rule rule, core::TimeMs start, std::optional<core::TimeMs> end,
                         std::optional<core::TimeMs> paid_until, double size_gib, core::TimeMs now,
                         core::TimeMs from, core::TimeMs to);

// Seconds in the month prices per GB-month are quoted for (AWS and Alibaba: 730 hours).
inline constexpr double kSecondsPerPriceMonth = 730.0 * 3600.0;

}  // namespace cloudlife::usage
