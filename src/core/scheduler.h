// Timed events on virtual time.
// Contract: run_due(now) fires every event whose due time is <= now, in (due time, scheduling
// order) order, including events that fired events schedule for times <= now. Each event's handler
// receives its own due time, so chained transitions are stamped with the virtual time they happened
// at. Not thread-safe: the Engine's lock guards it. Only the Engine fires events (fire_next/run_due
// take its EngineLock) and hands that token to each handler, so a handler may reach cloud state.
// Events are data (core/timed_event.h): a model define()s each kind of event it schedules once,
// with the handler that acts on it, and schedules TimedEvents of that kind; so every pending event
// can be listed (pending_events) and put back with the same IDs (restore_pending).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/engine_lock.h"
#include "core/time.h"
#include "core/timed_event.h"

namespace cloudlife::core {

using EventId = std::uint64_t;

struct PendingEvent {
  TimeMs due = 0;
  EventId id = 0;
  TimedEvent event;
};

class Scheduler {
 public:
  using Handler = std::function<void(const EngineLock& held, TimeMs due, const TimedEvent& event)>;

  // Registers a kind of event; the name is unique in the server (std::logic_error otherwise).
  EventKind define(std::string name, Handler handler);
  std::optional<EventKind> kind_named(std::string_view name) const;
  const std::string& kind_name(EventKind kind) const;

  // `event.kind` must be defined (std::logic_error otherwise).
  EventId schedule(TimeMs due, TimedEvent event);

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

  // What a snapshot keeps: the pending events in firing order, and the next ID to hand out.
  std::vector<PendingEvent> pending_events() const;
  EventId next_id() const { return next_id_; }
  // Replaces every pending event (kinds must be defined) and the ID sequence.
  void restore_pending(std::vector<PendingEvent> events, EventId next_id);
  // Adds one pending event with its ID (a snapshot loaded in chunks, after restore_pending() set
  // the ID sequence). std::logic_error when its kind is not defined or its ID is already pending.
  void restore_event(PendingEvent event);

 private:
  struct Kind {
    std::string name;
    Handler handler;
  };
  using Key = std::pair<TimeMs, EventId>;
  const Kind& kind_of(EventKind kind) const;

  std::vector<Kind> kinds_;  // index = EventKind - 1
  std::map<Key, TimedEvent> events_;
  std::unordered_map<EventId, TimeMs> index_;
  EventId next_id_ = 1;
};

}  // namespace cloudlife::core
