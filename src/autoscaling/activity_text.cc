#include "autoscaling/activity_text.h"

namespace cloudlife::autoscaling::text {
namespace {}  // namespace

std::string at(core::TimeMs t) {
  return "At " + core::format_iso8601_s(t);
}

std::string join(const std::string& first, const std::string& second) {
  if (first.empty()) return second;
  if (second.empty()) return first;
  return first + "  " + second;
}

std::string launching(const std::string& id) {
  return "Launching a new EC2 instance: " + id;
}
std::string launching_into_warm_pool(const std::string& id) {
  return "Launching a new EC2 instance into warm pool: " + id;
}
std::string returning_to_warm_pool(const std::string& id) {
  return "Moving EC2 instance back to warm pool: " + id;
}
std::string launching_from_warm_pool(const std::string& id) {
  return "Launching a new EC2 instance from warm pool: " + id;
}
std::string terminating(const std::string& id) {
  return "Terminating EC2 instance: " + id;
}
std::string detaching(const std::string& id) {
  return "Detaching EC2 instance: " + id;
}
std::string attaching(const std::string& id) {
  return "Attaching an existing EC2 instance: " + id;
}
std::string to_standby(const std::string& id) {
  return "Moving EC2 instance to Standby: " + id;
}
std::string from_standby(const std::string& id) {
  return "Moving EC2 instance out of Standby: " + id;
}

std::string created_group(core::TimeMs t, long long from, long long to) {
  return at(t) + " a user request created an AutoScalingGroup changing the desired capacity from " +
         std::to_string(from) + " to " + std::to_string(to) + ".";
}
std::string set_desired(core::TimeMs t, long long from, long long to) {
  return at(t) +
         " a user request explicitly set group desired capacity changing the desired capacity "
         "from " +
         std::to_string(from) + " to " + std::to_string(to) + ".";
}
std::string updated_group(core::TimeMs t, long long min, long long max, long long desired,
                          long long from, long long to) {
  return at(t) +
         " a user request update of AutoScalingGroup constraints to min: " + std::to_string(min) +
         ", max: " + std::to_string(max) + ", desired: " + std::to_string(desired) +
         " changing the desired capacity from " + std::to_string(from) + " to " +
         std::to_string(to) + ".";
}
std::string started_for_capacity(core::TimeMs t, long long from, long long to) {
  return at(t) +
         " an instance was started in response to a difference between desired and actual "
         "capacity, increasing the capacity from " +
         std::to_string(from) + " to " + std::to_string(to) + ".";
}
std::string taken_out_for_capacity(core::TimeMs t, long long from, long long to,
                                   const std::string& id) {
  return at(t) +
         " an instance was taken out of service in response to a difference between desired and "
         "actual capacity, shrinking the capacity from " +
         std::to_string(from) + " to " + std::to_string(to) + ".  " + at(t) + " instance " + id +
         " was selected for termination.";
}
std::string rebalance_launch(core::TimeMs t, const std::string& zone) {
  return at(t) + " instances were launched to balance instances in zones " + zone +
         " with other zones resulting in more than desired number of instances in the group.";
}
std::string user_terminate(core::TimeMs t, const std::string& id, long long from, long long to,
                           bool decrement) {
  std::string s =
      at(t) + " instance " + id + " was taken out of service in response to a user request";
  if (decrement)
    s += ", shrinking the capacity from " + std::to_string(from) + " to " + std::to_string(to);
  return s + ".";
}
std::string user_detach(core::TimeMs t, const std::string& id, long long from, long long to,
                        bool decrement) {
  std::string s = at(t) + " instance " + id + " was detached in response to a user request";
  if (decrement)
    s += ", shrinking the capacity from " + std::to_string(from) + " to " + std::to_string(to);
  return s + ".";
}
std::string user_attach(core::TimeMs t, const std::string& id, long long from, long long to) {
  return at(t) + " instance " + id +
         " was added to the group in response to a user request, increasing the capacity from " +
         std::to_string(from) + " to " + std::to_string(to) + ".";
}
std::string user_standby(core::TimeMs t, const std::string& id, long long from, long long to,
                         bool decrement) {
  std::string s = at(t) + " instance " + id + " was moved to standby in response to a user request";
  if (decrement)
    s += ", shrinking the capacity from " + std::to_string(from) + " to " + std::to_string(to);
  return s + ".";
}
std::string user_exit_standby(core::TimeMs t, const std::string& id, long long from, long long to) {
  return at(t) + " instance " + id +
         " was moved out of standby in response to a user request, increasing the capacity from " +
         std::to_string(from) + " to " + std::to_string(to) + ".";
}
std::string scheduled_update(core::TimeMs t, long long min, long long max, long long desired,
                             long long from, long long to) {
  return at(t) + " a scheduled action update of AutoScalingGroup constraints to min: " +
         std::to_string(min) + ", max: " + std::to_string(max) +
         ", desired: " + std::to_string(desired) + " changing the desired capacity from " +
         std::to_string(from) + " to " + std::to_string(to) + ".";
}

std::string policy_by_alarm(core::TimeMs t, const std::string& alarm, const std::string& policy,
                            long long from, long long to) {
  return at(t) + " a monitor alarm " + alarm + " in state ALARM triggered policy " + policy +
         " changing the desired capacity from " + std::to_string(from) + " to " +
         std::to_string(to) + ".";
}

std::string policy_by_user(core::TimeMs t, const std::string& policy, long long from,
                           long long to) {
  return at(t) + " a user request executed policy " + policy +
         " changing the desired capacity from " + std::to_string(from) + " to " +
         std::to_string(to) + ".";
}

std::string health_ec2(core::TimeMs t) {
  return at(t) +
         " an instance was taken out of service in response to an EC2 health check indicating it "
         "has been terminated or stopped.";
}
std::string health_user(core::TimeMs t) {
  return at(t) + " an instance was taken out of service in response to a user health-check.";
}
std::string health_elb(core::TimeMs t) {
  return at(t) +
         " an instance was taken out of service in response to an ELB system health check failure.";
}
std::string hook_abandoned(core::TimeMs t, const std::string& id) {
  return at(t) + " instance " + id +
         " was taken out of service in response to a lifecycle action result of ABANDON.";
}
std::string warm_pool_launch(core::TimeMs t) {
  return at(t) +
         " an instance was launched into the warm pool in response to a difference between the "
         "desired and actual warm pool size.";
}
std::string group_deleted(core::TimeMs t, const std::string& id) {
  return at(t) +
         " an instance was taken out of service in response to a user request to delete "
         "the group.  " +
         at(t) + " instance " + id + " was selected for termination.";
}
std::string details(const std::string& subnet, const std::string& zone) {
  return "{\"Subnet ID\":\"" + subnet + "\",\"Availability Zone\":\"" + zone + "\"}";
}

std::string lifetime_reached(core::TimeMs t, long long lifetime_seconds) {
  return at(t) +
         " an instance was taken out of service because it reached the group's maximum "
         "instance lifetime of " +
         std::to_string(lifetime_seconds) + " seconds.";
}

std::string rebalance_recommendation_launch(core::TimeMs t) {
  return at(t) +
         " an instance was launched in response to an EC2 instance rebalance recommendation.";
}

std::string rebalance_recommendation_taken_out(core::TimeMs t) {
  return at(t) +
         " an instance was taken out of service in response to an EC2 instance rebalance "
         "recommendation.";
}

}  // namespace cloudlife::autoscaling::text
