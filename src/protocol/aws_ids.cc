#include "protocol/aws_ids.h"

#include <algorithm>

#include "protocol/aws_errors.h"

namespace cloudlife::protocol {

bool is_well_formed_aws_id(std::string_view id, std::string_view prefix) {
  if (id.size() <= prefix.size() || id.substr(0, prefix.size()) != prefix) return false;
  const std::string_view hex = id.substr(prefix.size());
  if (hex.size() != 8 && hex.size() != 17) return false;
  return std::all_of(hex.begin(), hex.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

void require_well_formed_ids(const std::vector<std::string>& ids, std::string_view prefix,
                             std::string_view malformed_code) {
  for (const std::string& id : ids) {
    if (!is_well_formed_aws_id(id, prefix)) throw aws_error(malformed_code, {id});
  }
}

}  // namespace cloudlife::protocol
