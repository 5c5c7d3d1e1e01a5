// One ECS API call in flight, and the table of actions.
// Contract: an action handler decodes its parameters from `params` (outside the lock), runs its
// model work through `transact` (inside the lock: the handler's function receives the request's
// partition, resolved from the request context's account and region, and the virtual time) and
// returns the success body without RequestId; refusals are thrown as core::ServiceError and become
// the error envelope. A handler that creates resources names them in `created_ids` (the audit trail
// records them). A handler on a hot read may set `write_body` instead: the answer is then written
// straight to text (JSON or XML) after RequestId, and the returned body is ignored.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/engine.h"
#include "ecs/api/answer_writer.h"
#include "ecs/api/ecs_params.h"
#include "ecs/ecs_model.h"

namespace cloudlife::ecs::api {

struct EcsCall {
  const Params& params;
  core::PartitionKey scope;  // the request context's account and region (RegionId, may be "")
  core::Engine& engine;
  EcsModel& model;
  std::vector<std::string> created_ids;
  std::function<void(AnswerWriter&)> write_body;

  // Runs f(EcsPartition& scope, core::TimeMs now) under the engine lock.
  template <class F>
  decltype(auto) transact(F&& f) {
    return engine.transact([&](const core::EngineLock& held, core::TimeMs now) -> decltype(auto) {
      return f(model.partition(held, scope), now);
    });
  }
};

using ActionHandler = nlohmann::json (*)(EcsCall&);

// Every supported action by its wire name.
const std::map<std::string, ActionHandler, std::less<>>& ecs_actions();

}  // namespace cloudlife::ecs::api
