// PutLifecycleHook, DescribeLifecycleHooks, DeleteLifecycleHook, CompleteLifecycleAction,
// RecordLifecycleActionHeartbeat and DescribeLifecycleHookTypes, decoded and encoded by the
// generated codec (codegen/autoscaling/hooks_tags_pools.ops).
#include <algorithm>

#include "autoscaling/api/misc_actions.h"
#include "autoscaling_codec.h"
#include "protocol/aws_errors.h"

namespace cloudlife::autoscaling::api {
namespace {

namespace wire = codec::autoscaling;
using protocol::HttpResponse;

// The transitions a hook can be put on, as DescribeLifecycleHookTypes lists them.
constexpr const char* kHookTransitions[] = {"autoscaling:EC2_INSTANCE_LAUNCHING",
                                            "autoscaling:EC2_INSTANCE_TERMINATING"};

// GlobalTimeout: 100 heartbeats, at most 48 hours (in seconds).
long long hook_global_timeout(long long heartbeat_timeout) {
  return std::min<long long>(100 * heartbeat_timeout, 172800);
}

// CompleteLifecycleAction and RecordLifecycleActionHeartbeat name the instance either way.
void require_instance_or_token(const std::string& instance_id, const std::string& token) {
  if (instance_id.empty() && token.empty()) {
    throw protocol::aws_error("ValidationError",
                              {"Either InstanceId or LifecycleActionToken must be specified."});
  }
}

HttpResponse put_lifecycle_hook(AsgCall& call) {
  const auto req = wire::PutLifecycleHookRequest::decode(call.params);
  LifecycleHook hook;
  hook.name = req.lifecycle_hook_name;
  hook.transition = req.lifecycle_transition.value_or("");
  hook.role_arn = req.role_arn.value_or("");
  hook.notification_target_arn = req.notification_target_arn.value_or("");
  hook.notification_metadata = req.notification_metadata.value_or("");
  hook.heartbeat_timeout = req.heartbeat_timeout.value_or(3600);
  hook.default_result = req.default_result.value_or("ABANDON");
  const bool transition_given = req.lifecycle_transition.has_value();
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.put_lifecycle_hook(part, req.auto_scaling_group_name, hook, transition_given, now);
  });
  return wire::PutLifecycleHookResponse(call.ctx.request_id).finish();
}

HttpResponse describe_lifecycle_hooks(AsgCall& call) {
  const auto req = wire::DescribeLifecycleHooksRequest::decode(call.params);
  const auto& names = req.lifecycle_hook_names;
  const auto hooks = call.run([&](AsgPartition& part, core::TimeMs) {
    std::vector<LifecycleHook> out;
    for (const auto& [name, h] :
         call.model.require_group(part, req.auto_scaling_group_name).hooks) {
      if (names.empty() || std::find(names.begin(), names.end(), name) != names.end()) {
        out.push_back(h);
      }
    }
    return out;
  });
  wire::DescribeLifecycleHooksResponse out(call.ctx.request_id);
  out.lifecycle_hooks(hooks, [&](wire::LifecycleHookWriter& w, const LifecycleHook& h) {
    w.lifecycle_hook_name(h.name)
        .auto_scaling_group_name(req.auto_scaling_group_name)
        .lifecycle_transition(h.transition);
    if (!h.notification_target_arn.empty()) w.notification_target_arn(h.notification_target_arn);
    if (!h.role_arn.empty()) w.role_arn(h.role_arn);
    if (!h.notification_metadata.empty()) w.notification_metadata(h.notification_metadata);
    w.heartbeat_timeout(h.heartbeat_timeout)
        .global_timeout(hook_global_timeout(h.heartbeat_timeout))
        .default_result(h.default_result);
  });
  return out.finish();
}

HttpResponse delete_lifecycle_hook(AsgCall& call) {
  const auto req = wire::DeleteLifecycleHookRequest::decode(call.params);
  call.run([&](AsgPartition& part, core::TimeMs) {
    call.model.delete_lifecycle_hook(part, req.auto_scaling_group_name, req.lifecycle_hook_name);
  });
  return wire::DeleteLifecycleHookResponse(call.ctx.request_id).finish();
}

HttpResponse complete_lifecycle_action(AsgCall& call) {
  const auto req = wire::CompleteLifecycleActionRequest::decode(call.params);
  const std::string id = req.instance_id.value_or("");
  const std::string token = req.lifecycle_action_token.value_or("");
  require_instance_or_token(id, token);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.complete_lifecycle_action(part, req.auto_scaling_group_name, req.lifecycle_hook_name,
                                         id, token, req.lifecycle_action_result, now);
  });
  return wire::CompleteLifecycleActionResponse(call.ctx.request_id).finish();
}

HttpResponse record_lifecycle_action_heartbeat(AsgCall& call) {
  const auto req = wire::RecordLifecycleActionHeartbeatRequest::decode(call.params);
  const std::string id = req.instance_id.value_or("");
  const std::string token = req.lifecycle_action_token.value_or("");
  require_instance_or_token(id, token);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.record_heartbeat(part, req.auto_scaling_group_name, req.lifecycle_hook_name, id,
                                token, now);
  });
  return wire::RecordLifecycleActionHeartbeatResponse(call.ctx.request_id).finish();
}

HttpResponse describe_lifecycle_hook_types(AsgCall& call) {
  wire::DescribeLifecycleHookTypesResponse out(call.ctx.request_id);
  out.lifecycle_hook_types([](wire::AutoScalingNotificationTypesWriter& list) {
    for (const char* t : kHookTransitions) list.item(t);
  });
  return out.finish();
}

}  // namespace

void register_lifecycle_hook_actions(AsgActionTable& t) {
  t["PutLifecycleHook"] = put_lifecycle_hook;
  t["DescribeLifecycleHooks"] = describe_lifecycle_hooks;
  t["DeleteLifecycleHook"] = delete_lifecycle_hook;
  t["CompleteLifecycleAction"] = complete_lifecycle_action;
  t["RecordLifecycleActionHeartbeat"] = record_lifecycle_action_heartbeat;
  t["DescribeLifecycleHookTypes"] = describe_lifecycle_hook_types;
}

}  // namespace cloudlife::autoscaling::api
