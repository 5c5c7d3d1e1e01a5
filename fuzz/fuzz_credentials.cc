// libFuzzer target: the --credentials file (server/credentials.h CredentialStore::parse).
// Input: the file's JSON text. Checks beyond "no crash": malformed files are refused only with
// std::invalid_argument (the contract main() relies on to print the reason), every listed key is
// found again with its own secret, and policy evaluation never throws.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_http.h"
#include "server/credentials.h"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(cloudlife::fuzz::as_text(data, size));
  cloudlife::server::CredentialStore store;
  try {
    store = cloudlife::server::CredentialStore::parse(text);
  } catch (const std::invalid_argument&) {
    return 0;
  }
  const auto doc = nlohmann::json::parse(text, nullptr, false);
  check(!doc.is_discarded());
  check(store.size() == doc["credentials"].size());
  for (const auto& entry : doc["credentials"]) {
    const std::string key = entry["access_key"].get<std::string>();
    const cloudlife::server::Credential* found = store.find(key);
    check(found != nullptr && found->secret_key == entry["secret_key"].get<std::string>());
    check(found->account.empty() || found->account.size() == 12);
    if (found->policy) {
      for (const char* action : {"ec2:TerminateInstances", "autoscaling:CreateAutoScalingGroup",
                                 "ecs:DeleteInstance", "", "*", "ec2:*"}) {
        (void)found->policy->allows(action);
      }
      for (const std::string& pattern : found->policy->allow) (void)found->policy->allows(pattern);
    }
  }
  check(store.find("\x01not-a-listed-key") == nullptr || store.size() > 0);
  return 0;
}
