#include "core/timing.h"

#include <stdexcept>
#include <string>

namespace cloudlife::core {

std::string_view timing_profile_name(TimingProfileKind kind) {
  return kind == TimingProfileKind::kInstant ? "instant" : "realistic";
}

std::optional<TimingProfileKind> parse_timing_profile(std::string_view text) {
  if (text == "instant") return TimingProfileKind::kInstant;
  if (text == "realistic") return TimingProfileKind::kRealistic;
  return std::nullopt;
}

std::string_view timing_phase_name(TimingPhase phase) {
  return Timing::known_phases().at(static_cast<std::size_t>(phase)).first;
}

std::optional<TimingPhase> parse_timing_phase(std::string_view name) {
  const auto& phases = Timing::known_phases();
  for (std::size_t i = 0; i < phases.size(); ++i) {
    if (phases[i].first == name) return static_cast<TimingPhase>(i);
  }
  return std::nullopt;
}

const std::vector<std::pair<std::string, DurationRange>>& Timing::known_phases() {
  // Realistic ranges, from what the clouds document and what recordings show (a t-class instance
  // leaves pending in well under a minute; stops take tens of seconds). In TimingPhase order.
  static const std::vector<std::pair<std::string, DurationRange>> phases = {
      {"pending", {10 * kSecond, 20 * kSecond}},             // launch/start: pending -> running
      {"stopping", {10 * kSecond, 30 * kSecond}},            // stopping -> stopped
      {"stopping-forced", {2 * kSecond, 5 * kSecond}},       // StopInstances Force=true
      {"shutting-down", {8 * kSecond, 12 * kSecond}},        // shutting-down -> terminated
      {"shutting-down-forced", {1 * kSecond, 3 * kSecond}},  // Force / SkipOsShutdown
      {"rebooting", {5 * kSecond, 10 * kSecond}},            // reboot (state stays running)
      {"status-checks", {90 * kSecond, 150 * kSecond}},      // initializing -> ok after running
      {"volume-creating", {2 * kSecond, 5 * kSecond}},       // creating -> available
      {"volume-attaching", {1 * kSecond, 3 * kSecond}},      // attaching -> attached
      {"volume-detaching", {2 * kSecond, 6 * kSecond}},      // detaching -> detached
      {"volume-deleting", {1 * kSecond, 3 * kSecond}},       // deleting -> gone
      {"snapshot-pending", {30 * kSecond, 120 * kSecond}},   // snapshot: pending -> completed
      {"image-pending", {60 * kSecond, 180 * kSecond}},      // AMI: pending -> available
      {"metadata-options-applying", {1 * kSecond, 5 * kSecond}},  // options: pending -> applied
      {"vpc-creating", {2 * kSecond, 5 * kSecond}},      // Alibaba VPC: Pending -> Available
      {"vswitch-creating", {2 * kSecond, 5 * kSecond}},  // Alibaba vSwitch: Pending -> Available
      {"eni-attaching", {1 * kSecond, 3 * kSecond}},     // Alibaba ENI: Attaching -> InUse
      {"eni-detaching", {1 * kSecond, 3 * kSecond}},     // Alibaba ENI: Detaching -> Available
      {"load-balancer-provisioning",
       {60 * kSecond, 180 * kSecond}},         // ELBv2: provisioning -> active
      {"terminated-visible", {kHour, kHour}},  // how long terminated instances stay listed
      {"nat-gateway-pending", {60 * kSecond, 120 * kSecond}},  // NAT: pending -> available
      {"nat-gateway-deleting", {30 * kSecond, 60 * kSecond}},  // NAT: deleting -> deleted
  };
  return phases;
}

bool Timing::is_known_phase(std::string_view phase) {
  return parse_timing_phase(phase).has_value();
}

Timing::Timing(TimingProfileKind kind, std::uint64_t seed) : kind_(kind), rng_(seed) {}

TimeMs Timing::duration(TimingPhase phase) {
  const auto& [name, range] = known_phases().at(static_cast<std::size_t>(phase));
  if (!overrides_.empty()) {
    if (auto it = overrides_.find(name); it != overrides_.end()) return it->second;
  }
  // How long a terminated instance stays visible is a property of the cloud, not of the speed of
  // transitions: it keeps its hour under `instant` too.
  const bool always_real = phase == TimingPhase::kTerminatedVisible;
  if (kind_ == TimingProfileKind::kInstant && !always_real) return 0;
  if (range.max <= range.min) return range.min;
  std::uniform_int_distribution<TimeMs> pick(range.min, range.max);
  return pick(rng_);
}

TimeMs Timing::duration(std::string_view phase) {
  const std::optional<TimingPhase> known = parse_timing_phase(phase);
  if (!known) throw std::invalid_argument("unknown timing phase: " + std::string(phase));
  return duration(*known);
}

void Timing::set_override(TimingPhase phase, TimeMs ms) {
  if (ms < 0) throw std::invalid_argument("negative timing override");
  overrides_.insert_or_assign(std::string(timing_phase_name(phase)), ms);
}

bool Timing::set_override(std::string_view phase, TimeMs ms) {
  const std::optional<TimingPhase> known = parse_timing_phase(phase);
  if (!known || ms < 0) return false;
  set_override(*known, ms);
  return true;
}

}  // namespace cloudlife::core
