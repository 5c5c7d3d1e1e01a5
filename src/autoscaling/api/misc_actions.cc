// Processes, tags, lifecycle hooks, warm pools, and the load balancers / target groups / traffic
// sources attached to groups.
#include <algorithm>

#include "autoscaling/api/asg_call.h"
#include "autoscaling/api/paging.h"

namespace cloudlife::autoscaling::api {
namespace {

using protocol::HttpResponse;
using protocol::QueryParams;
using protocol::XmlWriter;

HttpResponse suspend_processes(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  const auto procs = call.params.list("ScalingProcesses.member");
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.suspend_processes(part, group, procs, now);
  });
  return call.empty();
}

HttpResponse resume_processes(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  const auto procs = call.params.list("ScalingProcesses.member");
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.resume_processes(part, group, procs, now);
  });
  return call.empty();
}

HttpResponse describe_process_types(AsgCall& call) {
  XmlWriter xml = call.begin();
  xml.open("Processes");
  for (const std::string& p : AsgModel::process_names()) {
    xml.open("member").leaf("ProcessName", p).close();
  }
  xml.close();
  return call.finish(xml);
}

HttpResponse describe_termination_policy_types(AsgCall& call) {
  XmlWriter xml = call.begin();
  xml.open("TerminationPolicyTypes");
  for (const char* p :
       {"ClosestToNextInstanceHour", "Default", "NewestInstance", "OldestInstance",
        "OldestLaunchConfiguration", "OldestLaunchTemplate", "AllocationStrategy"}) {
    xml.leaf("member", p);
  }
  xml.close();
  return call.finish(xml);
}

// --- tags ----------------------------------------------------------------------------------------

std::vector<std::pair<std::string, GroupTag>> decode_resource_tags(const AsgCall& call) {
  std::vector<std::pair<std::string, GroupTag>> out;
  for (const QueryParams& t : call.params.structs("Tags.member")) {
    const std::string type = t.str_or("ResourceType", "auto-scaling-group");
    if (type != "auto-scaling-group") {
      throw core::ServiceError("ValidationError", "Invalid resource type: " + type);
    }
    GroupTag tag;
    tag.key = t.str_or("Key", "");
    tag.value = t.str_or("Value", "");
    tag.propagate_at_launch = t.boolean("PropagateAtLaunch").value_or(false);
    out.emplace_back(t.str_or("ResourceId", ""), tag);
  }
  return out;
}

HttpResponse create_or_update_tags(AsgCall& call) {
  const auto tags = decode_resource_tags(call);
  call.run([&](AsgPartition& part, core::TimeMs) { call.model.create_or_update_tags(part, tags); });
  return call.empty();
}

HttpResponse delete_tags(AsgCall& call) {
  const auto tags = decode_resource_tags(call);
  call.run([&](AsgPartition& part, core::TimeMs) { call.model.delete_tags(part, tags); });
  return call.empty();
}

HttpResponse describe_tags(AsgCall& call) {
  const std::vector<QueryParams> filters = call.params.structs("Filters.member");
  struct Row {
    std::string group;
    GroupTag tag;
  };
  const auto rows = call.run([&](AsgPartition& part, core::TimeMs) {
    std::vector<Row> out;
    for (const auto& [name, g] : part.groups) {
      for (const GroupTag& t : g.tags) {
        bool ok = true;
        for (const QueryParams& f : filters) {
          const std::string fname = f.str_or("Name", "");
          const auto values = f.list("Values.member");
          auto has = [&](const std::string& v) {
            return std::find(values.begin(), values.end(), v) != values.end();
          };
          if (fname == "auto-scaling-group") {
            ok = ok && has(name);
          } else if (fname == "key") {
            ok = ok && has(t.key);
          } else if (fname == "value") {
            ok = ok && has(t.value);
          } else if (fname == "propagate-at-launch") {
            ok = ok && has(t.propagate_at_launch ? "true" : "false");
          } else {
            throw core::ServiceError("ValidationError", "Filter type " + fname +
                                                            " is not correct. Allowed Filter types "
                                                            "are: auto-scaling-group, key, value "
                                                            "and propagate-at-launch");
          }
        }
        if (ok) out.push_back({name, t});
      }
    }
    return out;
  });
  const Page page = page_of(call.params, rows.size(), 50, 100);
  XmlWriter xml = call.begin();
  xml.open("Tags");
  for (std::size_t i = page.begin; i < page.end; ++i) {
    xml.open("member");
    xml.leaf("ResourceId", rows[i].group).leaf("ResourceType", "auto-scaling-group");
    xml.leaf("Key", rows[i].tag.key).leaf("Value", rows[i].tag.value);
    xml.leaf("PropagateAtLaunch", rows[i].tag.propagate_at_launch);
    xml.close();
  }
  xml.close();
  xml.leaf_if("NextToken", page.next_token);
  return call.finish(xml);
}

// --- lifecycle hooks -----------------------------------------------------------------------------

HttpResponse put_lifecycle_hook(AsgCall& call) {
  const QueryParams& p = call.params;
  const std::string group = call.required("AutoScalingGroupName");
  LifecycleHook hook;
  hook.name = call.required("LifecycleHookName");
  const auto transition = p.str("LifecycleTransition");
  hook.transition = transition.value_or("");
  hook.role_arn = p.str_or("RoleARN", "");
  hook.notification_target_arn = p.str_or("NotificationTargetARN", "");
  hook.notification_metadata = p.str_or("NotificationMetadata", "");
  hook.heartbeat_timeout = p.integer("HeartbeatTimeout").value_or(3600);
  hook.default_result = p.str_or("DefaultResult", "ABANDON");
  call.run([&](AsgPartition& part, core::TimeMs) {
    call.model.put_lifecycle_hook(part, group, hook, transition.has_value());
  });
  return call.empty();
}

HttpResponse describe_lifecycle_hooks(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  const auto names = call.params.list("LifecycleHookNames.member");
  const auto hooks = call.run([&](AsgPartition& part, core::TimeMs) {
    std::vector<LifecycleHook> out;
    for (const auto& [name, h] : call.model.require_group(part, group).hooks) {
      if (names.empty() || std::find(names.begin(), names.end(), name) != names.end()) {
        out.push_back(h);
      }
    }
    return out;
  });
  XmlWriter xml = call.begin();
  xml.open("LifecycleHooks");
  for (const LifecycleHook& h : hooks) {
    xml.open("member");
    xml.leaf("LifecycleHookName", h.name).leaf("AutoScalingGroupName", group);
    xml.leaf("LifecycleTransition", h.transition);
    xml.leaf_if("NotificationTargetARN", h.notification_target_arn);
    xml.leaf_if("RoleARN", h.role_arn);
    xml.leaf_if("NotificationMetadata", h.notification_metadata);
    xml.leaf("HeartbeatTimeout", h.heartbeat_timeout);
    xml.leaf("GlobalTimeout", std::min<long long>(100 * h.heartbeat_timeout, 172800));
    xml.leaf("DefaultResult", h.default_result);
    xml.close();
  }
  xml.close();
  return call.finish(xml);
}

HttpResponse delete_lifecycle_hook(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  const std::string name = call.required("LifecycleHookName");
  call.run([&](AsgPartition& part, core::TimeMs) {
    call.model.delete_lifecycle_hook(part, group, name);
  });
  return call.empty();
}

HttpResponse complete_lifecycle_action(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  const std::string hook = call.required("LifecycleHookName");
  const std::string result = call.required("LifecycleActionResult");
  const std::string id = call.params.str_or("InstanceId", "");
  const std::string token = call.params.str_or("LifecycleActionToken", "");
  if (id.empty() && token.empty()) {
    throw core::ServiceError("ValidationError",
                             "Either InstanceId or LifecycleActionToken must be specified.");
  }
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.complete_lifecycle_action(part, group, hook, id, token, result, now);
  });
  return call.empty();
}

HttpResponse record_heartbeat(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  const std::string hook = call.required("LifecycleHookName");
  const std::string id = call.params.str_or("InstanceId", "");
  const std::string token = call.params.str_or("LifecycleActionToken", "");
  if (id.empty() && token.empty()) {
    throw core::ServiceError("ValidationError",
                             "Either InstanceId or LifecycleActionToken must be specified.");
  }
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.record_heartbeat(part, group, hook, id, token, now);
  });
  return call.empty();
}

HttpResponse describe_lifecycle_hook_types(AsgCall& call) {
  XmlWriter xml = call.begin();
  xml.open("LifecycleHookTypes");
  xml.leaf("member", "autoscaling:EC2_INSTANCE_LAUNCHING");
  xml.leaf("member", "autoscaling:EC2_INSTANCE_TERMINATING");
  xml.close();
  return call.finish(xml);
}

// --- warm pools ----------------------------------------------------------------------------------

HttpResponse put_warm_pool(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  WarmPool pool;
  if (auto v = call.params.integer("MaxGroupPreparedCapacity"))
    pool.max_group_prepared_capacity = *v;
  pool.min_size = call.params.integer("MinSize").value_or(0);
  pool.pool_state = call.params.str_or("PoolState", "Stopped");
  pool.reuse_on_scale_in =
      call.params.boolean("InstanceReusePolicy.ReuseOnScaleIn").value_or(false);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.put_warm_pool(part, group, pool, now);
  });
  return call.empty();
}

HttpResponse describe_warm_pool(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  struct Result {
    std::optional<WarmPool> pool;
    std::vector<Member> members;
  };
  const Result r = call.run([&](AsgPartition& part, core::TimeMs) {
    Group& g = call.model.require_group(part, group);
    Result out;
    out.pool = g.warm_pool;
    for (const Member& m : g.members) {
      if (m.warm) out.members.push_back(m);
    }
    return out;
  });
  const Page page = page_of(call.params, r.members.size(), 50, 50);
  XmlWriter xml = call.begin();
  if (r.pool) {
    xml.open("WarmPoolConfiguration");
    if (r.pool->max_group_prepared_capacity) {
      xml.leaf("MaxGroupPreparedCapacity", *r.pool->max_group_prepared_capacity);
    }
    xml.leaf("MinSize", r.pool->min_size);
    xml.leaf("PoolState", r.pool->pool_state);
    if (r.pool->pending_delete) xml.leaf("Status", "PendingDelete");
    xml.open("InstanceReusePolicy").leaf("ReuseOnScaleIn", r.pool->reuse_on_scale_in).close();
    xml.close();
  }
  xml.open("Instances");
  for (std::size_t i = page.begin; i < page.end; ++i) {
    const Member& m = r.members[i];
    xml.open("member");
    xml.leaf("InstanceId", m.instance_id).leaf("InstanceType", m.instance_type);
    xml.leaf("AvailabilityZone", m.zone).leaf("LifecycleState", m.state);
    xml.leaf("HealthStatus", m.health);
    xml.leaf_if("LaunchConfigurationName", m.launch_configuration);
    if (m.launch_template) write_template_ref(xml, "LaunchTemplate", *m.launch_template);
    xml.leaf("ProtectedFromScaleIn", m.protected_from_scale_in);
    xml.leaf_if("WeightedCapacity", m.weighted_capacity);
    xml.close();
  }
  xml.close();
  xml.leaf_if("NextToken", page.next_token);
  return call.finish(xml);
}

HttpResponse delete_warm_pool(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  const bool force = call.params.boolean("ForceDelete").value_or(false);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.delete_warm_pool(part, group, force, now);
  });
  return call.empty();
}

// --- load balancers / target groups / traffic sources --------------------------------------------

HttpResponse attach_load_balancers(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  const auto names = call.params.list("LoadBalancerNames.member");
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.attach_load_balancers(part, group, names, now);
  });
  return call.empty();
}

HttpResponse detach_load_balancers(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  const auto names = call.params.list("LoadBalancerNames.member");
  call.run([&](AsgPartition& part, core::TimeMs) {
    call.model.detach_load_balancers(part, group, names);
  });
  return call.empty();
}

HttpResponse attach_target_groups(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  const auto arns = call.params.list("TargetGroupARNs.member");
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.attach_target_groups(part, group, arns, now);
  });
  return call.empty();
}

HttpResponse detach_target_groups(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  const auto arns = call.params.list("TargetGroupARNs.member");
  call.run([&](AsgPartition& part, core::TimeMs) {
    call.model.detach_target_groups(part, group, arns);
  });
  return call.empty();
}

void split_sources(const AsgCall& call, std::vector<std::string>& lbs,
                   std::vector<std::string>& tgs) {
  for (const QueryParams& ts : call.params.structs("TrafficSources.member")) {
    const std::string id = ts.str_or("Identifier", "");
    (id.rfind("arn:", 0) == 0 ? tgs : lbs).push_back(id);
  }
}

HttpResponse attach_traffic_sources(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  std::vector<std::string> lbs, tgs;
  split_sources(call, lbs, tgs);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.require_group(part, group);
    // Both kinds are checked before either is attached, so a bad source attaches nothing.
    AsgModel::require_known_load_balancers(part, lbs);
    AsgModel::require_known_target_groups(part, tgs);
    if (!lbs.empty()) call.model.attach_load_balancers(part, group, lbs, now);
    if (!tgs.empty()) call.model.attach_target_groups(part, group, tgs, now);
  });
  return call.empty();
}

HttpResponse detach_traffic_sources(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  std::vector<std::string> lbs, tgs;
  split_sources(call, lbs, tgs);
  call.run([&](AsgPartition& part, core::TimeMs) {
    call.model.detach_load_balancers(part, group, lbs);
    call.model.detach_target_groups(part, group, tgs);
  });
  return call.empty();
}

// State of an attachment: InService once every in-service member is registered.
std::string attachment_state(const Group& g) {
  const bool any = std::any_of(g.members.begin(), g.members.end(),
                               [](const Member& m) { return m.state == "InService"; });
  return any ? "InService" : "Added";
}

// DescribeLoadBalancers (kind 0), DescribeLoadBalancerTargetGroups (1), DescribeTrafficSources
// (2, optionally only one TrafficSourceType); all page with MaxRecords / NextToken.
HttpResponse describe_attached(AsgCall& call, int kind) {
  const std::string group = call.required("AutoScalingGroupName");
  const std::string only_type = kind == 2 ? call.params.str_or("TrafficSourceType", "") : "";
  const Group g = call.run(
      [&](AsgPartition& part, core::TimeMs) { return call.model.require_group(part, group); });
  const std::string state = attachment_state(g);
  std::vector<std::pair<std::string, const char*>> rows;  // identifier, type
  if (kind != 1 && (only_type.empty() || only_type == "elb")) {
    for (const std::string& lb : g.load_balancers) rows.emplace_back(lb, "elb");
  }
  if (kind != 0 && (only_type.empty() || only_type == "elbv2")) {
    for (const std::string& tg : g.target_groups) rows.emplace_back(tg, "elbv2");
  }
  const long long page_size = kind == 2 ? 50 : 100;
  const Page page = page_of(call.params, rows.size(), page_size, page_size);
  XmlWriter xml = call.begin();
  xml.open(kind == 0 ? "LoadBalancers" : kind == 1 ? "LoadBalancerTargetGroups" : "TrafficSources");
  for (std::size_t i = page.begin; i < page.end; ++i) {
    const auto& [id, type] = rows[i];
    xml.open("member");
    if (kind == 0) xml.leaf("LoadBalancerName", id).leaf("State", state);
    if (kind == 1) xml.leaf("LoadBalancerTargetGroupARN", id).leaf("State", state);
    if (kind == 2)
      xml.leaf("TrafficSource", id).leaf("State", state).leaf("Identifier", id).leaf("Type", type);
    xml.close();
  }
  xml.close();
  xml.leaf_if("NextToken", page.next_token);
  return call.finish(xml);
}

HttpResponse describe_load_balancers(AsgCall& call) {
  return describe_attached(call, 0);
}
HttpResponse describe_target_groups(AsgCall& call) {
  return describe_attached(call, 1);
}
HttpResponse describe_traffic_sources(AsgCall& call) {
  return describe_attached(call, 2);
}

}  // namespace

void register_misc_actions(AsgActionTable& t) {
  t["SuspendProcesses"] = suspend_processes;
  t["ResumeProcesses"] = resume_processes;
  t["DescribeScalingProcessTypes"] = describe_process_types;
  t["DescribeTerminationPolicyTypes"] = describe_termination_policy_types;
  t["CreateOrUpdateTags"] = create_or_update_tags;
  t["DeleteTags"] = delete_tags;
  t["DescribeTags"] = describe_tags;
  t["PutLifecycleHook"] = put_lifecycle_hook;
  t["DescribeLifecycleHooks"] = describe_lifecycle_hooks;
  t["DeleteLifecycleHook"] = delete_lifecycle_hook;
  t["CompleteLifecycleAction"] = complete_lifecycle_action;
  t["RecordLifecycleActionHeartbeat"] = record_heartbeat;
  t["DescribeLifecycleHookTypes"] = describe_lifecycle_hook_types;
  t["PutWarmPool"] = put_warm_pool;
  t["DescribeWarmPool"] = describe_warm_pool;
  t["DeleteWarmPool"] = delete_warm_pool;
  t["AttachLoadBalancers"] = attach_load_balancers;
  t["DetachLoadBalancers"] = detach_load_balancers;
  t["DescribeLoadBalancers"] = describe_load_balancers;
  t["AttachLoadBalancerTargetGroups"] = attach_target_groups;
  t["DetachLoadBalancerTargetGroups"] = detach_target_groups;
  t["DescribeLoadBalancerTargetGroups"] = describe_target_groups;
  t["AttachTrafficSources"] = attach_traffic_sources;
  t["DetachTrafficSources"] = detach_traffic_sources;
  t["DescribeTrafficSources"] = describe_traffic_sources;
}

}  // namespace cloudlife::autoscaling::api
