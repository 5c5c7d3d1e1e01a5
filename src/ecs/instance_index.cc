#include "ecs/instance_index.h"

#include <algorithm>
#include <unordered_set>

namespace cloudlife::ecs {
namespace {

bool launched_before(const InstanceRecord* a, const InstanceRecord* b) {
  return a->seq < b->seq;
}

// Takes `r` out of the launch-ordered list `list`.
void erase_from_launch_order(InstanceIndex::List& list, const InstanceRecord& r) {
  const auto it = std::lower_bound(list.begin(), list.end(), &r, launched_before);
  if (it != list.end() && *it == &r) list.erase(it);
}

// Adds `added` (any order) to the launch-ordered list `list` in one merge.
void merge_into_launch_order(InstanceIndex::List& list, InstanceIndex::List added) {
  std::sort(added.begin(), added.end(), launched_before);
  const auto middle = static_cast<std::ptrdiff_t>(list.size());
  list.insert(list.end(), added.begin(), added.end());
  std::inplace_merge(list.begin(), list.begin() + middle, list.end(), launched_before);
}

const InstanceIndex::List kNoInstances;

std::string zone_status_key(std::string_view zone_id, std::string_view status) {
  std::string key(zone_id);
  key += '/';
  key += status;
  return key;
}

const InstanceIndex::List& list_or_none(
    const std::map<std::string, InstanceIndex::List, std::less<>>& lists, std::string_view key) {
  const auto it = lists.find(key);
  return it == lists.end() ? kNoInstances : it->second;
}

// Takes the `leaving` instances out of their lists and merges the `arriving` ones in.
void apply_moves(std::map<std::string, InstanceIndex::List, std::less<>>& lists,
                 const std::map<std::string, std::unordered_set<const InstanceRecord*>>& leaving,
                 std::map<std::string, InstanceIndex::List>& arriving) {
  for (const auto& entry : leaving) {  // not a structured binding: clang 14 cannot capture one
    const std::unordered_set<const InstanceRecord*>& gone = entry.second;
    std::erase_if(lists[entry.first],
                  [&gone](const InstanceRecord* r) { return gone.contains(r); });
  }
  for (auto& [key, added] : arriving) merge_into_launch_order(lists[key], std::move(added));
}

}  // namespace

void InstanceIndex::add(const InstanceRecord& r, const std::string& status) {
  // Sequence numbers only grow: appending keeps every list in launch order.
  by_zone_[r.data.zone_id].push_back(&r);
  by_status_[status].push_back(&r);
  by_zone_status_[zone_status_key(r.data.zone_id, status)].push_back(&r);
  entries_[&r] = Entry{status, true};
  unsettled_.push_back(&r);
}

void InstanceIndex::remove(const InstanceRecord& r) {
  const auto it = entries_.find(&r);
  if (it == entries_.end()) return;
  erase_from_launch_order(by_zone_[r.data.zone_id], r);
  erase_from_launch_order(by_status_[it->second.status], r);
  erase_from_launch_order(by_zone_status_[zone_status_key(r.data.zone_id, it->second.status)], r);
  if (it->second.unsettled) std::erase(unsettled_, &r);
  entries_.erase(it);
}

void InstanceIndex::touch(const InstanceRecord& r) {
  const auto it = entries_.find(&r);
  if (it == entries_.end() || it->second.unsettled) return;
  it->second.unsettled = true;
  unsettled_.push_back(&r);
}

void InstanceIndex::refresh(const std::function<std::string(const InstanceRecord&)>& status_at,
                            const std::function<bool(const InstanceRecord&)>& settled) {
  // Moves are gathered per list ("status" or "zone/status") and applied in one pass each.
  std::map<std::string, std::unordered_set<const InstanceRecord*>> leaving;
  std::map<std::string, List> arriving;
  std::map<std::string, std::unordered_set<const InstanceRecord*>> leaving_zone;
  std::map<std::string, List> arriving_zone;
  std::vector<const InstanceRecord*> still;
  for (const InstanceRecord* r : unsettled_) {
    Entry& e = entries_[r];
    std::string now = status_at(*r);
    if (now != e.status) {
      leaving[e.status].insert(r);
      arriving[now].push_back(r);
      leaving_zone[zone_status_key(r->data.zone_id, e.status)].insert(r);
      arriving_zone[zone_status_key(r->data.zone_id, now)].push_back(r);
      e.status = std::move(now);
    }
    if (settled(*r)) {
      e.unsettled = false;
    } else {
      still.push_back(r);
    }
  }
  unsettled_ = std::move(still);
  apply_moves(by_status_, leaving, arriving);
  apply_moves(by_zone_status_, leaving_zone, arriving_zone);
}

const InstanceIndex::List& InstanceIndex::zone(std::string_view zone_id) const {
  return list_or_none(by_zone_, zone_id);
}

const InstanceIndex::List& InstanceIndex::status(std::string_view status) const {
  return list_or_none(by_status_, status);
}

const InstanceIndex::List& InstanceIndex::zone_status(std::string_view zone_id,
                                                      std::string_view status) const {
  return list_or_none(by_zone_status_, zone_status_key(zone_id, status));
}

}  // namespace cloudlife::ecs
