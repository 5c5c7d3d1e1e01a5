#include "core/instance_state.h"

namespace cloudlife::core {

std::string_view state_name(InstanceState s) {
  switch (s) {
    case InstanceState::kPending: return "pending";
    case InstanceState::kRunning: return "running";
    case InstanceState::kShuttingDown: return "shutting-down";
    case InstanceState::kTerminated: return "terminated";
    case InstanceState::kStopping: return "stopping";
    case InstanceState::kStopped: return "stopped";
  }
  return "unknown";
}

std::optional<InstanceState> parse_state_name(std::string_view name) {
  for (InstanceState s : {InstanceState::kPending, InstanceState::kRunning,
                          InstanceState::kShuttingDown, InstanceState::kTerminated,
                          InstanceState::kStopping, InstanceState::kStopped}) {
    if (state_name(s) == name) return s;
  }
  return std::nullopt;
}

std::optional<InstanceState> state_from_code(int code) {
  switch (code & 0xff) {
    case 0: return InstanceState::kPending;
    case 16: return InstanceState::kRunning;
    case 32: return InstanceState::kShuttingDown;
    case 48: return InstanceState::kTerminated;
    case 64: return InstanceState::kStopping;
    case 80: return InstanceState::kStopped;
    default: return std::nullopt;
  }
}

bool is_transitional(InstanceState s) {
  return s == InstanceState::kPending || s == InstanceState::kStopping ||
         s == InstanceState::kShuttingDown;
}

bool is_legal_transition(InstanceState from, InstanceState to) {
  using S = InstanceState;
  switch (from) {
    case S::kPending: return to == S::kRunning || to == S::kShuttingDown;
    case S::kRunning: return to == S::kStopping || to == S::kShuttingDown;
    case S::kStopping: return to == S::kStopped || to == S::kShuttingDown;
    case S::kStopped: return to == S::kPending || to == S::kTerminated;
    case S::kShuttingDown: return to == S::kTerminated;
    case S::kTerminated: return false;
  }
  return false;
}

}  // namespace cloudlife::core
