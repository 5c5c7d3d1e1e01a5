#include "server/caller_identity.h"

#include <cctype>

#include "core/ids.h"

namespace cloudlife::server {

CallerIdentity caller_identity(const std::string& account, const std::string& access_key,
                               bool listed_user) {
  if (!listed_user) return {account, account, "arn:aws:iam::" + account + ":root"};
  // derived_id("u", …) is "u-" + 17 hex digits; IAM user IDs are "AIDA" + 17 upper-case characters.
  std::string unique = core::derived_id("u", account + "/" + access_key, 17).substr(2);
  for (char& c : unique) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return {account, "AIDA" + unique, "arn:aws:iam::" + account + ":user/" + access_key};
}

}  // namespace cloudlife::server
