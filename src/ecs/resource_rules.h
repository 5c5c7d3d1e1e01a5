// Small rules shared by the ECS resource files (instances, disks, interfaces, VPCs, vSwitches).
// Contract: valid_text is Alibaba's rule for a Name / Description: empty, or 2..max characters
// starting with a letter (or any non-ASCII character) and not with http:// or https://.
// tags_match: every wanted tag is present (an empty wanted value matches any value).
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "ecs/ecs_types.h"

namespace cloudlife::ecs {

inline bool valid_text(const std::string& s, std::size_t max) {
  if (s.empty()) return true;
  if (s.size() < 2 || s.size() > max) return false;
  if (s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0) return false;
  const unsigned char c = static_cast<unsigned char>(s[0]);
  return std::isalpha(c) || c >= 0x80;
}

inline bool tags_match(const std::vector<Tag>& have, const std::vector<Tag>& want) {
  return std::all_of(want.begin(), want.end(), [&](const Tag& w) {
    return std::any_of(have.begin(), have.end(), [&](const Tag& t) {
      return t.key == w.key && (w.value.empty() || t.value == w.value);
    });
  });
}

inline bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace cloudlife::ecs
