#include "protocol/request_context.h"

#include <algorithm>
#include <cctype>

namespace cloudlife::protocol {

std::string account_for_access_key(const std::string& access_key) {
  if (access_key.size() == 12 &&
      std::all_of(access_key.begin(), access_key.end(),
                  [](unsigned char c) { return std::isdigit(c) != 0; })) {
    return access_key;
  }
  return kDefaultAccount;
}

}  // namespace cloudlife::protocol
