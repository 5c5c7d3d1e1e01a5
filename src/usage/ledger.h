// The usage ledger: every billable resource's billable intervals in virtual time, and its leaks.
// Contract: cloud-neutral. A metering pass calls begin_pass(), then, for each model object that may
// have changed since the last pass, its meter's see() calls (or unchanged(), see below), and for
// each model object that went away, gone(object, now): the resources it reported close at `now`.
// Objects a pass does not mention keep what the ledger knows of them. see() opens an interval when
// a resource starts billing and closes it when it stops, at the observation's `since` (the time
// its current state began) or `now`; a change of SKU or size closes the interval and opens the
// next at `now`. A leak (something that still accrues cost that nothing uses) keeps the reason and
// time it was first seen. Passes run after every change (core::Engine observers), so `now` is the
// time of the change. Records are kept until clear(), so a deleted resource's usage stays
// reportable. Not thread-safe: the engine's lock guards it.
#pragma once

#include <compare>
#include <cstdint>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/time.h"
#include "usage/billing_rules.h"

namespace cloudlife::usage {

struct ResourceKey {
  std::string cloud;  // "ec2" | "ecs"
  std::string account;
  std::string region;
  std::string type;  // instance | volume | public-ipv4 | disk | eip | snapshot | subscription
  std::string id;
  auto operator<=>(const ResourceKey&) const = default;
  // cloud/type/id: IDs are unique per cloud and type, whatever the partition.
  std::string slot() const { return cloud + '/' + type + '/' + id; }
};

struct Interval {
  core::TimeMs start = 0;
  std::optional<core::TimeMs> end;         // empty while open
  std::string sku;                         // instance type, volume type, disk category, ""
  double size_gib = 0;                     // storage only
  std::optional<core::TimeMs> paid_until;  // subscriptions only
};

using Tags = std::vector<std::pair<std::string, std::string>>;

// What a metering pass saw of one resource.
struct Observation {
  ResourceKey key;
  Rule rule = Rule::kPerSecond;
  bool billable = false;
  std::optional<core::TimeMs> since;  // when the current billing state began (default: now)
  std::string sku;
  double size_gib = 0;
  std::optional<core::TimeMs> paid_until;
  Tags tags;
  std::string holder;       // the instance it is attached/associated to, "" when none
  std::string leak_reason;  // non-empty: it accrues cost and nothing uses it
};

struct Remembered;

struct Resource {
  ResourceKey key;
  Rule rule = Rule::kPerSecond;
  Tags tags;
  std::vector<Interval> intervals;
  bool present = false;
  std::optional<core::TimeMs> gone_at;
  std::string holder;        // as last seen
  std::string last_holder;   // the latest non-empty holder
  std::string first_holder;  // the holder when first seen ("" = created free)
  std::optional<core::TimeMs> leak_since;
  std::string leak_reason;
  std::uint64_t seen_pass = 0;
  Remembered* memo = nullptr;  // the model object that reported it last, when remembered
};

// What the ledger remembers of one model object between passes (Ledger::unchanged/remember).
struct Remembered {
  const void* object = nullptr;
  Remembered* next_visited = nullptr;  // the object the meters visited after it in the last pass
  std::uint64_t fingerprint = 0;       // the meter's fingerprint, combined with the object's ID
  std::uint64_t seen_pass = 0;         // its resources count as seen in this pass
  bool valid = false;  // false: no fast path (the object went away, or lost a resource to another)
  std::vector<Resource*> resources;  // nodes of Ledger::resources(): stable until clear()
};

// A cheap summary of everything a meter reads from one model object (state, times, SKU, tags…).
// Text is hashed inline, eight bytes at a time: a pass fingerprints every object of every
// partition, and std::hash's out-of-line byte hash was ~40 % of a pass (docs/performance.md).
// The values only live in memory (memos are rebuilt by the passes of a replay, or by the pass that
// finishes loading a snapshot).
class Fingerprint {
 public:
  template <class T>
  Fingerprint& add(const T& value) {
    return mix(std::hash<T>{}(value));
  }
  Fingerprint& add(const std::string& text) { return add(std::string_view(text)); }
  Fingerprint& add(std::string_view text) {
    std::uint64_t h = 0xcbf29ce484222325ULL ^ text.size();
    const char* p = text.data();
    std::size_t n = text.size();
    for (; n >= 8; p += 8, n -= 8) {
      std::uint64_t chunk;
      std::memcpy(&chunk, p, 8);
      h = (h ^ chunk) * 0x9e3779b97f4a7c15ULL;
      h ^= h >> 29;
    }
    if (n > 0) {
      std::uint64_t chunk = 0;
      std::memcpy(&chunk, p, n);
      h = (h ^ chunk) * 0x9e3779b97f4a7c15ULL;
      h ^= h >> 29;
    }
    return mix(h);
  }
  std::uint64_t value() const { return value_; }

 private:
  Fingerprint& mix(std::uint64_t h) {
    value_ ^= h + 0x9e3779b97f4a7c15ULL + (value_ << 6) + (value_ >> 2);
    return *this;
  }
  std::uint64_t value_ = 0;
};

class Ledger {
 public:
  void begin_pass() {
    ++pass_;
    last_visited_ = nullptr;
  }
  void see(const Observation& o, core::TimeMs now);
  // The model object at `object` went away: every resource it reported (and no other object
  // reported since) is gone at `now`. The address may name another object from now on.
  void gone(const void* object, core::TimeMs now);
  void clear() {
    resources_.clear();
    remembered_.clear();
    last_visited_ = nullptr;
  }

  // Fast path: when the model object at `object` (same `id`) has the same fingerprint as when
  // remember() was last called for it, marks its resources seen in this pass and answers true;
  // the meter then skips building observations for it. Costs one lookup of the object's memo
  // (usually none: the memo visited after the previous object's last time) and touches none of
  // its resources. The ID is compared by its hash, folded into the fingerprint, so it is as
  // likely to collide as the fingerprint itself. A pass visits only the objects that may have
  // changed (core::TrackedMap), so this pays where a door handed out an object nobody changed.
  bool unchanged(const void* object, std::string_view id, std::uint64_t fingerprint);
  // Records which resources a model object reported, after the meter's see() calls for it; a
  // resource it reported before and not in this pass is gone at `now`.
  void remember(const void* object, std::string_view id, std::uint64_t fingerprint,
                std::initializer_list<const ResourceKey*> keys, core::TimeMs now);
  // For the check of the meters (usage/meter_check.h): whether the object's memo is live and
  // holds this fingerprint, and how many memos are live.
  bool agrees(const void* object, std::string_view id, std::uint64_t fingerprint) const;
  std::size_t live_objects() const;

  const Resource* find(const ResourceKey& key) const;
  // Every resource ever seen since the last clear(), in no particular order.
  const std::unordered_map<std::string, Resource>& resources() const { return resources_; }

  // Snapshots (usage/usage_snapshot.h). The resources' table keeps its iteration order through a
  // restart: restore_begin(buckets) clears the ledger (memos too) and gives the table that bucket
  // count (resource_buckets() when saved); restore() then puts back one resource at a time, in the
  // reverse of the iteration order saved, with no memo (throws std::invalid_argument on a resource
  // already there). The next pass rebuilds the memos (usage/usage_snapshot.h).
  std::size_t resource_buckets() const { return resources_.bucket_count(); }
  void restore_begin(std::size_t buckets) {
    clear();
    resources_.rehash(buckets);
  }
  void restore(Resource resource);

 private:
  static void open(Resource& r, const Observation& o, core::TimeMs at);
  static void close(Resource& r, core::TimeMs at);
  static void went_away(Resource& r, core::TimeMs at);
  bool seen_in_this_pass(const Resource& r) const {
    return r.seen_pass == pass_ || (r.memo && r.memo->seen_pass == pass_);
  }
  static std::uint64_t keyed(std::uint64_t fingerprint, std::string_view id) {
    return Fingerprint().add(fingerprint).add(id).value();
  }

  std::unordered_map<std::string, Resource> resources_;
  Remembered* find_remembered(const void* object);
  void visited(Remembered& m) {
    if (last_visited_ == &m) return;
    if (last_visited_) last_visited_->next_visited = &m;
    last_visited_ = &m;
  }

  std::unordered_map<const void*, Remembered> remembered_;
  // The meters visit their objects in the same order pass after pass (container order), so the
  // memo of the next object is usually the one visited after the previous one last time.
  Remembered* last_visited_ = nullptr;
  std::uint64_t pass_ = 0;
};

}  // namespace cloudlife::usage
