// EC2 describe filters: Filter.N.Name with Filter.N.Value.M, values with * and ? wildcards.
// Contract: a resource matches a filter set when it matches every filter; it matches a filter when
// any of the filter's values matches any of the resource's values for that name. Which names a
// resource supports is the resource's business (see each describe); unknown names are refused there.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/glob.h"

namespace cloudlife::ec2 {

struct Filter {
  std::string name;
  std::vector<std::string> values;
};

// Glob match with '*' (any run) and '?' (one character); '\' escapes the next character.
using core::glob_match;

// True when any pattern matches `value`.
bool matches_any(const std::vector<std::string>& patterns, std::string_view value);

}  // namespace cloudlife::ec2
