// One instance's place in the shared state machine, with its pending timed transition.
// Contract: move_to() refuses (throws std::logic_error) any move is_legal_transition() forbids, so
// no cloud can invent a transition; begin() enters a transitional state now and schedules the
// settling move `delay` later; a `stuck` lifecycle does not settle until settle_now() (a Force).
// The settle is a TimedEvent (data): its handler finds the instance again, so erasing one is safe.
#pragma once

#include "core/instance_state.h"
#include "core/scheduler.h"
#include "core/time.h"

namespace cloudlife::core {

class Lifecycle {
 public:
  Lifecycle() = default;
  Lifecycle(InstanceState initial, TimeMs at) : state_(initial), since_(at) {}

  InstanceState state() const { return state_; }
  TimeMs since() const { return since_; }
  bool settling() const { return settle_event_ != 0; }
  bool stuck() const { return stuck_; }
  void set_stuck(bool stuck) { stuck_ = stuck; }

  // Immediate move (throws std::logic_error when illegal). Cancels a pending settle.
  void move_to(Scheduler& scheduler, InstanceState next, TimeMs at);

  // Moves to `transitional` at `now` and, unless stuck, schedules `settle_event` at now + delay:
  // its kind's handler finds the lifecycle again (by the event's partition and subject; the
  // instance may be gone), calls settle_on_event(due), then runs what follows the settled state.
  void begin(Scheduler& scheduler, TimeMs now, InstanceState transitional, InstanceState settled,
             TimeMs delay, TimedEvent settle_event);
  // For the settle event's handler: completes the pending move at `due`.
  void settle_on_event(TimeMs due);
  // Completes the pending transition at once (Force), even when stuck. Returns false, changing
  // nothing, when none is pending; the caller then runs what follows the settled state.
  bool settle_now(Scheduler& scheduler, TimeMs now);
  InstanceState target() const { return target_; }
  EventId settle_event() const { return settle_event_; }

  // Drops the pending settle without moving (the instance is being replaced by another move).
  void cancel_pending(Scheduler& scheduler);

  // Snapshots reach the private members (scripts/gen_state_reflection.py).
  template <class V>
  friend void reflect(V& v, Lifecycle& x);

 private:
  void settle(TimeMs at);

  // The small members first, together, so that they share one word (a lifecycle is kept per
  // instance).
  InstanceState state_ = InstanceState::kPending;
  InstanceState target_ = InstanceState::kPending;
  bool stuck_ = false;
  TimeMs since_ = 0;
  EventId settle_event_ = 0;
};

}  // namespace cloudlife::core
