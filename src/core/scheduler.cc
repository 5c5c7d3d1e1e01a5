#include "core/scheduler.h"

namespace cloudlife::core {

EventId Scheduler::schedule(TimeMs due, Action action) {
  const EventId id = next_id_++;
  events_.emplace(Key{due, id}, std::move(action));
  index_.emplace(id, due);
  return id;
}

bool Scheduler::cancel(EventId id) {
  auto it = index_.find(id);
  if (it == index_.end()) return false;
  events_.erase(Key{it->second, id});
  index_.erase(it);
  return true;
}

std::optional<TimeMs> Scheduler::fire_next(const EngineLock& held, TimeMs limit) {
  if (events_.empty()) return std::nullopt;
  auto it = events_.begin();
  if (it->first.first > limit) return std::nullopt;
  const TimeMs due = it->first.first;
  Action action = std::move(it->second);
  index_.erase(it->first.second);
  events_.erase(it);
  action(held, due);
  return due;
}

std::size_t Scheduler::run_due(const EngineLock& held, TimeMs now) {
  std::size_t fired = 0;
  while (fire_next(held, now)) ++fired;
  return fired;
}

std::optional<TimeMs> Scheduler::next_due() const {
  if (events_.empty()) return std::nullopt;
  return events_.begin()->first.first;
}

void Scheduler::clear() {
  events_.clear();
  index_.clear();
}

}  // namespace cloudlife::core
