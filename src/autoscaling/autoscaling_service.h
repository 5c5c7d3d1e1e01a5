// The Auto Scaling service: the awsQuery front end for Auto Scaling (2011-01-01) and the minimal
// Classic ELB (2012-06-01) / ELBv2 (2015-12-01) bookkeeping, over the Auto Scaling model.
// Contract: handle() decodes outside the engine lock, runs the model inside engine.transact(), and
// encodes outside the lock; refusals become the awsQuery ErrorResponse (ValidationError 400 for
// unknown names and IDs — never a 500). clear() and dump() are called with the engine lock held.
#pragma once

#include <memory>

#include <nlohmann/json.hpp>

#include "core/engine.h"
#include "ec2/ec2_model.h"
#include "protocol/http_message.h"
#include "protocol/query_params.h"
#include "protocol/request_context.h"

namespace cloudlife::autoscaling {

class AsgModel;

class AutoScalingService {
 public:
  AutoScalingService(core::Engine& engine, ec2::Ec2Model& ec2);
  ~AutoScalingService();
  AutoScalingService(const AutoScalingService&) = delete;
  AutoScalingService& operator=(const AutoScalingService&) = delete;

  // awsQuery requests for Auto Scaling and the two load balancer APIs (ctx.cloud says which).
  protocol::HttpResponse handle(const protocol::RequestContext& ctx,
                                const protocol::QueryParams& params);
  void clear(core::LockProof held);                 // inside Engine::reset_with
  nlohmann::json dump(core::LockProof held) const;  // inside transact()

  AsgModel& model() { return *model_; }

 private:
  core::Engine& engine_;
  ec2::Ec2Model& ec2_;
  std::unique_ptr<AsgModel> model_;
};

}  // namespace cloudlife::autoscaling
