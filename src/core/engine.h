// The engine: one lock around all state, the virtual clock, the scheduler and the timing profile.
// Contract: every read or change of cloud state runs inside transact(), which first fires every
// event due at the current virtual time, so no request ever observes a transition that should
// already have happened. advance() moves the clock and fires due events in time order, each at its
// own due time. Decoding and encoding happen outside transact(); keep the critical section small.
// Observers (add_observer) run under the lock after every transact() body that may have changed
// state (not inside a ReadOnlyScope) and after the last event fired at each virtual time, with that
// time: a reader of state (usage metering) sees every change at the time it happened.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/scheduler.h"
#include "core/timing.h"

namespace cloudlife::core {

struct EngineOptions {
  ClockMode clock_mode = ClockMode::kReal;
  TimingProfileKind timing = TimingProfileKind::kInstant;
  std::uint64_t timing_seed = 1;
  VirtualClock::WallSource wall = wall_clock_now;
};

class Engine {
 public:
  explicit Engine(const EngineOptions& options = {});
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Runs f(now) under the lock after firing due events. f may throw; the lock is released.
  template <class F>
  decltype(auto) transact(F&& f) {
    std::lock_guard<std::mutex> lock(mutex_);
    catch_up_locked();
    const TimeMs now = clock_.now();
    note_transact_now(now);
    const ObserveOnExit observe{*this, now, !t_read_only};
    return std::forward<F>(f)(now);
  }

  // Declares that this thread's transact() bodies only read (a Describe* call): observers skip
  // them. Events that fall due meanwhile are still observed.
  class ReadOnlyScope {
   public:
    explicit ReadOnlyScope(bool read_only) : previous_(t_read_only) { t_read_only = read_only; }
    ~ReadOnlyScope() { t_read_only = previous_; }
    ReadOnlyScope(const ReadOnlyScope&) = delete;
    ReadOnlyScope& operator=(const ReadOnlyScope&) = delete;

   private:
    bool previous_;
  };

  // Runs `observer(at)` under the lock after every transact() body (even one that threw: models
  // change nothing then) and after every fired event. Observers must not throw. Register before
  // serving; the list is not guarded.
  using Observer = std::function<void(TimeMs at)>;
  void add_observer(Observer observer) { observers_.push_back(std::move(observer)); }

  // The virtual time of this thread's latest transact() (the journal records it with the request,
  // so a replay applies the request at the very same virtual time).
  static TimeMs last_transact_now();

  // Moves virtual time forward by `delta` ms, firing due events in order. Returns the new now.
  TimeMs advance(TimeMs delta);
  // Clears pending events and puts the clock back on wall time (mode and timing stay).
  // Callers clear the cloud models in the same breath, under lock(), through reset_with().
  template <class F>
  void reset_with(F&& clear_models) {
    std::lock_guard<std::mutex> lock(mutex_);
    scheduler_.clear();
    clock_.reset_to_wall();
    std::forward<F>(clear_models)();
  }

  // Accessors for use inside transact() (or by single-threaded tests).
  VirtualClock& clock() { return clock_; }
  Scheduler& scheduler() { return scheduler_; }
  Timing& timing() { return timing_; }

  // Runs f() under the lock without firing events (control-plane reads of the clock itself).
  template <class F>
  decltype(auto) with_lock(F&& f) {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::forward<F>(f)();
  }

 private:
  void catch_up_locked();
  static void note_transact_now(TimeMs now);
  void observe_locked(TimeMs at) noexcept;
  // Fires everything due at or before `limit`, observing after the last event of each due time.
  void fire_due_observed(TimeMs limit);
  struct ObserveOnExit {
    Engine& engine;
    TimeMs at;
    bool active;
    ~ObserveOnExit() {
      if (active) engine.observe_locked(at);
    }
  };
  static thread_local bool t_read_only;

  std::mutex mutex_;
  VirtualClock clock_;
  Scheduler scheduler_;
  Timing timing_;
  std::vector<Observer> observers_;
};

}  // namespace cloudlife::core
