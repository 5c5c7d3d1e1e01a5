// What the Classic ELB / ELBv2 front ends (elb_actions.cc, elbv2_lb_actions.cc) share: the refusal
// of a member cloudlife does not model, the model of a call, and ELBv2 request tags as the model
// takes them. Contract: refuse_elb_member() throws AWS's ValidationError naming the member and the
// action when `present`, and changes nothing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "autoscaling/api/asg_call.h"
#include "autoscaling/elb/elb_model.h"
#include "core/timing.h"
#include "elbv2_codec.h"  // generated from codegen/elbv2/*.ops
#include "protocol/aws_errors.h"

namespace cloudlife::autoscaling::api {

inline void refuse_elb_member(bool present, const AsgCall& call, std::string_view member) {
  if (!present) return;
  throw protocol::aws_error("ValidationError",
                            {"cloudlife does not support " + std::string(member) + " in " +
                             std::string(call.ctx.action)});
}

inline ElbModel elb_model_of(AsgCall& call) {
  return ElbModel(call.ec2, call.engine.timing().kind() == core::TimingProfileKind::kInstant);
}

inline TagList elbv2_request_tags(const std::vector<codec::elbv2::Tag>& tags) {
  TagList out;
  for (const codec::elbv2::Tag& t : tags) out.emplace_back(t.key, t.value.value_or(""));
  return out;
}

}  // namespace cloudlife::autoscaling::api
