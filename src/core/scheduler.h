// Timed events on virtual time.
// Contract: run_due(now) fires every event whose due time is <= now, in (due time, scheduling order)
// order, including events that fired events schedule for times <= now. Each action receives its
// own due time, so chained transitions are stamped with the virtual time they happened at.
// Not thread-safe: the Engine's lock guards it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>

#include "core/time.h"

namespace cloudlife::core {

using EventId = std::uint64_t;

class Scheduler {
 public:
  using Action = std::function<void(TimeMs due)>;

  EventId schedule(TimeMs due, Action action);
  // Returns false when the event already fired or was cancelled.
  bool cancel(EventId id);
  bool is_pending(EventId id) const { return index_.contains(id); }

  // Fires the earliest due event if it is due at or before `limit`; returns its due time.
  std::optional<TimeMs> fire_next(TimeMs limit);
  // Fires everything due at or before `now`; returns how many fired.
  std::size_t run_due(TimeMs now);

  std::optional<TimeMs> next_due() const;
  std::size_t pending() const { return events_.size(); }
  void clear();

 private:
  using Key = std::pair<TimeMs, EventId>;
  std::map<Key, Action> events_;
  std::unordered_map<EventId, TimeMs> index_;
  EventId next_id_ = 1;
};

}  // namespace cloudlife::core
