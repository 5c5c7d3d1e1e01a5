#include "ec2/filters.h"

#include "core/glob.h"

namespace cloudlife::ec2 {

bool matches_any(const std::vector<std::string>& patterns, std::string_view value) {
  for (const std::string& p : patterns) {
    if (glob_match(p, value)) return true;
  }
  return false;
}

}  // namespace cloudlife::ec2
