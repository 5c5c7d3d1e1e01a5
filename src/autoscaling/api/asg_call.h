// One Auto Scaling / ELB API call as the action handlers see it, the action tables, and the
// shared encoders of the awsQuery documents.
// Contract: handlers decode `params` (outside the lock), run the model under call.run(), and
// encode outside the lock. They throw core::ServiceError or protocol::ParamError; the service
// turns those into the awsQuery ErrorResponse of the right namespace.
#pragma once

#include <string>
#include <unordered_map>

#include "autoscaling/asg_model.h"
#include "core/engine.h"
#include "protocol/aws_query_envelope.h"
#include "protocol/http_message.h"
#include "protocol/query_params.h"
#include "protocol/request_context.h"

namespace cloudlife::autoscaling::api {

inline constexpr std::string_view kElbNamespace =
    "http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/";
inline constexpr std::string_view kElbV2Namespace =
    "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

struct AsgCall {
  const protocol::RequestContext& ctx;
  const protocol::QueryParams& params;
  core::Engine& engine;
  AsgModel& model;
  ec2::Ec2Model& ec2;
  std::string_view xmlns;

  template <class F>
  decltype(auto) run(F&& f) {
    const core::PartitionKey key{ctx.account, ctx.region};
    return engine.transact([&](const core::EngineLock& held, core::TimeMs now) -> decltype(auto) {
      return f(model.partition(held, key), now);
    });
  }
};

using AsgHandler = protocol::HttpResponse (*)(AsgCall&);
using AsgActionTable = std::unordered_map<std::string, AsgHandler>;

// Every Auto Scaling (2011-01-01) action: the registers below in one call (the service and the
// server's action list both use it, so a new register is added here only).
void register_autoscaling_actions(AsgActionTable& table);
void register_group_actions(AsgActionTable& table);
void register_member_actions(AsgActionTable& table);
void register_misc_actions(AsgActionTable& table);
void register_schedule_actions(AsgActionTable& table);      // schedule_actions.cc
void register_policy_actions(AsgActionTable& table);        // policy_actions.cc
void register_refresh_actions(AsgActionTable& table);       // refresh_actions.cc
void register_notification_actions(AsgActionTable& table);  // notification_actions.cc
void register_elb_actions(AsgActionTable& table);           // Classic ELB (2012-06-01)
void register_elbv2_actions(AsgActionTable& table);         // ELBv2 (2015-12-01)

}  // namespace cloudlife::autoscaling::api
