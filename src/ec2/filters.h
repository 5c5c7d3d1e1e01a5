// EC2 describe filters: Filter.N.Name with Filter.N.Value.M, values with * and ? wildcards.
// Contract: a resource matches a filter set when it matches every filter; it matches a filter when
// any of the filter's values matches any of the resource's values for that name. Which names a
// resource supports is the resource's business (see each describe); unknown names are refused
// there.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/glob.h"
#include "ec2/tags.h"

namespace cloudlife::ec2 {

struct Filter {
  std::string name;
  std::vector<std::string> values;
};

// Glob match with '*' (any run) and '?' (one character); '\' escapes the next character.
using core::glob_match;

// True when any pattern matches `value`.
bool matches_any(const std::vector<std::string>& patterns, std::string_view value);

// A resource's values for one filter name; nullopt when the resource has no filter of that name.
using FilterValues = std::function<std::optional<std::vector<std::string>>(const std::string&)>;

// The values of the tag filters every taggable resource has: tag-key, tag-value, tag:<key>;
// nullopt for any other name.
std::optional<std::vector<std::string>> tag_filter_values(const TagSet& tags,
                                                          const std::string& name);

// Throws InvalidParameterValue "The filter 'NAME' is invalid" for the first name `values_of` does
// not know (call it on a default-constructed resource before looking at any).
void require_known_filters(const std::vector<Filter>& filters, const FilterValues& values_of);

// True when, for every filter, one of the resource's non-empty values matches one of its patterns.
bool matches_all(const std::vector<Filter>& filters, const FilterValues& values_of);

}  // namespace cloudlife::ec2
