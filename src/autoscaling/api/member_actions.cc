// Member actions: TerminateInstanceInAutoScalingGroup, Detach/AttachInstances, Enter/ExitStandby,
// SetInstanceProtection, SetInstanceHealth, DescribeAutoScalingInstances,
// DescribeScalingActivities.
#include <algorithm>

#include "autoscaling/api/asg_call.h"
#include "autoscaling/api/paging.h"

namespace cloudlife::autoscaling::api {
namespace {

using protocol::HttpResponse;
using protocol::XmlWriter;

HttpResponse terminate_instance(AsgCall& call) {
  const std::string id = call.required("InstanceId");
  const bool decrement = call.required_bool("ShouldDecrementDesiredCapacity");
  const Activity a = call.run([&](AsgPartition& part, core::TimeMs now) {
    return call.model.terminate_instance(part, id, decrement, now);
  });
  XmlWriter xml = call.begin();
  xml.open("Activity");
  write_activity(xml, a);
  xml.close();
  return call.finish(xml);
}

HttpResponse activities_response(AsgCall& call, const std::vector<Activity>& activities) {
  XmlWriter xml = call.begin();
  write_activities(xml, activities);
  return call.finish(xml);
}

HttpResponse detach_instances(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  const auto ids = call.params.list("InstanceIds.member");
  const bool decrement = call.required_bool("ShouldDecrementDesiredCapacity");
  const auto activities = call.run([&](AsgPartition& part, core::TimeMs now) {
    return call.model.detach_instances(part, group, ids, decrement, now);
  });
  return activities_response(call, activities);
}

HttpResponse attach_instances(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  const auto ids = call.params.list("InstanceIds.member");
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.attach_instances(part, group, ids, now);
  });
  return call.empty();
}

HttpResponse enter_standby(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  const auto ids = call.params.list("InstanceIds.member");
  const bool decrement = call.required_bool("ShouldDecrementDesiredCapacity");
  const auto activities = call.run([&](AsgPartition& part, core::TimeMs now) {
    return call.model.enter_standby(part, group, ids, decrement, now);
  });
  return activities_response(call, activities);
}

HttpResponse exit_standby(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  const auto ids = call.params.list("InstanceIds.member");
  const auto activities = call.run([&](AsgPartition& part, core::TimeMs now) {
    return call.model.exit_standby(part, group, ids, now);
  });
  return activities_response(call, activities);
}

HttpResponse set_instance_protection(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  const auto ids = call.params.list("InstanceIds.member");
  const bool protect = call.required_bool("ProtectedFromScaleIn");
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.set_instance_protection(part, group, ids, protect, now);
  });
  return call.empty();
}

HttpResponse set_instance_health(AsgCall& call) {
  const std::string id = call.required("InstanceId");
  const std::string status = call.required("HealthStatus");
  const bool respect = call.params.boolean("ShouldRespectGracePeriod").value_or(true);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.set_instance_health(part, id, status, respect, now);
  });
  return call.empty();
}

HttpResponse describe_instances(AsgCall& call) {
  const auto ids = call.params.list("InstanceIds.member");
  const auto views = call.run(
      [&](AsgPartition& part, core::TimeMs) { return call.model.describe_instances(part, ids); });
  const Page page = page_of(call.params, views.size(), 50, 50);
  XmlWriter xml = call.begin();
  xml.open("AutoScalingInstances");
  for (std::size_t i = page.begin; i < page.end; ++i) {
    const Member& m = views[i].member;
    xml.open("member");
    xml.leaf("InstanceId", m.instance_id);
    xml.leaf("InstanceType", m.instance_type);
    xml.leaf("AutoScalingGroupName", views[i].group);
    xml.leaf("AvailabilityZone", m.zone);
    xml.leaf("LifecycleState", m.state);
    xml.leaf("HealthStatus", m.health == "Healthy" ? "HEALTHY" : "UNHEALTHY");
    xml.leaf_if("LaunchConfigurationName", m.launch_configuration);
    if (m.launch_template) write_template_ref(xml, "LaunchTemplate", *m.launch_template);
    xml.leaf("ProtectedFromScaleIn", m.protected_from_scale_in);
    xml.close();
  }
  xml.close();
  xml.leaf_if("NextToken", page.next_token);
  return call.finish(xml);
}

HttpResponse describe_activities(AsgCall& call) {
  const std::string group = call.params.str_or("AutoScalingGroupName", "");
  const auto ids = call.params.list("ActivityIds.member");
  const bool include_deleted = call.params.boolean("IncludeDeletedGroups").value_or(false);
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
  const Page page = page_of(call.params, activities.size(), 100, 100);
  XmlWriter xml = call.begin();
  xml.open("Activities");
  for (std::size_t i = page.begin; i < page.end; ++i) {
    xml.open("member");
    write_activity(xml, activities[i]);
    xml.close();
  }
  xml.close();
  xml.leaf_if("NextToken", page.next_token);
  return call.finish(xml);
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
