// The Amazon SNS messages Auto Scaling sends to a group's notification topics (the EC2 Auto Scaling
// User Guide, "Amazon SNS notification options"; docs/autoscaling.md "Notifications"), and how
// cloudlife delivers them: as an `aws.sns` / `SNS Notification` service event whose detail is what
// an SNS subscriber receives (docs/control-plane.md "Service events").
// Contract: the builders are pure functions of their arguments (no clock, no random draw): the same
// activity gives the same message, so a --state-dir replay publishes the very same notifications.
// publish_sns_notification() puts one on the log; its MessageId is the event's id (derived from
// the content, like every service event id).
//
//   const std::string event = notification_event(a);   // "autoscaling:EC2_INSTANCE_LAUNCH"
//   auto msg = activity_notification_message(account, a, event, "i-0abc…", "EC2",
//                                            "AutoScalingGroup", now);
//   auto detail = sns_notification_detail(topic, notification_subject(event, a.group), msg, now);
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "autoscaling/asg_types.h"
#include "core/service_events.h"
#include "core/time.h"

namespace cloudlife::autoscaling {

inline constexpr const char* kTestNotification = "autoscaling:TEST_NOTIFICATION";

// The notification type a finished launch / termination activity sends: EC2_INSTANCE_LAUNCH(_ERROR)
// or EC2_INSTANCE_TERMINATE(_ERROR); "" for any other activity or status (InProgress, Cancelled).
std::string notification_event(const Activity& a);

// The SNS Subject AWS gives each notification type: `Auto Scaling: launch for group "web"`.
std::string notification_subject(const std::string& event, const std::string& group);

// The message of a launch / termination notification: the activity's fields plus Service, Time,
// AccountId, Event, EC2InstanceId, Origin and Destination (Details as an object). A successful one
// reads StatusCode "InProgress", Progress 50, as AWS sends it; an error reads the Failed activity.
nlohmann::json activity_notification_message(const std::string& account, const Activity& a,
                                             const std::string& event,
                                             const std::string& instance_id,
                                             const std::string& origin,
                                             const std::string& destination, core::TimeMs at);

// The message PutNotificationConfiguration sends: AccountId, RequestId, AutoScalingGroupARN,
// AutoScalingGroupName, Service, Event autoscaling:TEST_NOTIFICATION, Time. RequestId is a UUID
// derived from the group, topic and time (never a draw from the ID sequence).
nlohmann::json test_notification_message(const std::string& account, const std::string& group,
                                         const std::string& group_arn, const std::string& topic,
                                         core::TimeMs at);

// The detail of the service event: Type "Notification", TopicArn, Subject, Message (the message's
// compact JSON text), Timestamp. MessageId is added by the publisher (the event's own id).
nlohmann::json sns_notification_detail(const std::string& topic, const std::string& subject,
                                       const nlohmann::json& message, core::TimeMs at);

// Publishes one notification to `topic` as an aws.sns "SNS Notification" event (resources: the
// topic) on `log`.
void publish_sns_notification(core::ServiceEventLog& log, const std::string& account,
                              const std::string& region, const std::string& topic,
                              const std::string& subject, const nlohmann::json& message,
                              core::TimeMs at);

// --- lifecycle hook notifications (NotificationTargetARN: an SNS topic or an SQS queue) ---------

// The SNS Subject of a lifecycle action: `Auto Scaling:  Lifecycle action 'LAUNCHING' for instance
// i-… in progress.` (TERMINATING for the terminate transition).
std::string lifecycle_hook_subject(const std::string& transition, const std::string& instance_id);

// The message a hook's target receives when an instance enters Pending:Wait / Terminating:Wait:
// Origin, LifecycleHookName, Destination, AccountId, RequestId (derived from the token),
// LifecycleTransition, AutoScalingGroupName, Service, Time, EC2InstanceId, LifecycleActionToken
// and NotificationMetadata when the hook has it.
nlohmann::json lifecycle_hook_message(const std::string& account, const std::string& group,
                                      const LifecycleHook& hook, const std::string& instance_id,
                                      const std::string& token, core::TimeMs at);

// Delivers `message` to `target`: an SNS topic ARN (arn:aws:sns:…) as an aws.sns "SNS
// Notification" event with `subject`; an SQS queue ARN (arn:aws:sqs:…) as an aws.sqs "SQS Message"
// event whose detail is QueueArn, MessageId (the event's id), Body (the message's JSON text),
// SentTimestamp. Any other ARN delivers nothing (PutLifecycleHook refuses it first).
void publish_hook_notification(core::ServiceEventLog& log, const std::string& account,
                               const std::string& region, const std::string& target,
                               const std::string& subject, const nlohmann::json& message,
                               core::TimeMs at);

// "" when `arn` is an SNS topic or SQS queue ARN a hook may notify, else the ValidationError text.
std::string hook_target_problem(const std::string& arn);

}  // namespace cloudlife::autoscaling
