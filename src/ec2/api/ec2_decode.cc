#include "ec2/api/ec2_decode.h"

#include <algorithm>

#include "core/glob.h"
#include "core/service_error.h"

namespace cloudlife::ec2::api {

using core::ServiceError;
using protocol::QueryParams;

void refuse_unimplemented(const QueryParams& params, std::initializer_list<const char*> patterns) {
  const std::size_t prefix = params.prefix().size();
  params.for_each_entry([&](const std::string& key, const std::string&) {
    const std::string_view inside = std::string_view(key).substr(prefix);
    for (const char* pattern : patterns) {
      // A pattern that starts with a literal character fails on it for most keys.
      const char first = pattern[0];
      const bool literal = first != '\0' && first != '*' && first != '?' && first != '\\';
      if (literal && (inside.empty() || first != inside[0])) continue;
      if (!core::glob_match(pattern, inside)) continue;
      throw ServiceError("Unsupported",
                         "The requested configuration is currently not supported: cloudlife does "
                         "not implement the parameter " +
                             key + ".");
    }
  });
}

std::string fingerprint(const QueryParams& params, const std::vector<std::string>& excluded) {
  std::string out;
  params.for_each_entry([&](const std::string& k, const std::string& v) {
    if (std::find(excluded.begin(), excluded.end(), k) != excluded.end()) return;
    out.append(k).append(1, '=').append(v).append(1, '\n');
  });
  return out;
}

}  // namespace cloudlife::ec2::api
