// One instance's place in the shared state machine, with its pending timed transition.
// Contract: move_to() refuses (throws std::logic_error) any move is_legal_transition() forbids, so
// no cloud can invent a transition; begin() enters a transitional state now and schedules the
// settling move `delay` later; a `stuck` lifecycle does not settle until settle_now() (a Force).
// The settle callback re-locates the instance through `locate`, so erasing an instance is safe.
#pragma once

#include <functional>

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

  // Finds the lifecycle again when the event fires (nullptr: the instance is gone).
  using Locator = std::function<Lifecycle*()>;
  // Runs after the settling move, with the virtual time it happened at.
  using OnSettled = std::function<void(TimeMs at)>;

  // Moves to `transitional` at `now`, then to `settled` at now + delay unless stuck.
  void begin(Scheduler& scheduler, TimeMs now, InstanceState transitional, InstanceState settled,
             TimeMs delay, Locator locate, OnSettled on_settled = {});
  // Completes the pending transition at once (Force), even when stuck. No-op if none is pending.
  void settle_now(Scheduler& scheduler, TimeMs now);
  // Drops the pending settle without moving (the instance is being replaced by another move).
  void cancel_pending(Scheduler& scheduler);

 private:
  void settle(TimeMs at);

  // The small members first, together, so that they share one word (a lifecycle is kept per
  // instance).
  InstanceState state_ = InstanceState::kPending;
  InstanceState target_ = InstanceState::kPending;
  bool stuck_ = false;
  TimeMs since_ = 0;
  EventId settle_event_ = 0;
  OnSettled on_settled_;
};

}  // namespace cloudlife::core
