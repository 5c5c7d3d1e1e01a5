// Who is calling, where, and which request this is: decoded once, passed to every layer.
// Contract: filled by the router from the wire (signature scope, parameters); service models read
// account and region from it to pick their partition. `request_id` is unique per request.
#pragma once

#include <string>
#include <vector>

namespace cloudlife::protocol {

inline constexpr const char* kDefaultAccount = "123456789012";
inline constexpr const char* kDefaultAwsRegion = "us-east-1";

struct RequestContext {
  std::string request_id;
  std::string cloud;   // "ec2", "autoscaling", "ecs"
  std::string action;  // as the client named it
  std::string account = kDefaultAccount;
  std::string region;
  std::string access_key;
  // Filled by the service after dispatch: the resources the request created (audit trail).
  std::vector<std::string> created_ids;
};

// The account an access key belongs to when no credentials file says otherwise: a key that is
// itself a 12-digit number names that account (as moto and LocalStack do); any other key maps to
// the default account.
std::string account_for_access_key(const std::string& access_key);

}  // namespace cloudlife::protocol
