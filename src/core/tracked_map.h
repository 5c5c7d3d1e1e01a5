// A map of records that remembers which of them may have changed since it was last asked.
// Contract: wraps a std::map or std::unordered_map (Map) with the part of its interface the models
// use. Every door that hands out a mutable record notes it: find() (when found), at(),
// operator[], emplace() and try_emplace() note that one record; a mutable walk (begin(), or
// lower_bound()/upper_bound(), whose iterators can walk on) notes them all, as does note_all(); so
// do more notes than an eighth of the map (which bounds their memory). erase() and clear() note the
// records' addresses as erased. Const access notes nothing, so a reader that only reads takes the
// map as const (std::as_const) and costs the next taker nothing. take_erased() hands over the
// addresses erased (not to be read: the allocator may already have reused them, for a record of
// this map or another); take_noted() then hands over the records noted (each once, in the order
// first noted, none erased since) or `all`. Both start afresh. Records never move (node-based
// maps), so an address names a record until it is erased. A caller that takes the changes after
// every change of the records (the usage meter, docs/architecture.md "The usage meter") therefore
// sees every record that changed, whatever code changed it, without the models ever calling it.
// Not thread-safe: the engine's lock guards it, as it guards the records.
#pragma once

#include <algorithm>
#include <cstddef>
#include <unordered_set>
#include <utility>
#include <vector>

namespace cloudlife::core {

template <class Map>
class TrackedMap {
 public:
  using key_type = typename Map::key_type;
  using mapped_type = typename Map::mapped_type;
  using value_type = typename Map::value_type;
  using iterator = typename Map::iterator;
  using const_iterator = typename Map::const_iterator;

  // The records that may have changed since the last take_noted().
  struct Noted {
    bool all = false;                         // every record may have changed: walk the map
    std::vector<const mapped_type*> records;  // empty when `all`
  };

  // Reading.
  std::size_t size() const { return map_.size(); }
  bool empty() const { return map_.empty(); }
  bool contains(const key_type& key) const { return map_.contains(key); }
  std::size_t count(const key_type& key) const { return map_.count(key); }
  const_iterator find(const key_type& key) const { return map_.find(key); }
  const mapped_type& at(const key_type& key) const { return map_.at(key); }
  const_iterator begin() const { return map_.begin(); }
  const_iterator end() const { return map_.end(); }
  const_iterator cbegin() const { return map_.cbegin(); }
  const_iterator cend() const { return map_.cend(); }
  const_iterator lower_bound(const key_type& key) const { return map_.lower_bound(key); }
  const_iterator upper_bound(const key_type& key) const { return map_.upper_bound(key); }

  // Doors to mutable records.
  iterator find(const key_type& key) {
    auto it = map_.find(key);
    if (it != map_.end()) note(it->second);
    return it;
  }
  iterator end() { return map_.end(); }  // only compared with, never read through
  iterator begin() {
    note_all();
    return map_.begin();
  }
  iterator lower_bound(const key_type& key) {
    note_all();
    return map_.lower_bound(key);
  }
  iterator upper_bound(const key_type& key) {
    note_all();
    return map_.upper_bound(key);
  }
  mapped_type& at(const key_type& key) {
    mapped_type& record = map_.at(key);
    note(record);
    return record;
  }
  mapped_type& operator[](const key_type& key) { return note(map_[key]); }
  template <class... Args>
  std::pair<iterator, bool> emplace(Args&&... args) {
    auto result = map_.emplace(std::forward<Args>(args)...);
    note(result.first->second);
    return result;
  }
  template <class... Args>
  std::pair<iterator, bool> try_emplace(const key_type& key, Args&&... args) {
    auto result = map_.try_emplace(key, std::forward<Args>(args)...);
    note(result.first->second);
    return result;
  }
  void reserve(std::size_t n) requires requires(Map& m) { m.reserve(n); }
  { map_.reserve(n); }
  // An unordered map's buckets (snapshots keep its iteration order: core/state_archive.h).
  std::size_t bucket_count() const requires requires(const Map& m) { m.bucket_count(); }
  { return map_.bucket_count(); }
  void rehash(std::size_t n) requires requires(Map& m) { m.rehash(n); }
  { map_.rehash(n); }

  iterator erase(iterator it) {
    forget(it->second);
    return map_.erase(it);
  }
  iterator erase(const_iterator it) {
    forget(it->second);
    return map_.erase(it);
  }
  std::size_t erase(const key_type& key) {
    auto it = map_.find(key);
    if (it == map_.end()) return 0;
    erase(it);
    return 1;
  }
  void clear() {
    for (const auto& [key, record] : map_) erased_.push_back(&record);
    map_.clear();
    noted_set_.clear();
    noted_ = Noted{};
  }
  // Every record may have changed (a reader whose view of them depends on another map's records).
  void note_all() {
    if (noted_.all) return;
    noted_.all = true;
    noted_.records.clear();
    noted_set_.clear();
  }

  std::vector<const void*> take_erased() { return std::exchange(erased_, {}); }
  Noted take_noted() {
    Noted out = std::exchange(noted_, {});
    if (!out.all) {
      // Keep each record once, and none erased after it was noted.
      std::erase_if(out.records, [this](const mapped_type* r) { return noted_set_.erase(r) == 0; });
    }
    noted_set_.clear();
    return out;
  }

 private:
  mapped_type& note(mapped_type& record) {
    if (!noted_.all && noted_set_.insert(&record).second) {
      noted_.records.push_back(&record);
      // Past an eighth of the map, a walk of all costs little more than the notes would.
      if (noted_.records.size() > std::max<std::size_t>(kFewNotes, map_.size() / 8)) note_all();
    }
    return record;
  }
  void forget(const mapped_type& record) {
    noted_set_.erase(&record);
    erased_.push_back(&record);
  }

  static constexpr std::size_t kFewNotes = 256;

  Map map_;
  Noted noted_;
  std::unordered_set<const mapped_type*> noted_set_;  // the records in noted_.records
  std::vector<const void*> erased_;
};

}  // namespace cloudlife::core
