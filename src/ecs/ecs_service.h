// The Alibaba Cloud ECS front end as the server sees it: one entry point per request, acting on a
// model it does not own (server::Services holds it next to the engine, as it holds EC2's).
// Contract: handle() acts for the account and region in the router's request context (the one
// account rule: --credentials mapping or the 12-digit-key default, decided once by the router; the
// region is the request's RegionId): that partition is resolved once per transaction and handed to
// the model, which finds resources named by ID alone in their own region. It adds the IDs
// of the resources it created to ctx.created_ids. It decodes any of the three Alibaba wire styles
// (ACS3 headers + query, RPC v1.0 over a POST query, pop-core GET query or POST form), runs the
// action's model work under engine.transact() and answers JSON: RequestId (ctx.request_id) on every
// answer, never a Code on success; errors carry RequestId, HostId, Code, Message, Recommend and the
// documented HTTP status. Decoding and encoding happen outside the engine lock. A ClientToken makes
// a call idempotent: the same token with the same parameters answers the first result again, with
// different parameters IdempotentParameterMismatch. clear() is called with the engine lock held;
// control() takes the lock itself.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/engine.h"
#include "ecs/api/ecs_call.h"
#include "ecs/ecs_model.h"
#include "protocol/alibaba_request.h"
#include "protocol/http_message.h"
#include "protocol/request_context.h"

namespace cloudlife::ecs {

class EcsService {
 public:
  // `model` is owned by the caller (server::Services, next to the engine) and outlives this.
  EcsService(core::Engine& engine, EcsModel& model);

  protocol::HttpResponse handle(protocol::RequestContext& ctx,
                                const protocol::HttpRequest& request);
  void clear(core::LockProof held);  // forgets the ClientTokens (the model is cleared by its owner)
  // Control-plane hooks under /_cloudlife/ecs/<sub_path>:
  //   POST reclaim        {"instance_id": "i-…", "reason": "overdue" | "security"}
  //   POST auto-snapshot  {"disk_id": "d-…"}  (what an automatic snapshot policy would create)
  std::pair<int, nlohmann::json> control(const std::string& method, const std::string& sub_path,
                                         const nlohmann::json& body);

  // ClientToken bookkeeping (engine lock held).
  struct TokenEntry {
    std::string fingerprint;
    bool done = false;
    nlohmann::json response;  // without RequestId
  };
  // The ClientTokens by key (engine lock held): snapshots save and load them (ecs/ecs_snapshot.h).
  std::map<std::string, TokenEntry>& tokens(core::LockProof held) { return tokens_.get(held); }
  const std::map<std::string, TokenEntry>& tokens(core::LockProof held) const {
    return tokens_.get(held);
  }

 private:
  // handle() in steps: run() checks the common parameters, replays or claims the ClientToken, runs
  // the action and answers; refusals are thrown and become the error envelope in handle().
  protocol::HttpResponse run(protocol::RequestContext& ctx, const protocol::AlibabaRequest& req,
                             api::ActionHandler action, const std::string& request_id, bool xml);
  // The first answer of `token_key` (same parameters), or nothing after claiming the token for
  // this call; throws IdempotentParameterMismatch / LastTokenProcessing.
  std::optional<nlohmann::json> claim_token(const std::string& token_key,
                                            const std::string& fingerprint);
  // Records the answer (without RequestId) of a claimed token.
  void settle_token(const std::string& token_key, const nlohmann::json& body);

  core::Engine& engine_;
  EcsModel& model_;
  // account \n action \n token -> entry
  core::Guarded<std::map<std::string, TokenEntry>> tokens_;
};

}  // namespace cloudlife::ecs
