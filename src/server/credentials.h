// Who may call: access keys with their secrets, accounts and optional policies (--credentials).
// Contract: load() reads a JSON file
//   {"credentials": [{"access_key": "...", "secret_key": "...", "account": "111122223333",
//                     "policy": {"allow": ["ec2:*"], "deny": ["ec2:TerminateInstances"]}}]}
// and throws std::invalid_argument with the reason for anything malformed. A policy allows
// "service:Action" when some allow pattern matches (no allow list = everything) and no deny pattern
// does; patterns use * and ?. Services: ec2, autoscaling, elasticloadbalancing, ecs, sts
// (sts:GetCallerIdentity needs no permission, as in AWS).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cloudlife::server {

struct Policy {
  std::vector<std::string> allow;
  std::vector<std::string> deny;
  bool allows(const std::string& qualified_action) const;
};

struct Credential {
  std::string access_key;
  std::string secret_key;
  std::string account;
  std::optional<Policy> policy;
};

class CredentialStore {
 public:
  static CredentialStore load(const std::string& path);
  static CredentialStore parse(const std::string& json_text);

  const Credential* find(const std::string& access_key) const;
  bool empty() const { return by_key_.empty(); }
  std::size_t size() const { return by_key_.size(); }

 private:
  std::map<std::string, Credential> by_key_;
};

}  // namespace cloudlife::server
