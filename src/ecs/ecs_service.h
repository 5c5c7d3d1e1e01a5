// The Alibaba Cloud ECS service as the server sees it: one entry point per request.
// Contract: handle() acts for the account in the router's request context (the one account rule:
// --credentials mapping or the 12-digit-key default, decided once by the router) and adds the IDs
// of the resources it created to ctx.created_ids. It decodes any of the three Alibaba wire styles
// (ACS3 headers + query, RPC v1.0 over a POST query, pop-core GET query or POST form), runs the
// action's model work under engine.transact() and answers JSON: RequestId (ctx.request_id) on every
// answer, never a Code on success; errors carry RequestId, HostId, Code, Message, Recommend and the
// documented HTTP status. Decoding and encoding happen outside the engine lock. A ClientToken makes
// a call idempotent: the same token with the same parameters answers the first result again, with
// different parameters IdempotentParameterMismatch. clear() and dump() are called with the engine
// lock held; control() takes the lock itself.
#pragma once

#include <map>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/engine.h"
#include "ecs/ecs_model.h"
#include "protocol/http_message.h"
#include "protocol/request_context.h"

namespace cloudlife::ecs {

class EcsService {
 public:
  explicit EcsService(core::Engine& engine);

  protocol::HttpResponse handle(protocol::RequestContext& ctx,
                                const protocol::HttpRequest& request);
  void clear();
  nlohmann::json dump() const;
  EcsModel& model() { return model_; }  // read by usage metering (engine lock held)
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

 private:
  core::Engine& engine_;
  EcsModel model_;
  std::map<std::string, TokenEntry> tokens_;  // account \n action \n token
};

}  // namespace cloudlife::ecs
