// Who a request's access key acts as, in IAM's words: what sts:GetCallerIdentity answers and what
// AccessDenied messages name. cloudlife models no IAM users or roles, so there are two kinds:
// a key listed in the --credentials file is an IAM user of its account named after the key
// (arn:aws:iam::ACCOUNT:user/KEY, with a stable AIDA… unique ID derived from account and key);
// any other key acts as its account's root (arn:aws:iam::ACCOUNT:root, UserId = the account ID),
// which is what AWS answers for root credentials. Pure: same inputs, same identity.
#pragma once

#include <string>

namespace cloudlife::server {

struct CallerIdentity {
  std::string account;
  std::string user_id;
  std::string arn;
};

CallerIdentity caller_identity(const std::string& account, const std::string& access_key,
                               bool listed_user);

}  // namespace cloudlife::server
