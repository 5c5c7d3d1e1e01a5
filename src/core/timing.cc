#include "core/timing.h"

namespace cloudlife::core {

std::string_view timing_profile_name(TimingProfileKind kind) {
  return kind == TimingProfileKind::kInstant ? "instant" : "realistic";
}

std::optional<TimingProfileKind> parse_timing_profile(std::string_view text) {
  if (text == "instant") return TimingProfileKind::kInstant;
  if (text == "realistic") return TimingProfileKind::kRealistic;
  return std::nullopt;
}

const std::vector<std::pair<std::string, DurationRange>>& Timing::known_phases() {
  // Realistic ranges, from what the clouds document and what recordings show (a t-class instance
  // leaves pending in well under a minute; stops take tens of seconds).
  static const std::vector<std::pair<std::string, DurationRange>> phases = {
      {"pending", {10 * kSecond, 20 * kSecond}},          // launch/start: pending -> running
      {"stopping", {10 * kSecond, 30 * kSecond}},         // stopping -> stopped
      {"stopping-forced", {2 * kSecond, 5 * kSecond}},    // StopInstances Force=true
      {"shutting-down", {8 * kSecond, 12 * kSecond}},     // shutting-down -> terminated
      {"shutting-down-forced", {1 * kSecond, 3 * kSecond}},  // Force / SkipOsShutdown
      {"rebooting", {5 * kSecond, 10 * kSecond}},         // reboot (state stays running)
      {"status-checks", {90 * kSecond, 150 * kSecond}},   // initializing -> ok after running
      {"volume-creating", {2 * kSecond, 5 * kSecond}},    // creating -> available
      {"volume-attaching", {1 * kSecond, 3 * kSecond}},   // attaching -> attached
      {"volume-detaching", {2 * kSecond, 6 * kSecond}},   // detaching -> detached
      {"volume-deleting", {1 * kSecond, 3 * kSecond}},    // deleting -> gone
      {"vpc-creating", {2 * kSecond, 5 * kSecond}},       // Alibaba VPC: Pending -> Available
      {"vswitch-creating", {2 * kSecond, 5 * kSecond}},   // Alibaba vSwitch: Pending -> Available
      {"terminated-visible", {kHour, kHour}},             // how long terminated instances stay listed
  };
  return phases;
}

bool Timing::is_known_phase(std::string_view phase) {
  for (const auto& [name, range] : known_phases()) {
    if (name == phase) return true;
  }
  return false;
}

Timing::Timing(TimingProfileKind kind, std::uint64_t seed) : kind_(kind), rng_(seed) {}

TimeMs Timing::duration(std::string_view phase) {
  if (auto it = overrides_.find(phase); it != overrides_.end()) return it->second;
  // How long a terminated instance stays visible is a property of the cloud, not of the speed of
  // transitions: it keeps its hour under `instant` too.
  const bool always_real = phase == "terminated-visible";
  if (kind_ == TimingProfileKind::kInstant && !always_real) return 0;
  for (const auto& [name, range] : known_phases()) {
    if (name != phase) continue;
    if (range.max <= range.min) return range.min;
    std::uniform_int_distribution<TimeMs> pick(range.min, range.max);
    return pick(rng_);
  }
  return 0;
}

bool Timing::set_override(std::string_view phase, TimeMs ms) {
  if (!is_known_phase(phase) || ms < 0) return false;
  overrides_.insert_or_assign(std::string(phase), ms);
  return true;
}

}  // namespace cloudlife::core
