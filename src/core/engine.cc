#include "core/engine.h"

namespace cloudlife::core {

Engine::Engine(const EngineOptions& options)
    : clock_(options.clock_mode, options.wall), timing_(options.timing, options.timing_seed) {}

namespace {
thread_local TimeMs t_last_transact_now = 0;
}  // namespace

void Engine::note_transact_now(TimeMs now) {
  t_last_transact_now = now;
}

TimeMs Engine::last_transact_now() {
  return t_last_transact_now;
}

void Engine::observe_locked(LockProof held, TimeMs at) noexcept {
  for (const Observer& observer : observers_) {
    try {
      observer(held, at);
    } catch (...) {
      // An observer only reads state; its failure must not undo or block the change it watched.
    }
  }
}

thread_local bool Engine::t_read_only = false;

void Engine::observe_pending(LockProof held) {
  if (!pending_observation_) return;
  const TimeMs at = *pending_observation_;
  pending_observation_.reset();
  observe_locked(held, at);
}

void Engine::fire_due_observed(const EngineLock& held, TimeMs limit) {
  while (auto due = scheduler_.next_due()) {
    if (*due > limit) break;
    flush_observation_before(held, *due);
    scheduler_.fire_next(held, *due);
    owe_observation(*due);
  }
}

void Engine::catch_up_locked(const EngineLock& held) {
  const TimeMs now = clock_.now();
  if (observers_.empty()) {
    scheduler_.run_due(held, now);
    return;
  }
  fire_due_observed(held, now);
}

TimeMs Engine::advance(TimeMs delta) {
  std::lock_guard<std::mutex> lock(mutex_);
  const EngineLock held;
  const IdScope ids(ids_);
  catch_up_locked(held);
  const TimeMs target = clock_.now() + (delta > 0 ? delta : 0);
  // Step the clock to each due event so actions that read the clock see their own time.
  while (auto due = scheduler_.next_due()) {
    if (*due > target) break;
    clock_.set_to(*due);
    fire_due_observed(held, *due);
  }
  clock_.set_to(target);
  catch_up_locked(held);
  return clock_.now();
}

}  // namespace cloudlife::core
