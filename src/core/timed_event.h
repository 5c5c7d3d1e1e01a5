// A scheduled event as data, so that pending events can be written down and made again.
// Contract: `kind` is what Scheduler::define() returned for a name unique in the server (the name
// is what a snapshot keeps); `part` is the account and region whose state the event acts on
// (empty for none), `subject` the resource it acts on (an ID, or "" for none) and `args` any
// further kind-specific arguments, as text. The handler registered for the kind reads them when
// the event fires; nothing else travels with the event (no pointers, no closures).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/partitions.h"

namespace cloudlife::core {

// A defined kind's number (0: none). Its own type, not a plain number, so that no snapshot codec
// knows it: the numbers are handed out by the constructors of each run, and a model member holding
// one must be left out of snapshots (a compile error otherwise, core/state_archive.h).
struct EventKind {
  constexpr EventKind(std::uint16_t number = 0) noexcept : index(number) {}  // NOLINT: implicit
  std::uint16_t index;
  friend constexpr bool operator==(EventKind a, EventKind b) noexcept = default;
};

struct TimedEvent {
  EventKind kind = 0;
  PartitionKey part;
  std::string subject;
  std::vector<std::string> args;

  // The i-th argument, or "" when the event has fewer.
  const std::string& arg(std::size_t i) const {
    static const std::string none;
    return i < args.size() ? args[i] : none;
  }
};

}  // namespace cloudlife::core
