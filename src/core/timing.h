// How long each transition takes: the timing profile.
// Contract: `instant` gives 0 for every phase; `realistic` draws from cloud-like ranges with a
// seeded generator (deterministic for a given seed and call order); overrides pin a phase to a
// fixed duration under either profile. Phases are the TimingPhase enum; their cloud-neutral names
// (known_phases(), in enum order) are what configuration, the control plane and saved state use.
// An unknown phase is an error, never 0 ms: the enum overloads cannot name one, and the by-name
// duration() throws std::invalid_argument for one (callers should pass the enum).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace cloudlife::core {

enum class TimingProfileKind { kInstant, kRealistic };

std::string_view timing_profile_name(TimingProfileKind kind);
std::optional<TimingProfileKind> parse_timing_profile(std::string_view text);

enum class TimingPhase {
  kPending,                   // launch/start: pending -> running
  kStopping,                  // stopping -> stopped
  kStoppingForced,            // StopInstances Force=true
  kShuttingDown,              // shutting-down -> terminated
  kShuttingDownForced,        // Force / SkipOsShutdown
  kRebooting,                 // reboot (state stays running)
  kStatusChecks,              // initializing -> ok after running
  kVolumeCreating,            // creating -> available
  kVolumeAttaching,           // attaching -> attached
  kVolumeDetaching,           // detaching -> detached
  kVolumeDeleting,            // deleting -> gone
  kSnapshotPending,           // EBS snapshot: pending -> completed
  kImagePending,              // AMI: pending -> available
  kMetadataOptionsApplying,   // instance metadata options: pending -> applied
  kVpcCreating,               // Alibaba VPC: Pending -> Available
  kVswitchCreating,           // Alibaba vSwitch: Pending -> Available
  kEniAttaching,              // Alibaba ENI: Attaching -> InUse; EC2 ENI attaching -> attached
  kEniDetaching,              // Alibaba ENI: Detaching -> Available
  kLoadBalancerProvisioning,  // ELBv2 load balancer: provisioning -> active
  kTerminatedVisible,         // how long terminated instances stay listed
  kNatGatewayPending,         // EC2 NAT gateway: pending -> available (or failed)
  kNatGatewayDeleting,        // EC2 NAT gateway: deleting -> deleted
};

std::string_view timing_phase_name(TimingPhase phase);  // "pending", "status-checks" …
std::optional<TimingPhase> parse_timing_phase(std::string_view name);  // nullopt: unknown

struct DurationRange {
  TimeMs min = 0;
  TimeMs max = 0;
};

class Timing {
 public:
  explicit Timing(TimingProfileKind kind = TimingProfileKind::kInstant, std::uint64_t seed = 1);

  TimingProfileKind kind() const { return kind_; }
  void set_kind(TimingProfileKind kind) { kind_ = kind; }

  // Restarts the realistic draws from `seed` (the journal does at reset, so a replay draws the same
  // durations as the run it replays).
  void reseed(std::uint64_t seed) { rng_.seed(seed); }
  // The realistic draws' position (a snapshot keeps it, core/engine_snapshot.h) and putting it
  // back: the durations after restore_position(p) are those that followed when position() gave p.
  const std::mt19937_64& position() const { return rng_; }
  void restore_position(const std::mt19937_64& position) { rng_ = position; }

  // Duration of `phase` now.
  TimeMs duration(TimingPhase phase);
  // The same by name; throws std::invalid_argument for an unknown name (never 0 ms).
  TimeMs duration(std::string_view phase);

  // Pins `phase` to `ms` (>= 0). The by-name form returns false for an unknown phase (user input).
  void set_override(TimingPhase phase, TimeMs ms);
  bool set_override(std::string_view phase, TimeMs ms);
  void clear_overrides() { overrides_.clear(); }
  const std::map<std::string, TimeMs, std::less<>>& overrides() const { return overrides_; }

  // Every phase name with its realistic range, in TimingPhase order.
  static const std::vector<std::pair<std::string, DurationRange>>& known_phases();
  static bool is_known_phase(std::string_view phase);

 private:
  TimingProfileKind kind_;
  std::mt19937_64 rng_;
  std::map<std::string, TimeMs, std::less<>> overrides_;
};

}  // namespace cloudlife::core
