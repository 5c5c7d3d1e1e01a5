#include "core/lifecycle.h"

#include <stdexcept>
#include <string>
#include <utility>

namespace cloudlife::core {

void Lifecycle::move_to(Scheduler& scheduler, InstanceState next, TimeMs at) {
  if (!is_legal_transition(state_, next)) {
    throw std::logic_error("illegal instance transition " + std::string(state_name(state_)) +
                           " -> " + std::string(state_name(next)));
  }
  cancel_pending(scheduler);
  state_ = next;
  since_ = at;
}

void Lifecycle::begin(Scheduler& scheduler, TimeMs now, InstanceState transitional,
                      InstanceState settled, TimeMs delay, TimedEvent settle_event) {
  if (!is_legal_transition(transitional, settled)) {
    throw std::logic_error("transition cannot settle " + std::string(state_name(transitional)) +
                           " -> " + std::string(state_name(settled)));
  }
  if (state_ != transitional) move_to(scheduler, transitional, now);
  cancel_pending(scheduler);
  target_ = settled;
  if (stuck_) return;  // settles only through settle_now()
  settle_event_ = scheduler.schedule(now + (delay < 0 ? 0 : delay), std::move(settle_event));
}

void Lifecycle::settle_on_event(TimeMs due) {
  settle_event_ = 0;
  settle(due);
}

bool Lifecycle::settle_now(Scheduler& scheduler, TimeMs now) {
  if (!is_transitional(state_) || !is_legal_transition(state_, target_)) return false;
  cancel_pending(scheduler);
  settle(now);
  return true;
}

void Lifecycle::cancel_pending(Scheduler& scheduler) {
  if (settle_event_ != 0) scheduler.cancel(settle_event_);
  settle_event_ = 0;
}

void Lifecycle::settle(TimeMs at) {
  state_ = target_;
  since_ = at;
  stuck_ = false;
}

}  // namespace cloudlife::core
