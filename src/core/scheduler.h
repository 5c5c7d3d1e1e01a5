// Timed events on virtual time.
// Contract: run_due(now) fires every event whose due time is <= now, in (due time, scheduling
// order) order, including events that fired events schedule for times <= now. Each action receives
// its own due time, so chained transitions are stamped with the virtual time they happened at. Not
// thread-safe: the Engine's lock guards it. Only the Engine fires events (fire_next/run_due take
// its EngineLock) and hands that token to each action, so an action may reach cloud state. An
// action is `void(const EngineLock&, TimeMs due)`, or `void(TimeMs due)` when it reaches state only
// through what it captured.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "core/engine_lock.h"
#include "core/time.h"

namespace cloudlife::core {

using EventId = std::uint64_t;

class Scheduler {
 public:
  using Action = std::function<void(const EngineLock& held, TimeMs due)>;

  EventId schedule(TimeMs due, Action action);
  // An action that does not need the token.
  template <class F>
  requires(!std::is_invocable_v<F&, const EngineLock&, TimeMs> &&
           std::is_invocable_v<F&, TimeMs>) EventId schedule(TimeMs due, F action) {
    return schedule(
        due, Action([a = std::move(action)](const EngineLock&, TimeMs at) mutable { a(at); }));
  }
  // Returns false when the event already fired or was cancelled.
  bool cancel(EventId id);
  bool is_pending(EventId id) const { return index_.contains(id); }

  // Fires the earliest due event if it is due at or before `limit`; returns its due time.
  std::optional<TimeMs> fire_next(const EngineLock& held, TimeMs limit);
  // Fires everything due at or before `now`; returns how many fired.
  std::size_t run_due(const EngineLock& held, TimeMs now);

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
