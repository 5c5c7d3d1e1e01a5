// The one instance state machine shared by every cloud.
// Contract: six states with the EC2 codes 0/16/32/48/64/80 (low byte only); is_legal_transition()
// is the single source of truth for which moves exist. Clouds map these to their own names.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace cloudlife::core {

enum class InstanceState : std::uint8_t {
  kPending = 0,
  kRunning = 16,
  kShuttingDown = 32,
  kTerminated = 48,
  kStopping = 64,
  kStopped = 80,
};

constexpr int state_code(InstanceState s) { return static_cast<int>(s); }
std::string_view state_name(InstanceState s);  // EC2 spelling: "shutting-down", …
std::optional<InstanceState> parse_state_name(std::string_view name);
std::optional<InstanceState> state_from_code(int code);  // masks the high byte

// Transitional states settle on their own (pending, stopping, shutting-down).
bool is_transitional(InstanceState s);

// The moves of the machine:
//   pending -> running | shutting-down            stopped -> pending | terminated
//   running -> stopping | shutting-down            stopping -> stopped | shutting-down
//   shutting-down -> terminated
bool is_legal_transition(InstanceState from, InstanceState to);

}  // namespace cloudlife::core
