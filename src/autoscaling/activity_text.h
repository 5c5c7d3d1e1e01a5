// The Description, Cause and Details texts of scaling activities, worded as AWS writes them.
// Contract: pure string building; times are written "2015-04-12T15:02:16Z". Causes that chain
// (a user request, then the launch it led to) are joined with two spaces, as AWS does.
#pragma once

#include <string>

#include "core/time.h"

namespace cloudlife::autoscaling::text {

std::string at(core::TimeMs t);  // "At 2015-04-12T15:02:16Z"
std::string join(const std::string& first, const std::string& second);

std::string launching(const std::string& id);  // Launching a new EC2 instance: i-…
std::string launching_into_warm_pool(const std::string& id);
std::string launching_from_warm_pool(const std::string& id);
std::string returning_to_warm_pool(const std::string& id);  // ReuseOnScaleIn (cloudlife's words)
std::string terminating(const std::string& id);             // Terminating EC2 instance: i-…
std::string detaching(const std::string& id);               // Detaching EC2 instance: i-…
std::string attaching(const std::string& id);     // Attaching an existing EC2 instance: i-…
std::string to_standby(const std::string& id);    // Moving EC2 instance to Standby: i-…
std::string from_standby(const std::string& id);  // Moving EC2 instance out of Standby: i-…

std::string created_group(core::TimeMs t, long long from, long long to);
std::string set_desired(core::TimeMs t, long long from, long long to);
std::string updated_group(core::TimeMs t, long long min, long long max, long long desired,
                          long long from, long long to);
std::string started_for_capacity(core::TimeMs t, long long from, long long to);
std::string taken_out_for_capacity(core::TimeMs t, long long from, long long to,
                                   const std::string& id);
std::string rebalance_launch(core::TimeMs t, const std::string& zone);
std::string user_terminate(core::TimeMs t, const std::string& id, long long from, long long to,
                           bool decrement);
std::string user_detach(core::TimeMs t, const std::string& id, long long from, long long to,
                        bool decrement);
std::string user_attach(core::TimeMs t, const std::string& id, long long from, long long to);
std::string user_standby(core::TimeMs t, const std::string& id, long long from, long long to,
                         bool decrement);
std::string user_exit_standby(core::TimeMs t, const std::string& id, long long from, long long to);
// "At … a scheduled action update of AutoScalingGroup constraints to min: 1, max: 5, desired: 3
// changing the desired capacity from 0 to 3."
std::string scheduled_update(core::TimeMs t, long long min, long long max, long long desired,
                             long long from, long long to);
// "At … a monitor alarm A in state ALARM triggered policy P changing the desired capacity from 1
// to 2." / "At … a user request executed policy P changing the desired capacity from 1 to 2."
std::string policy_by_alarm(core::TimeMs t, const std::string& alarm, const std::string& policy,
                            long long from, long long to);
std::string policy_by_user(core::TimeMs t, const std::string& policy, long long from, long long to);
std::string health_ec2(core::TimeMs t);
std::string health_user(core::TimeMs t);
std::string health_elb(core::TimeMs t);  // HealthCheckType ELB: a target group says unhealthy
std::string lifetime_reached(core::TimeMs t, long long lifetime_seconds);  // cloudlife's wording
// Capacity Rebalancing (phrased after AWS's "EC2 instance rebalance recommendation" causes).
std::string rebalance_recommendation_launch(core::TimeMs t);
std::string rebalance_recommendation_taken_out(core::TimeMs t);
std::string hook_abandoned(core::TimeMs t, const std::string& id);
std::string warm_pool_launch(core::TimeMs t);
std::string group_deleted(core::TimeMs t, const std::string& id);
std::string details(const std::string& subnet, const std::string& zone);

}  // namespace cloudlife::autoscaling::text
