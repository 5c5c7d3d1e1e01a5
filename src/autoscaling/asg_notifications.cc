// Notification configurations (Put/Describe/DeleteNotificationConfiguration) and the account
// limits DescribeAccountLimits reports and CreateAutoScalingGroup / CreateLaunchConfiguration
// enforce. A configuration makes the group send its SNS notifications (sns_notification.h,
// docs/autoscaling.md "Notifications"): Put sends autoscaling:TEST_NOTIFICATION to the topic at
// once, as AWS does; ended launch / termination activities send the configured types
// (asg_service_events.cc); Delete, or deleting the group, stops them.
#include <algorithm>

#include "autoscaling/asg_model.h"
#include "autoscaling/sns_notification.h"

namespace cloudlife::autoscaling {

const std::vector<std::string>& AsgModel::notification_types() {
  static const std::vector<std::string> types = {
      "autoscaling:EC2_INSTANCE_LAUNCH", "autoscaling:EC2_INSTANCE_LAUNCH_ERROR",
      "autoscaling:EC2_INSTANCE_TERMINATE", "autoscaling:EC2_INSTANCE_TERMINATE_ERROR",
      "autoscaling:TEST_NOTIFICATION"};
  return types;
}

void AsgModel::put_notification_configuration(AsgPartition& p, const std::string& group,
                                              const std::string& topic,
                                              const std::vector<std::string>& types,
                                              core::TimeMs now) {
  Group& g = require_group(p, group);
  if (topic.rfind("arn:", 0) != 0 || topic.find(":sns:") == std::string::npos) {
    throw validation_error("Invalid TopicARN: " + topic);
  }
  if (types.empty()) {
    throw validation_error(
        "1 validation error detected: Value null at 'notificationTypes' failed to satisfy "
        "constraint: Member must not be null");
  }
  const auto& known = notification_types();
  std::vector<std::string> unique;
  for (const std::string& t : types) {
    if (std::find(known.begin(), known.end(), t) == known.end()) {
      throw validation_error("Invalid notification type: " + t);
    }
    if (std::find(unique.begin(), unique.end(), t) == unique.end()) unique.push_back(t);
  }
  g.notifications[topic] = unique;
  if (core::ServiceEventLog* log = ec2_.service_events()) {
    publish_sns_notification(
        *log, p.key.account, p.key.region, topic, notification_subject(kTestNotification, g.name),
        test_notification_message(p.key.account, g.name, g.arn, topic, now), now);
  }
}

void AsgModel::delete_notification_configuration(AsgPartition& p, const std::string& group,
                                                 const std::string& topic) {
  Group& g = require_group(p, group);
  if (g.notifications.erase(topic) == 0) {
    throw validation_error("Notification configuration for topic " + topic +
                           " not found for Auto Scaling group " + group + ".");
  }
}

}  // namespace cloudlife::autoscaling
