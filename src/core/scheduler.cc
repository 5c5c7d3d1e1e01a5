#include "core/scheduler.h"

#include <stdexcept>

namespace cloudlife::core {

EventKind Scheduler::define(std::string name, Handler handler) {
  if (kind_named(name)) throw std::logic_error("event kind defined twice: " + name);
  kinds_.push_back(Kind{std::move(name), std::move(handler)});
  return EventKind(static_cast<std::uint16_t>(kinds_.size()));
}

std::optional<EventKind> Scheduler::kind_named(std::string_view name) const {
  for (std::size_t i = 0; i < kinds_.size(); ++i) {
    if (kinds_[i].name == name) return EventKind(static_cast<std::uint16_t>(i + 1));
  }
  return std::nullopt;
}

const Scheduler::Kind& Scheduler::kind_of(EventKind kind) const {
  if (kind.index == 0 || kind.index > kinds_.size()) {
    throw std::logic_error("event kind " + std::to_string(kind.index) + " is not defined");
  }
  return kinds_[kind.index - 1];
}

const std::string& Scheduler::kind_name(EventKind kind) const {
  return kind_of(kind).name;
}

EventId Scheduler::schedule(TimeMs due, TimedEvent event) {
  (void)kind_of(event.kind);
  const EventId id = next_id_++;
  events_.emplace(Key{due, id}, std::move(event));
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
  const EventId id = it->first.second;
  const TimedEvent event = std::move(it->second);
  index_.erase(id);
  events_.erase(it);
  kind_of(event.kind).handler(held, due, event);
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

std::vector<PendingEvent> Scheduler::pending_events() const {
  std::vector<PendingEvent> out;
  out.reserve(events_.size());
  for (const auto& [key, event] : events_)
    out.push_back(PendingEvent{key.first, key.second, event});
  return out;
}

void Scheduler::restore_pending(std::vector<PendingEvent> events, EventId next_id) {
  for (const PendingEvent& e : events) (void)kind_of(e.event.kind);
  clear();
  for (PendingEvent& e : events) {
    index_.emplace(e.id, e.due);
    events_.emplace(Key{e.due, e.id}, std::move(e.event));
  }
  next_id_ = next_id;
}

void Scheduler::restore_event(PendingEvent event) {
  (void)kind_of(event.event.kind);
  if (!index_.emplace(event.id, event.due).second) {
    throw std::logic_error("event " + std::to_string(event.id) + " is already pending");
  }
  events_.emplace(Key{event.due, event.id}, std::move(event.event));
}

}  // namespace cloudlife::core
