#include "usage/billing_rules.h"

#include <algorithm>

namespace cloudlife::usage {

using core::InstanceState;
using core::TimeMs;

std::string_view rule_unit(Rule rule) {
  switch (rule) {
    case Rule::kEc2InstanceSeconds:
    case Rule::kPerSecond:
      return "s";
    case Rule::kGibSeconds:
      return "GiB-s";
    case Rule::kHours:
    case Rule::kSubscriptionHours:
      return "h";
  }
  return "";
}

std::string_view rule_name(Rule rule) {
  switch (rule) {
    case Rule::kEc2InstanceSeconds:
      return "per-second, 60 s minimum per start";
    case Rule::kPerSecond:
      return "per-second";
    case Rule::kGibSeconds:
      return "GiB-seconds provisioned";
    case Rule::kHours:
      return "hours allocated";
    case Rule::kSubscriptionHours:
      return "subscription term";
  }
  return "";
}

bool ec2_instance_bills(InstanceState state, bool hibernating) {
  return state == InstanceState::kRunning || (state == InstanceState::kStopping && hibernating);
}

bool ecs_payg_instance_bills(InstanceState state, std::string_view stopped_mode, bool released) {
  if (released || state == InstanceState::kShuttingDown || state == InstanceState::kTerminated) {
    return false;
  }
  return !(state == InstanceState::kStopped && stopped_mode == "StopCharging");
}

TimeMs overlap_ms(TimeMs start, TimeMs end, TimeMs from, TimeMs to) {
  return std::max<TimeMs>(0, std::min(end, to) - std::max(start, from));
}

TimeMs ec2_billed_ms(TimeMs start, TimeMs end, TimeMs from, TimeMs to) {
  TimeMs ms = overlap_ms(start, end, from, to);
  ms = (ms + core::kSecond - 1) / core::kSecond * core::kSecond;  // per second, rounded up
  if (start >= from && start <= to) ms = std::max(ms, core::kMinute);
  return ms;
}

TimeMs subscription_billed_ms(TimeMs start, std::optional<TimeMs> end, TimeMs paid_until,
                              TimeMs from, TimeMs to) {
  if (start < from || start > to) return 0;  // charged when bought
  const TimeMs term_end = end ? std::min(*end, paid_until) : paid_until;
  return std::max<TimeMs>(0, term_end - start);
}

double interval_quantity(Rule rule, TimeMs start, std::optional<TimeMs> end,
                         std::optional<TimeMs> paid_until, double size_gib, TimeMs now, TimeMs from,
                         TimeMs to) {
  const TimeMs closed = end.value_or(now);
  const double seconds_per_ms = 1.0 / static_cast<double>(core::kSecond);
  switch (rule) {
    case Rule::kEc2InstanceSeconds:
      return static_cast<double>(ec2_billed_ms(start, closed, from, to)) * seconds_per_ms;
    case Rule::kPerSecond:
      return static_cast<double>(overlap_ms(start, closed, from, to)) * seconds_per_ms;
    case Rule::kGibSeconds:
      return size_gib * static_cast<double>(overlap_ms(start, closed, from, to)) * seconds_per_ms;
    case Rule::kHours:
      return static_cast<double>(overlap_ms(start, closed, from, to)) /
             static_cast<double>(core::kHour);
    case Rule::kSubscriptionHours:
      return static_cast<double>(
                 subscription_billed_ms(start, end, paid_until.value_or(closed), from, to)) /
             static_cast<double>(core::kHour);
  }
  return 0;
}

}  // namespace cloudlife::usage
