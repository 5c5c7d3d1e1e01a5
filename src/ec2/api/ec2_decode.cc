#include "ec2/api/ec2_decode.h"

#include <algorithm>

#include "core/glob.h"
#include "core/service_error.h"

namespace cloudlife::ec2::api {

using core::ServiceError;
using protocol::QueryParams;

void refuse_unimplemented(const QueryParams& params, std::initializer_list<const char*> patterns) {
  for (const auto& [key, value] : params.entries()) {
    const std::string_view inside = std::string_view(key).substr(params.prefix().size());
    for (const char* pattern : patterns) {
      if (!core::glob_match(pattern, inside)) continue;
      throw ServiceError("Unsupported",
                         "The requested configuration is currently not supported: cloudlife does "
                         "not implement the parameter " +
                             key + ".");
    }
  }
}

std::string fingerprint(const QueryParams& params, const std::vector<std::string>& excluded) {
  std::string out;
  for (const auto& [k, v] : params.entries()) {
    if (std::find(excluded.begin(), excluded.end(), k) != excluded.end()) continue;
    out += k;
    out += '=';
    out += v;
    out += '\n';
  }
  return out;
}

}  // namespace cloudlife::ec2::api
