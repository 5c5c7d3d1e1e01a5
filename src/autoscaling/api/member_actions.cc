// Member actions: TerminateInstanceInAutoScalingGroup, Detach/AttachInstances, Enter/ExitStandby,
// SetInstanceProtection, SetInstanceHealth, DescribeAutoScalingInstances,
// DescribeScalingActivities (decoded and encoded by the generated codec:
// codegen/autoscaling/members.ops).
#include <algorithm>

#include "autoscaling/api/asg_call.h"
#include "autoscaling_codec.h"
#include "protocol/aws_paging.h"

namespace cloudlife::autoscaling::api {
namespace {

constexpr protocol::PageRule kAsgInstancePages{protocol::PageStyle::kQuery, "maxRecords", 50, 1, 50,
                                               "InvalidNextToken",          "NextToken"};
constexpr protocol::PageRule kActivityPages{protocol::PageStyle::kQuery, "maxRecords", 100, 1, 100,
                                            "InvalidNextToken",          "NextToken"};

namespace wire = codec::autoscaling;
using protocol::HttpResponse;

void put_activity(wire::ActivityWriter& w, const Activity& a) {
  w.activity_id(a.id)
      .auto_scaling_group_name(a.group)
      .description(a.description)
      .cause(a.cause)
      .start_time(a.start);
  if (a.end) w.end_time(*a.end);
  w.status_code(a.status);
  if (!a.status_message.empty()) w.status_message(a.status_message);
  w.progress(a.progress)
      .details(a.details.empty() ? std::string_view("{}") : std::string_view(a.details))
      .auto_scaling_group_arn(a.group_arn);
}

// The answer of the actions whose output is an Activities list.
template <class Response>
HttpResponse activities_response(AsgCall& call, const std::vector<Activity>& activities) {
  Response out(call.ctx.request_id);
  out.activities(activities, put_activity);
  return out.finish();
}

HttpResponse terminate_instance(AsgCall& call) {
  const auto req = wire::TerminateInstanceInAutoScalingGroupRequest::decode(call.params);
  const Activity a = call.run([&](AsgPartition& part, core::TimeMs now) {
    return call.model.terminate_instance(part, req.instance_id,
                                         req.should_decrement_desired_capacity, now);
  });
  wire::TerminateInstanceInAutoScalingGroupResponse out(call.ctx.request_id);
  out.activity([&](wire::ActivityWriter& w) { put_activity(w, a); });
  return out.finish();
}

HttpResponse detach_instances(AsgCall& call) {
  const auto req = wire::DetachInstancesRequest::decode(call.params);
  const auto activities = call.run([&](AsgPartition& part, core::TimeMs now) {
    return call.model.detach_instances(part, req.auto_scaling_group_name, req.instance_ids,
                                       req.should_decrement_desired_capacity, now);
  });
  return activities_response<wire::DetachInstancesResponse>(call, activities);
}

HttpResponse attach_instances(AsgCall& call) {
  const auto req = wire::AttachInstancesRequest::decode(call.params);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.attach_instances(part, req.auto_scaling_group_name, req.instance_ids, now);
  });
  return wire::AttachInstancesResponse(call.ctx.request_id).finish();
}

HttpResponse enter_standby(AsgCall& call) {
  const auto req = wire::EnterStandbyRequest::decode(call.params);
  const auto activities = call.run([&](AsgPartition& part, core::TimeMs now) {
    return call.model.enter_standby(part, req.auto_scaling_group_name, req.instance_ids,
                                    req.should_decrement_desired_capacity, now);
  });
  return activities_response<wire::EnterStandbyResponse>(call, activities);
}

HttpResponse exit_standby(AsgCall& call) {
  const auto req = wire::ExitStandbyRequest::decode(call.params);
  const auto activities = call.run([&](AsgPartition& part, core::TimeMs now) {
    return call.model.exit_standby(part, req.auto_scaling_group_name, req.instance_ids, now);
  });
  return activities_response<wire::ExitStandbyResponse>(call, activities);
}

HttpResponse set_instance_protection(AsgCall& call) {
  const auto req = wire::SetInstanceProtectionRequest::decode(call.params);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.set_instance_protection(part, req.auto_scaling_group_name, req.instance_ids,
                                       req.protected_from_scale_in, now);
  });
  return wire::SetInstanceProtectionResponse(call.ctx.request_id).finish();
}

HttpResponse set_instance_health(AsgCall& call) {
  const auto req = wire::SetInstanceHealthRequest::decode(call.params);
  const bool respect = req.should_respect_grace_period.value_or(true);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.set_instance_health(part, req.instance_id, req.health_status, respect, now);
  });
  return wire::SetInstanceHealthResponse(call.ctx.request_id).finish();
}

HttpResponse describe_instances(AsgCall& call) {
  const auto req = wire::DescribeAutoScalingInstancesRequest::decode(call.params);
  const auto views = call.run([&](AsgPartition& part, core::TimeMs) {
    return call.model.describe_instances(part, req.instance_ids);
  });
  const protocol::Page page =
      protocol::aws_page(kAsgInstancePages, req.max_records, req.next_token, views.size());
  wire::DescribeAutoScalingInstancesResponse out(call.ctx.request_id);
  out.auto_scaling_instances([&](wire::AutoScalingInstancesWriter& list) {
    for (std::size_t i = page.begin; i < page.end; ++i) {
      const Member& m = views[i].member;
      list.item([&](wire::AutoScalingInstanceDetailsWriter& w) {
        w.instance_id(m.instance_id)
            .instance_type(m.instance_type)
            .auto_scaling_group_name(views[i].group)
            .availability_zone(m.zone)
            .lifecycle_state(m.state)
            .health_status(m.health == "Healthy" ? "HEALTHY" : "UNHEALTHY");
        if (!m.launch_configuration.empty()) w.launch_configuration_name(m.launch_configuration);
        if (const auto& lt = m.launch_template) {
          w.launch_template([&](wire::LaunchTemplateSpecificationWriter& t) {
            if (!lt->id.empty()) t.launch_template_id(lt->id);
            if (!lt->name.empty()) t.launch_template_name(lt->name);
            if (!lt->version.empty()) t.version(lt->version);
          });
        }
        w.protected_from_scale_in(m.protected_from_scale_in);
        if (!m.weighted_capacity.empty()) w.weighted_capacity(m.weighted_capacity);
      });
    }
  });
  if (!page.next_token.empty()) out.next_token(page.next_token);
  return out.finish();
}

HttpResponse describe_activities(AsgCall& call) {
  const auto req = wire::DescribeScalingActivitiesRequest::decode(call.params);
  const std::string group = req.auto_scaling_group_name.value_or("");
  const auto& ids = req.activity_ids;
  const bool include_deleted = req.include_deleted_groups.value_or(false);
  const auto activities = call.run([&](AsgPartition& part, core::TimeMs) {
    std::vector<Activity> out;
    for (auto it = part.activities.rbegin(); it != part.activities.rend(); ++it) {
      if (!group.empty() && it->group != group) continue;
      if (!ids.empty() && std::find(ids.begin(), ids.end(), it->id) == ids.end()) continue;
      if (ids.empty() && !include_deleted && group.empty() && !part.find_group(it->group)) continue;
      out.push_back(*it);
    }
    return out;
  });
  const protocol::Page page =
      protocol::aws_page(kActivityPages, req.max_records, req.next_token, activities.size());
  wire::DescribeScalingActivitiesResponse out(call.ctx.request_id);
  out.activities([&](wire::ActivitiesWriter& list) {
    for (std::size_t i = page.begin; i < page.end; ++i) {
      list.item([&](wire::ActivityWriter& w) { put_activity(w, activities[i]); });
    }
  });
  if (!page.next_token.empty()) out.next_token(page.next_token);
  return out.finish();
}

}  // namespace

void register_member_actions(AsgActionTable& t) {
  t["TerminateInstanceInAutoScalingGroup"] = terminate_instance;
  t["DetachInstances"] = detach_instances;
  t["AttachInstances"] = attach_instances;
  t["EnterStandby"] = enter_standby;
  t["ExitStandby"] = exit_standby;
  t["SetInstanceProtection"] = set_instance_protection;
  t["SetInstanceHealth"] = set_instance_health;
  t["DescribeAutoScalingInstances"] = describe_instances;
  t["DescribeScalingActivities"] = describe_activities;
}

}  // namespace cloudlife::autoscaling::api
