#include "usage/ledger.h"

#include <algorithm>
#include <stdexcept>

namespace cloudlife::usage {

using core::TimeMs;

void Ledger::open(Resource& r, const Observation& o, TimeMs at) {
  if (!r.intervals.empty() && r.intervals.back().end) {
    at = std::max(at, *r.intervals.back().end);  // intervals never overlap
  }
  r.intervals.push_back(Interval{at, std::nullopt, o.sku, o.size_gib, o.paid_until});
}

void Ledger::close(Resource& r, TimeMs at) {
  if (r.intervals.empty() || r.intervals.back().end) return;
  Interval& last = r.intervals.back();
  last.end = std::max(at, last.start);
}

void Ledger::went_away(Resource& r, TimeMs at) {
  close(r, at);
  r.present = false;
  r.gone_at = at;
  r.holder.clear();
  r.leak_since.reset();
  r.leak_reason.clear();
}

void Ledger::see(const Observation& o, TimeMs now) {
  auto [it, inserted] = resources_.try_emplace(o.key.slot());
  Resource& r = it->second;
  if (inserted) {
    r.key = o.key;
    r.first_holder = o.holder;
  }
  if (r.present && seen_in_this_pass(r)) return;  // one observation per pass
  r.rule = o.rule;
  if (r.tags != o.tags) r.tags = o.tags;
  r.present = true;
  r.gone_at.reset();
  r.seen_pass = pass_;
  r.holder = o.holder;
  if (!o.holder.empty()) r.last_holder = o.holder;

  const bool is_open = !r.intervals.empty() && !r.intervals.back().end;
  const TimeMs since = std::min(o.since.value_or(now), now);
  if (o.billable && !is_open) {
    open(r, o, since);
  } else if (!o.billable && is_open) {
    close(r, since);
  } else if (o.billable && is_open) {
    Interval& last = r.intervals.back();
    if (last.sku != o.sku || last.size_gib != o.size_gib) {
      close(r, now);
      open(r, o, now);
    } else {
      last.paid_until = o.paid_until;  // a renewal extends the term
    }
  }

  if (o.leak_reason.empty()) {
    r.leak_since.reset();
    r.leak_reason.clear();
  } else if (!r.leak_since) {
    r.leak_since = now;
    r.leak_reason = o.leak_reason;
  }
}

void Ledger::gone(const void* object, TimeMs now) {
  auto it = remembered_.find(object);
  if (it == remembered_.end()) return;  // never metered (created and erased between passes)
  Remembered& m = it->second;
  for (Resource* r : m.resources) {
    if (r->memo != &m) continue;  // another object reported it since
    r->memo = nullptr;
    if (r->present) went_away(*r, now);
  }
  m.resources.clear();
  m.valid = false;  // the memo stays (other memos may point at it); a new object may reuse it
}

Remembered* Ledger::find_remembered(const void* object) {
  if (last_visited_ && last_visited_->next_visited &&
      last_visited_->next_visited->object == object) {
    return last_visited_->next_visited;
  }
  auto it = remembered_.find(object);
  return it == remembered_.end() ? nullptr : &it->second;
}

bool Ledger::unchanged(const void* object, std::string_view id, std::uint64_t fingerprint) {
  Remembered* found = find_remembered(object);
  if (!found) return false;
  Remembered& m = *found;
  visited(m);
  if (!m.valid || m.fingerprint != keyed(fingerprint, id)) return false;
  m.seen_pass = pass_;
  return true;
}

void Ledger::remember(const void* object, std::string_view id, std::uint64_t fingerprint,
                      std::initializer_list<const ResourceKey*> keys, TimeMs now) {
  Remembered& m = remembered_[object];
  m.object = object;
  visited(m);
  for (Resource* r : m.resources) {
    if (r->memo != &m) continue;
    r->memo = nullptr;
    // Reported before by this object and not in this pass (or by another object): gone.
    if (r->present && r->seen_pass != pass_) went_away(*r, now);
  }
  m.fingerprint = keyed(fingerprint, id);
  m.seen_pass = pass_;  // the see() calls before this counted its resources in this pass
  m.valid = true;
  m.resources.clear();
  for (const ResourceKey* key : keys) {
    auto it = resources_.find(key->slot());
    if (it == resources_.end()) continue;
    Resource& r = it->second;
    if (!r.present || r.seen_pass != pass_) {
      m.valid = false;  // not seen by the meter in this pass: never take the fast path on it
      continue;
    }
    if (r.memo && r.memo != &m) r.memo->valid = false;  // another object reported it before
    r.memo = &m;
    m.resources.push_back(&r);
  }
}

bool Ledger::agrees(const void* object, std::string_view id, std::uint64_t fingerprint) const {
  auto it = remembered_.find(object);
  return it != remembered_.end() && it->second.valid &&
         it->second.fingerprint == keyed(fingerprint, id);
}

std::size_t Ledger::live_objects() const {
  return static_cast<std::size_t>(
      std::count_if(remembered_.begin(), remembered_.end(),
                    [](const auto& entry) { return entry.second.valid; }));
}

void Ledger::restore(Resource resource) {
  resource.seen_pass = 0;
  resource.memo = nullptr;
  std::string slot = resource.key.slot();
  if (!resources_.emplace(slot, std::move(resource)).second) {
    throw std::invalid_argument("usage ledger: resource " + slot + " restored twice");
  }
}

const Resource* Ledger::find(const ResourceKey& key) const {
  auto it = resources_.find(key.slot());
  return it == resources_.end() ? nullptr : &it->second;
}

}  // namespace cloudlife::usage
