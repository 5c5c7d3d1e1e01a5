// What Auto Scaling announces on the event bus (source aws.autoscaling; the EC2 Auto Scaling User
// Guide's event reference, docs/control-plane.md "Service events"): a launch or termination
// activity that ends Successful / Failed, and a member entering Pending:Wait / Terminating:Wait
// for a lifecycle hook, with the documented detail fields. An ended launch / termination also
// sends the group's SNS notifications of that type (sns_notification.h).
#include <algorithm>

#include <nlohmann/json.hpp>

#include "autoscaling/asg_model.h"
#include "autoscaling/sns_notification.h"
#include "core/service_events.h"

namespace cloudlife::autoscaling {
namespace {

// The instance an activity names ("Launching a new EC2 instance: i-…", "Terminating EC2
// instance: i-…"), or "" (a failed launch names none).
std::string instance_of(const std::string& description) {
  const auto at = description.rfind("i-");
  if (at == std::string::npos) return "";
  std::string id = description.substr(at);
  const auto end = id.find_first_not_of("i-0123456789abcdef");
  return end == std::string::npos ? id : id.substr(0, end);
}

std::string instance_arn(const core::PartitionKey& key, const std::string& id) {
  return "arn:aws:ec2:" + key.region + ":" + key.account + ":instance/" + id;
}

}  // namespace

void AsgModel::publish_activity_event(const AsgPartition& p, const Activity& a, core::TimeMs at) {
  core::ServiceEventLog* log = ec2_.service_events();
  if (!log) return;
  const bool launch = a.description.rfind("Launching", 0) == 0;
  const bool terminate = a.description.rfind("Terminating", 0) == 0;
  if (!launch && !terminate) return;
  const bool ok = a.status == "Successful";
  if (!ok && a.status != "Failed") return;  // Cancelled activities announce nothing
  const std::string instance = instance_of(a.description);
  const bool into_warm = a.description.find("into warm pool") != std::string::npos;
  const bool from_warm = a.description.find("from warm pool") != std::string::npos;
  const std::string origin = from_warm ? "WarmPool" : (launch ? "EC2" : "AutoScalingGroup");
  const std::string destination = into_warm ? "WarmPool" : (launch ? "AutoScalingGroup" : "EC2");
  nlohmann::json details = nlohmann::json::parse(a.details, nullptr, false);
  if (details.is_discarded() || !details.is_object()) details = nlohmann::json::object();
  // As AWS's example events show: a successful launch / termination is announced with StatusCode
  // "InProgress" (the activity itself then ends Successful), an unsuccessful one "Failed".
  const nlohmann::json detail = {{"StatusCode", ok ? "InProgress" : "Failed"},
                                 {"Description", a.description},
                                 {"AutoScalingGroupName", a.group},
                                 {"ActivityId", a.id},
                                 {"Details", details},
                                 {"RequestId", a.id},
                                 {"StatusMessage", a.status_message},
                                 {"EndTime", core::format_iso8601_ms(a.end.value_or(at))},
                                 {"EC2InstanceId", instance},
                                 {"StartTime", core::format_iso8601_ms(a.start)},
                                 {"Cause", a.cause},
                                 {"Origin", origin},
                                 {"Destination", destination}};
  std::vector<std::string> resources = {a.group_arn};
  if (!instance.empty()) resources.push_back(instance_arn(p.key, instance));
  const std::string type =
      std::string(launch ? "EC2 Instance Launch " : "EC2 Instance Terminate ") +
      (ok ? "Successful" : "Unsuccessful");
  log->publish(core::eventbridge_envelope("aws.autoscaling", type, p.key.account, p.key.region, at,
                                          std::move(resources), detail, log->next_seq()));
  // The group's SNS notifications: one per topic configured for this type (none once the
  // configuration or the group is deleted).
  const auto group = p.groups.find(a.group);
  if (group == p.groups.end()) return;
  const std::string event = notification_event(a);
  for (const auto& [topic, types] : group->second.notifications) {
    if (std::find(types.begin(), types.end(), event) == types.end()) continue;
    publish_sns_notification(
        *log, p.key.account, p.key.region, topic, notification_subject(event, a.group),
        activity_notification_message(p.key.account, a, event, instance, origin, destination, at),
        at);
  }
}

void AsgModel::publish_lifecycle_event(const AsgPartition& p, const Group& g, const Member& m,
                                       const LifecycleHook& hook, const std::string& token,
                                       core::TimeMs at) {
  core::ServiceEventLog* log = ec2_.service_events();
  if (!log) return;
  const bool launching = hook.transition == "autoscaling:EC2_INSTANCE_LAUNCHING";
  nlohmann::json detail = {{"LifecycleActionToken", token},
                           {"AutoScalingGroupName", g.name},
                           {"LifecycleHookName", hook.name},
                           {"EC2InstanceId", m.instance_id},
                           {"LifecycleTransition", hook.transition},
                           {"Origin", launching ? "EC2" : "AutoScalingGroup"},
                           {"Destination", launching ? "AutoScalingGroup" : "EC2"}};
  if (!hook.notification_metadata.empty()) {
    detail["NotificationMetadata"] = hook.notification_metadata;
  }
  const std::string type = launching ? "EC2 Instance-launch Lifecycle Action"
                                     : "EC2 Instance-terminate Lifecycle Action";
  log->publish(core::eventbridge_envelope("aws.autoscaling", type, p.key.account, p.key.region, at,
                                          {g.arn}, std::move(detail), log->next_seq()));
  // The hook's own target (NotificationTargetARN) gets AWS's lifecycle notification message.
  if (!hook.notification_target_arn.empty()) {
    publish_hook_notification(
        *log, p.key.account, p.key.region, hook.notification_target_arn,
        lifecycle_hook_subject(hook.transition, m.instance_id),
        lifecycle_hook_message(p.key.account, g.name, hook, m.instance_id, token, at), at);
  }
}

void AsgModel::publish_hook_test_notification(const AsgPartition& p, const Group& g,
                                              const LifecycleHook& hook, core::TimeMs at) {
  core::ServiceEventLog* log = ec2_.service_events();
  if (!log || hook.notification_target_arn.empty()) return;
  publish_hook_notification(
      *log, p.key.account, p.key.region, hook.notification_target_arn,
      notification_subject(kTestNotification, g.name),
      test_notification_message(p.key.account, g.name, g.arn, hook.notification_target_arn, at),
      at);
}

}  // namespace cloudlife::autoscaling
