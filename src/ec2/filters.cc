#include "ec2/filters.h"

#include "core/glob.h"
#include "core/service_error.h"

namespace cloudlife::ec2 {

bool matches_any(const std::vector<std::string>& patterns, std::string_view value) {
  for (const std::string& p : patterns) {
    if (glob_match(p, value)) return true;
  }
  return false;
}

std::optional<std::vector<std::string>> tag_filter_values(const TagSet& tags,
                                                          const std::string& name) {
  std::vector<std::string> out;
  if (name == "tag-key" || name == "tag-value") {
    for (const Tag& t : tags.items()) out.push_back(name == "tag-key" ? t.key : t.value);
    return out;
  }
  if (name.rfind("tag:", 0) == 0) {
    if (const std::string* v = tags.find(name.substr(4))) out.push_back(*v);
    return out;
  }
  return std::nullopt;
}

void require_known_filters(const std::vector<Filter>& filters, const FilterValues& values_of) {
  for (const Filter& f : filters) {
    if (!values_of(f.name)) {
      throw core::ServiceError("InvalidParameterValue", "The filter '" + f.name + "' is invalid");
    }
  }
}

bool matches_all(const std::vector<Filter>& filters, const FilterValues& values_of) {
  for (const Filter& f : filters) {
    bool any = false;
    for (const std::string& v : values_of(f.name).value_or(std::vector<std::string>{})) {
      if (!v.empty() && matches_any(f.values, v)) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  return true;
}

}  // namespace cloudlife::ec2
