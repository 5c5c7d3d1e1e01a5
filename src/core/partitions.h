// State partitioned by account and region.
// Contract: each cloud's model keeps one Partitions<its state>; a partition is created on first use
// and lives (at a stable address) until clear(). Not thread-safe: the Engine's lock guards it.
#pragma once

#include <compare>
#include <map>
#include <memory>
#include <string>

namespace cloudlife::core {

struct PartitionKey {
  std::string account;
  std::string region;
  auto operator<=>(const PartitionKey&) const = default;
};

template <class State>
class Partitions {
 public:
  State& get(const PartitionKey& key) {
    auto& slot = parts_[key];
    if (!slot) slot = std::make_unique<State>(key);
    return *slot;
  }
  State* find(const PartitionKey& key) {
    auto it = parts_.find(key);
    return it == parts_.end() ? nullptr : it->second.get();
  }
  template <class F>
  void for_each(F&& f) {
    for (auto& [key, state] : parts_) f(key, *state);
  }
  void clear() { parts_.clear(); }

 private:
  std::map<PartitionKey, std::unique_ptr<State>> parts_;
};

}  // namespace cloudlife::core
