// Who may call, and from where: DNS-rebinding and cross-origin protection, signature verification
// (--auth verify), and per-key policies (--credentials).
// Contract: check_origin() refuses browser cross-origin requests (an Origin header that is not a
// loopback or allowed host) always, and requests whose Host is not a loopback or allowed name when
// the server is bound to loopback; SDKs send neither, so they pass. authenticate_aws() verifies
// SigV4 under `verify` (unknown key, bad signature, clock skew against the wall clock) and maps
// the key to its account; authorize() applies the key's policy to "service:Action". Each returns
// the refusal as a ServiceError in the calling cloud's words, or nothing.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/service_error.h"
#include "core/time.h"
#include "protocol/http_message.h"
#include "protocol/request_context.h"
#include "server/credentials.h"

namespace cloudlife::server {

enum class AuthMode { kOff, kVerify };

struct AccessOptions {
  AuthMode auth = AuthMode::kOff;
  CredentialStore credentials;
  bool check_host = true;  // set when bound to a loopback address
  std::vector<std::string> allowed_hosts;
  core::TimeMs max_clock_skew = 15 * core::kMinute;
  std::function<core::TimeMs()> wall = core::wall_clock_now;  // never the virtual clock
};

class AccessControl {
 public:
  AccessControl() = default;
  explicit AccessControl(AccessOptions options) : options_(std::move(options)) {}

  const AccessOptions& options() const { return options_; }

  std::optional<protocol::HttpResponse> check_origin(const protocol::HttpRequest& request) const;
  // Pipeline stage "authenticate": sets ctx.account by the one account rule (account_for the
  // request's key) and, under --auth verify, verifies the signature in the scheme of ctx.cloud
  // (authenticate_aws / authenticate_alibaba). `params`: Alibaba's decoded query ∪ form pairs.
  std::optional<core::ServiceError> authenticate(
      const protocol::HttpRequest& request,
      const std::vector<std::pair<std::string, std::string>>& params,
      protocol::RequestContext& ctx) const;
  // EC2, Auto Scaling and ELB (ctx.cloud says which). Sets ctx.account from the credentials.
  std::optional<core::ServiceError> authenticate_aws(const protocol::HttpRequest& request,
                                                     protocol::RequestContext& ctx) const;
  // Alibaba ECS: v1.0 HMAC-SHA1 (query or form) or ACS3-HMAC-SHA256 under `verify`, with the
  // 15-minute time window and nonce replay protection. `params` are the decoded query ∪ form pairs.
  // Sets ctx.account from the credentials.
  std::optional<core::ServiceError> authenticate_alibaba(
      const protocol::HttpRequest& request,
      const std::vector<std::pair<std::string, std::string>>& params,
      protocol::RequestContext& ctx) const;
  // Applies the caller's policy; ctx.cloud picks the service prefix and the error's wording.
  std::optional<core::ServiceError> authorize(const protocol::RequestContext& ctx) const;
  // The account for a key when it is not verified (credentials file first, then the default rule).
  std::string account_for(const std::string& access_key) const;

  static bool is_loopback_host(std::string_view host);

 private:
  bool host_allowed(std::string_view host_header) const;
  // Remembers a nonce for the time window; false when it was seen before.
  bool remember_nonce(const std::string& access_key, const std::string& nonce,
                      core::TimeMs now) const;

  struct NonceMemory {
    std::mutex mutex;
    std::map<std::string, core::TimeMs> expiry;  // access key + '\n' + nonce -> forget after
  };

  AccessOptions options_;
  std::shared_ptr<NonceMemory> nonces_ = std::make_shared<NonceMemory>();
};

}  // namespace cloudlife::server
