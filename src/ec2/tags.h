// EC2 resource tags.
// Contract: a TagSet keeps keys unique and insertion order stable; set() replaces a value in place.
// Limits (50 per resource, key/value lengths) are checked by the model, not here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cloudlife::ec2 {

struct Tag {
  std::string key;
  std::string value;
};

class TagSet {
 public:
  const std::vector<Tag>& items() const { return tags_; }
  bool empty() const { return tags_.empty(); }
  std::size_t size() const { return tags_.size(); }
  const std::string* find(std::string_view key) const;
  void set(const std::string& key, const std::string& value);
  // Removes `key`; when `value` is given, only if the value matches.
  void remove(std::string_view key, const std::string* value = nullptr);
  void clear() { tags_.clear(); }
  // How many keys of `incoming` are new to this set.
  std::size_t count_new_keys(const std::vector<Tag>& incoming) const;

  // Snapshots reach the private members (scripts/gen_state_reflection.py).
  template <class V>
  friend void reflect(V& v, TagSet& x);

 private:
  std::vector<Tag> tags_;
};

}  // namespace cloudlife::ec2
