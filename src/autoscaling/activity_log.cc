// The scaling activities of one partition (activity_log.h).
#include "autoscaling/activity_log.h"

#include <utility>

namespace cloudlife::autoscaling {

Activity& ActivityLog::add(Activity a) {
  seq_[a.id] = forgotten_ + activities_.size();
  activities_.push_back(std::move(a));
  while (activities_.size() > capacity_) {
    seq_.erase(activities_.front().id);
    activities_.pop_front();
    ++forgotten_;
  }
  return activities_.back();
}

Activity* ActivityLog::find(const std::string& id) {
  auto it = seq_.find(id);
  if (it == seq_.end()) return nullptr;
  return &activities_[it->second - forgotten_];
}

}  // namespace cloudlife::autoscaling
