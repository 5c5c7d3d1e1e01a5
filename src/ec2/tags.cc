#include "ec2/tags.h"

#include <algorithm>
#include <set>

namespace cloudlife::ec2 {

const std::string* TagSet::find(std::string_view key) const {
  for (const Tag& t : tags_) {
    if (t.key == key) return &t.value;
  }
  return nullptr;
}

void TagSet::set(const std::string& key, const std::string& value) {
  for (Tag& t : tags_) {
    if (t.key == key) {
      t.value = value;
      return;
    }
  }
  tags_.push_back({key, value});
}

void TagSet::remove(std::string_view key, const std::string* value) {
  std::erase_if(tags_, [&](const Tag& t) { return t.key == key && (!value || t.value == *value); });
}

std::size_t TagSet::count_new_keys(const std::vector<Tag>& incoming) const {
  std::set<std::string_view> fresh;
  for (const Tag& t : incoming) {
    if (!find(t.key)) fresh.insert(t.key);
  }
  return fresh.size();
}

}  // namespace cloudlife::ec2
