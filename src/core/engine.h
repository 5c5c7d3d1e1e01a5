// The engine: one lock around all state, the virtual clock, the scheduler and the timing profile.
// Contract: every read or change of cloud state runs inside transact(), which first fires every
// event due at the current virtual time, so no request ever observes a transition that should
// already have happened. The compiler checks the lock half of this: while it holds its mutex the
// engine makes an EngineLock (core/engine_lock.h) and hands it to the body (transact: f(held, now),
// with_lock: f(held), reset_with: f(held), every fired event: action(held, due)); every door to
// cloud state (Partitions, the models' partition()/for_each_partition()/clear(), clock(), ids())
// takes a LockProof, made from that token or from a partition obtained with it, and nothing but
// the engine can make the token. advance() moves the clock and fires due events in time order, each
// at its own due time. Decoding and encoding happen outside transact(); keep the critical section
// small. The engine owns its state-ID sequence (ids()): every body run under its lock draws
// resource IDs from it (core/ids.h), never from another engine's.
// Observers (add_observer) see the state after every change, stamped with the virtual time of the
// change: a transact() body that may have changed state (not inside a ReadOnlyScope) or an event.
// Changes at the same virtual time are observed once, lazily: the pass runs before anything changes
// at a later time, or when a reader asks for it (observe_pending()).
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/engine_lock.h"
#include "core/ids.h"
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

  // Runs f(held, now) under the lock after firing due events; `held` is the EngineLock every door
  // to cloud state requires. A body that reaches no state may be f(now). f may throw; the lock is
  // released.
  template <class F>
  decltype(auto) transact(F&& f) {
    std::lock_guard<std::mutex> lock(mutex_);
    const EngineLock held;
    const IdScope ids(ids_);
    catch_up_locked(held);
    const TimeMs now = clock_.now();
    note_transact_now(now);
    flush_observation_before(held, now);
    const ObserveOnExit observe{*this, now, !t_read_only};
    if constexpr (std::is_invocable_v<F&&, const EngineLock&, TimeMs>) {
      return std::forward<F>(f)(held, now);
    } else {
      return std::forward<F>(f)(now);
    }
  }

  // Runs the observation pass owed for changes not yet observed (inside transact(): a reader of
  // what observers record calls this first).
  void observe_pending(LockProof held);

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

  // Registers `observer(held, at)` (or `observer(at)`), run under the lock as described above (a
  // transact() body that threw changed nothing, so observing it is harmless). Observers must not
  // throw. Register before serving; the list is not guarded.
  using Observer = std::function<void(LockProof held, TimeMs at)>;
  void add_observer(Observer observer) { observers_.push_back(std::move(observer)); }
  // An observer that does not need the proof.
  template <class F>
  requires(!std::is_invocable_v<F&, LockProof, TimeMs> &&
           std::is_invocable_v<F&, TimeMs>) void add_observer(F observer) {
    add_observer(Observer([o = std::move(observer)](LockProof, TimeMs at) mutable { o(at); }));
  }

  // The virtual time of this thread's latest transact() (the journal records it with the request,
  // so a replay applies the request at the very same virtual time).
  static TimeMs last_transact_now();

  // Moves virtual time forward by `delta` ms, firing due events in order. Returns the new now.
  TimeMs advance(TimeMs delta);
  // Clears pending events and puts the clock back on wall time (mode and timing stay).
  // Callers clear the cloud models in the same breath, under the lock: clear_models(held).
  template <class F>
  void reset_with(F&& clear_models) {
    std::lock_guard<std::mutex> lock(mutex_);
    const EngineLock held;
    const IdScope ids(ids_);
    scheduler_.clear();
    clock_.reset_to_wall();
    pending_observation_.reset();
    std::forward<F>(clear_models)(held);
  }

  // The virtual clock and this engine's state-ID sequence (reseeded by a reset and by a journal
  // restore): only with the lock held.
  VirtualClock& clock(const EngineLock& /*held*/) { return clock_; }
  IdGenerator& ids(const EngineLock& /*held*/) { return ids_; }
  // The scheduler and the timing profile, for the models' methods (which run inside transact() or
  // an event but are handed their partition, not the token) and single-threaded tests. Not checked
  // by the compiler: the models reach them only from methods that take a partition, which only a
  // token holder can obtain.
  Scheduler& scheduler() { return scheduler_; }
  Timing& timing() { return timing_; }
  // The virtual time whose changes are not yet observed (nullopt: none), for snapshots
  // (core/engine_snapshot.h): only with the lock held.
  std::optional<TimeMs> owed_observation(const EngineLock& /*held*/) const {
    return pending_observation_;
  }
  void restore_owed_observation(const EngineLock& /*held*/, std::optional<TimeMs> at) {
    pending_observation_ = at;
  }

  // Runs f(held) under the lock without firing events (control-plane reads of the clock itself,
  // persistence); a body that reaches no state may be f().
  template <class F>
  decltype(auto) with_lock(F&& f) {
    std::lock_guard<std::mutex> lock(mutex_);
    const EngineLock held;
    const IdScope ids(ids_);
    if constexpr (std::is_invocable_v<F&&, const EngineLock&>) {
      return std::forward<F>(f)(held);
    } else {
      return std::forward<F>(f)();
    }
  }

 private:
  void catch_up_locked(const EngineLock& held);
  static void note_transact_now(TimeMs now);
  void observe_locked(LockProof held, TimeMs at) noexcept;
  // Observes changes owed at an earlier time than `t` before anything changes at `t`.
  void flush_observation_before(LockProof held, TimeMs t) {
    if (pending_observation_ && *pending_observation_ != t) observe_pending(held);
  }
  void owe_observation(TimeMs at) {
    if (!observers_.empty()) pending_observation_ = at;
  }
  // Fires everything due at or before `limit`, observing after the last event of each due time.
  void fire_due_observed(const EngineLock& held, TimeMs limit);
  struct ObserveOnExit {
    Engine& engine;
    TimeMs at;
    bool active;
    ~ObserveOnExit() {
      if (active) engine.owe_observation(at);
    }
  };
  static thread_local bool t_read_only;

  std::mutex mutex_;
  IdGenerator ids_;
  VirtualClock clock_;
  Scheduler scheduler_;
  Timing timing_;
  std::vector<Observer> observers_;
  std::optional<TimeMs> pending_observation_;  // changes at this time are not yet observed
};

}  // namespace cloudlife::core
