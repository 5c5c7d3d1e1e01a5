// The scaling activities of one Auto Scaling partition, oldest first, found by ID in one lookup.
// Contract: add() appends an activity and forgets the oldest beyond `capacity` (AWS keeps six
// weeks of them; the emulator bounds memory instead); find() returns the activity with that ID
// or nullptr, without scanning; references and pointers to an activity stay valid until it is
// forgotten. Iteration (forward or reverse) goes from the oldest to the newest. Not thread-safe:
// the engine's lock guards it, like the rest of the partition.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/time.h"

namespace cloudlife::autoscaling {

// One scaling activity (DescribeScalingActivities).
struct Activity {
  std::string id;
  std::string group;
  std::string group_arn;
  std::string description;
  std::string cause;
  std::string details;
  core::TimeMs start = 0;
  std::optional<core::TimeMs> end;
  std::string status = "InProgress";
  std::string status_message;
  int progress = 0;
};

class ActivityLog {
 public:
  explicit ActivityLog(std::size_t capacity = 5000) : capacity_(capacity) {}

  Activity& add(Activity a);
  Activity* find(const std::string& id);

  std::size_t size() const { return activities_.size(); }
  bool empty() const { return activities_.empty(); }
  Activity& back() { return activities_.back(); }
  auto begin() { return activities_.begin(); }
  auto end() { return activities_.end(); }
  auto begin() const { return activities_.begin(); }
  auto end() const { return activities_.end(); }
  auto rbegin() { return activities_.rbegin(); }
  auto rend() { return activities_.rend(); }
  auto rbegin() const { return activities_.rbegin(); }
  auto rend() const { return activities_.rend(); }

  // Snapshots reach the private members (scripts/gen_state_reflection.py).
  template <class V>
  friend void reflect(V& v, ActivityLog& x);

 private:
  std::size_t capacity_;
  std::deque<Activity> activities_;
  std::uint64_t forgotten_ = 0;                         // activities dropped from the front
  std::unordered_map<std::string, std::uint64_t> seq_;  // ID -> forgotten_ + index when added
};

}  // namespace cloudlife::autoscaling
