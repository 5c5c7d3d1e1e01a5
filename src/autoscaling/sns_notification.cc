// Auto Scaling's SNS notification messages (sns_notification.h; docs/autoscaling.md
// "Notifications").
#include "autoscaling/sns_notification.h"

#include "core/ids.h"

namespace cloudlife::autoscaling {
namespace {

constexpr const char* kService = "AWS Auto Scaling";

// An RFC 4122-shaped UUID (8-4-4-4-12 hex) derived from `key`.
std::string derived_uuid(const std::string& key) {
  const std::string hex = core::derived_id("sns", key, 32).substr(4);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

}  // namespace

std::string notification_event(const Activity& a) {
  const bool launch = a.description.rfind("Launching", 0) == 0;
  const bool terminate = a.description.rfind("Terminating", 0) == 0;
  if (!launch && !terminate) return "";
  if (a.status != "Successful" && a.status != "Failed") return "";
  const bool failed = a.status == "Failed";
  if (launch) {
    return failed ? "autoscaling:EC2_INSTANCE_LAUNCH_ERROR" : "autoscaling:EC2_INSTANCE_LAUNCH";
  }
  return failed ? "autoscaling:EC2_INSTANCE_TERMINATE_ERROR" : "autoscaling:EC2_INSTANCE_TERMINATE";
}

std::string notification_subject(const std::string& event, const std::string& group) {
  std::string what;
  if (event == "autoscaling:EC2_INSTANCE_LAUNCH") {
    what = "launch";
  } else if (event == "autoscaling:EC2_INSTANCE_LAUNCH_ERROR") {
    what = "failed launch";
  } else if (event == "autoscaling:EC2_INSTANCE_TERMINATE") {
    what = "termination";
  } else if (event == "autoscaling:EC2_INSTANCE_TERMINATE_ERROR") {
    what = "failed termination";
  } else {
    what = "test notification";
  }
  return "Auto Scaling: " + what + " for group \"" + group + "\"";
}

nlohmann::json activity_notification_message(const std::string& account, const Activity& a,
                                             const std::string& event,
                                             const std::string& instance_id,
                                             const std::string& origin,
                                             const std::string& destination, core::TimeMs at) {
  nlohmann::json details = nlohmann::json::parse(a.details, nullptr, false);
  if (details.is_discarded() || !details.is_object()) details = nlohmann::json::object();
  // AWS sends a successful launch / termination while its activity is still at 50 %, InProgress
  // (the User Guide's examples, and what a subscriber receives); an error once it has Failed.
  const bool failed = a.status == "Failed";
  return {{"Origin", origin},
          {"Destination", destination},
          {"Progress", failed ? a.progress : 50},
          {"AccountId", account},
          {"Description", a.description},
          {"RequestId", a.id},
          {"EndTime", core::format_iso8601_ms(a.end.value_or(at))},
          {"AutoScalingGroupARN", a.group_arn},
          {"ActivityId", a.id},
          {"StartTime", core::format_iso8601_ms(a.start)},
          {"Service", kService},
          {"Time", core::format_iso8601_ms(at)},
          {"EC2InstanceId", instance_id},
          {"StatusCode", failed ? a.status : std::string("InProgress")},
          {"StatusMessage", a.status_message},
          {"Details", std::move(details)},
          {"AutoScalingGroupName", a.group},
          {"Cause", a.cause},
          {"Event", event}};
}

nlohmann::json test_notification_message(const std::string& account, const std::string& group,
                                         const std::string& group_arn, const std::string& topic,
                                         core::TimeMs at) {
  return {{"AccountId", account},
          {"RequestId", derived_uuid(group_arn + "|" + topic + "|" + std::to_string(at))},
          {"AutoScalingGroupARN", group_arn},
          {"AutoScalingGroupName", group},
          {"Service", kService},
          {"Event", kTestNotification},
          {"Time", core::format_iso8601_ms(at)}};
}

nlohmann::json sns_notification_detail(const std::string& topic, const std::string& subject,
                                       const nlohmann::json& message, core::TimeMs at) {
  return {{"Type", "Notification"},
          {"TopicArn", topic},
          {"Subject", subject},
          {"Message", message.dump()},
          {"Timestamp", core::format_iso8601_ms(at)}};
}

void publish_sns_notification(core::ServiceEventLog& log, const std::string& account,
                              const std::string& region, const std::string& topic,
                              const std::string& subject, const nlohmann::json& message,
                              core::TimeMs at) {
  nlohmann::json envelope = core::eventbridge_envelope(
      "aws.sns", "SNS Notification", account, region, at, {topic},
      sns_notification_detail(topic, subject, message, at), log.next_seq());
  envelope["detail"]["MessageId"] = envelope["id"];
  log.publish(std::move(envelope));
}

std::string lifecycle_hook_subject(const std::string& transition, const std::string& instance_id) {
  const bool launching = transition == "autoscaling:EC2_INSTANCE_LAUNCHING";
  return std::string("Auto Scaling:  Lifecycle action '") +
         (launching ? "LAUNCHING" : "TERMINATING") + "' for instance " + instance_id +
         " in progress.";
}

nlohmann::json lifecycle_hook_message(const std::string& account, const std::string& group,
                                      const LifecycleHook& hook, const std::string& instance_id,
                                      const std::string& token, core::TimeMs at) {
  const bool launching = hook.transition == "autoscaling:EC2_INSTANCE_LAUNCHING";
  nlohmann::json m = {{"Origin", launching ? "EC2" : "AutoScalingGroup"},
                      {"LifecycleHookName", hook.name},
                      {"Destination", launching ? "AutoScalingGroup" : "EC2"},
                      {"AccountId", account},
                      {"RequestId", derived_uuid("hook|" + token)},
                      {"LifecycleTransition", hook.transition},
                      {"AutoScalingGroupName", group},
                      {"Service", kService},
                      {"Time", core::format_iso8601_ms(at)},
                      {"EC2InstanceId", instance_id},
                      {"LifecycleActionToken", token}};
  if (!hook.notification_metadata.empty()) m["NotificationMetadata"] = hook.notification_metadata;
  return m;
}

namespace {

bool hook_arn_of_service(const std::string& arn, const char* service) {
  // arn:PARTITION:SERVICE:REGION:ACCOUNT:NAME
  const auto first = arn.find(':');
  const auto second = first == std::string::npos ? first : arn.find(':', first + 1);
  if (arn.rfind("arn:", 0) != 0 || second == std::string::npos) return false;
  const auto third = arn.find(':', second + 1);
  return third != std::string::npos && arn.substr(second + 1, third - second - 1) == service;
}

}  // namespace

void publish_hook_notification(core::ServiceEventLog& log, const std::string& account,
                               const std::string& region, const std::string& target,
                               const std::string& subject, const nlohmann::json& message,
                               core::TimeMs at) {
  if (hook_arn_of_service(target, "sns")) {
    publish_sns_notification(log, account, region, target, subject, message, at);
    return;
  }
  if (!hook_arn_of_service(target, "sqs")) return;
  nlohmann::json detail = {{"QueueArn", target},
                           {"Body", message.dump()},
                           {"SentTimestamp", core::format_iso8601_ms(at)}};
  nlohmann::json envelope = core::eventbridge_envelope("aws.sqs", "SQS Message", account, region,
                                                       at, {target}, detail, log.next_seq());
  envelope["detail"]["MessageId"] = envelope["id"];
  log.publish(std::move(envelope));
}

std::string hook_target_problem(const std::string& arn) {
  if (arn.empty() || hook_arn_of_service(arn, "sns") || hook_arn_of_service(arn, "sqs")) return "";
  return "Invalid NotificationTargetARN " + arn +
         ": a lifecycle hook notifies an Amazon SNS topic or an Amazon SQS queue.";
}

}  // namespace cloudlife::autoscaling
