// State partitioned by account and region.
// Contract: each cloud's model keeps one Partitions<its state>; a partition is created on first use
// and lives (at a stable address) until clear(). Not thread-safe: the Engine's lock guards it, and
// the compiler enforces that: every door (get, find, for_each, clear) takes a LockProof, made from
// the EngineLock only the Engine makes while it holds its lock or from a partition already obtained
// with it (core/engine_lock.h), so reaching a partition outside transact()/with_lock()/reset_with()
// or an event does not compile. State is constructed as State(held, key) (it derives from
// core::LockedState).
#pragma once

#include <compare>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "core/engine_lock.h"

namespace cloudlife::core {

struct PartitionKey {
  std::string account;
  std::string region;
  auto operator<=>(const PartitionKey&) const = default;
};

template <class State>
class Partitions {
 public:
  State& get(LockProof held, const PartitionKey& key) {
    auto& slot = parts_[key];
    if (!slot) slot = std::make_unique<State>(held, key);
    return *slot;
  }
  State* find(LockProof /*held*/, const PartitionKey& key) {
    auto it = parts_.find(key);
    return it == parts_.end() ? nullptr : it->second.get();
  }
  const State* find(LockProof /*held*/, const PartitionKey& key) const {
    auto it = parts_.find(key);
    return it == parts_.end() ? nullptr : it->second.get();
  }
  template <class F>
  void for_each(LockProof /*held*/, F&& f) {
    for (auto& [key, state] : parts_) f(key, *state);
  }
  template <class F>
  void for_each(LockProof /*held*/, F&& f) const {
    for (const auto& [key, state] : parts_) f(key, std::as_const(*state));
  }
  void clear(LockProof /*held*/) { parts_.clear(); }

 private:
  std::map<PartitionKey, std::unique_ptr<State>> parts_;
};

}  // namespace cloudlife::core
