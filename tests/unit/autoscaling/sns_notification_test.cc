// The SNS notification messages Auto Scaling sends (src/autoscaling/sns_notification.h).
#include "autoscaling/sns_notification.h"

#include <gtest/gtest.h>

namespace cloudlife::autoscaling {
namespace {

constexpr core::TimeMs kStart = 1'700'000'000'000;
const std::string kArn =
    "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/web";
const std::string kTopic = "arn:aws:sns:us-east-1:123456789012:asg-events";

Activity activity(const std::string& description, const std::string& status) {
  Activity a;
  a.id = "4e50ac14-2d21-4d91-a7cd-1f184f2b73d1";
  a.group = "web";
  a.group_arn = kArn;
  a.description = description;
  a.cause = "At 2023-11-14T22:13:20Z an instance was started in response to a difference.";
  a.details = R"({"Subnet ID":"subnet-1","Availability Zone":"us-east-1a"})";
  a.start = kStart;
  a.end = kStart + 2500;
  a.status = status;
  a.progress = 100;
  if (status == "Failed") a.status_message = "No capacity. Launching EC2 instance failed.";
  return a;
}

TEST(SnsNotification, EachEndedActivityMapsToItsType) {
  EXPECT_EQ(notification_event(activity("Launching a new EC2 instance: i-1", "Successful")),
            "autoscaling:EC2_INSTANCE_LAUNCH");
  EXPECT_EQ(
      notification_event(activity("Launching a new EC2 instance.  Status Reason: x", "Failed")),
      "autoscaling:EC2_INSTANCE_LAUNCH_ERROR");
  EXPECT_EQ(notification_event(activity("Terminating EC2 instance: i-1", "Successful")),
            "autoscaling:EC2_INSTANCE_TERMINATE");
  EXPECT_EQ(notification_event(activity("Terminating EC2 instance: i-1", "Failed")),
            "autoscaling:EC2_INSTANCE_TERMINATE_ERROR");
  EXPECT_EQ(notification_event(activity("Terminating EC2 instance: i-1", "InProgress")), "");
  EXPECT_EQ(notification_event(activity("Launching a new EC2 instance: i-1", "Cancelled")), "");
  EXPECT_EQ(notification_event(activity("Updating load balancers", "Successful")), "");
}

TEST(SnsNotification, SubjectsNameTheEventAndTheGroup) {
  EXPECT_EQ(notification_subject("autoscaling:EC2_INSTANCE_LAUNCH", "web"),
            "Auto Scaling: launch for group \"web\"");
  EXPECT_EQ(notification_subject("autoscaling:EC2_INSTANCE_LAUNCH_ERROR", "web"),
            "Auto Scaling: failed launch for group \"web\"");
  EXPECT_EQ(notification_subject("autoscaling:EC2_INSTANCE_TERMINATE", "web"),
            "Auto Scaling: termination for group \"web\"");
  EXPECT_EQ(notification_subject("autoscaling:EC2_INSTANCE_TERMINATE_ERROR", "web"),
            "Auto Scaling: failed termination for group \"web\"");
  EXPECT_EQ(notification_subject(kTestNotification, "web"),
            "Auto Scaling: test notification for group \"web\"");
}

TEST(SnsNotification, ALaunchMessageCarriesTheActivityAt50Percent) {
  const Activity a = activity("Launching a new EC2 instance: i-0abc", "Successful");
  const auto m = activity_notification_message("123456789012", a, "autoscaling:EC2_INSTANCE_LAUNCH",
                                               "i-0abc", "EC2", "AutoScalingGroup", kStart + 3000);
  EXPECT_EQ(m.size(), 19u);
  EXPECT_EQ(m["Service"], "AWS Auto Scaling");
  EXPECT_EQ(m["Event"], "autoscaling:EC2_INSTANCE_LAUNCH");
  EXPECT_EQ(m["StatusCode"], "InProgress");
  EXPECT_EQ(m["Progress"], 50);
  EXPECT_EQ(m["AccountId"], "123456789012");
  EXPECT_EQ(m["ActivityId"], a.id);
  EXPECT_EQ(m["RequestId"], a.id);
  EXPECT_EQ(m["AutoScalingGroupName"], "web");
  EXPECT_EQ(m["AutoScalingGroupARN"], kArn);
  EXPECT_EQ(m["EC2InstanceId"], "i-0abc");
  EXPECT_EQ(m["Description"], a.description);
  EXPECT_EQ(m["Cause"], a.cause);
  EXPECT_EQ(m["StatusMessage"], "");
  EXPECT_EQ(m["StartTime"], "2023-11-14T22:13:20.000Z");
  EXPECT_EQ(m["EndTime"], "2023-11-14T22:13:22.500Z");
  EXPECT_EQ(m["Time"], "2023-11-14T22:13:23.000Z");
  EXPECT_EQ(m["Details"]["Availability Zone"], "us-east-1a");
  EXPECT_EQ(m["Origin"], "EC2");
  EXPECT_EQ(m["Destination"], "AutoScalingGroup");
}

TEST(SnsNotification, AnErrorMessageCarriesTheFailedActivity) {
  const Activity a = activity("Launching a new EC2 instance.  Status Reason: x", "Failed");
  const auto m =
      activity_notification_message("123456789012", a, "autoscaling:EC2_INSTANCE_LAUNCH_ERROR", "",
                                    "EC2", "AutoScalingGroup", kStart);
  EXPECT_EQ(m["StatusCode"], "Failed");
  EXPECT_EQ(m["Progress"], 100);
  EXPECT_EQ(m["StatusMessage"], a.status_message);
  EXPECT_EQ(m["EC2InstanceId"], "");
}

TEST(SnsNotification, TheTestNotificationHasItsOwnShapeAndAStableRequestId) {
  const auto m = test_notification_message("123456789012", "web", kArn, kTopic, kStart);
  EXPECT_EQ(m.size(), 7u);
  EXPECT_EQ(m["Event"], "autoscaling:TEST_NOTIFICATION");
  EXPECT_EQ(m["Service"], "AWS Auto Scaling");
  EXPECT_EQ(m["AutoScalingGroupName"], "web");
  EXPECT_EQ(m["AutoScalingGroupARN"], kArn);
  EXPECT_EQ(m["AccountId"], "123456789012");
  EXPECT_EQ(m["Time"], "2023-11-14T22:13:20.000Z");
  const std::string id = m["RequestId"];
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(id[8], '-');
  EXPECT_EQ(id[23], '-');
  EXPECT_EQ(test_notification_message("123456789012", "web", kArn, kTopic, kStart)["RequestId"],
            id);
  EXPECT_NE(
      test_notification_message("123456789012", "web", kArn, kTopic + "2", kStart)["RequestId"],
      id);
}

TEST(SnsNotification, TheDetailIsWhatASubscriberReceives) {
  const nlohmann::json msg = {{"Event", "autoscaling:TEST_NOTIFICATION"}};
  const auto d = sns_notification_detail(
      kTopic, "Auto Scaling: test notification for group \"web\"", msg, kStart);
  EXPECT_EQ(d["Type"], "Notification");
  EXPECT_EQ(d["TopicArn"], kTopic);
  EXPECT_EQ(d["Subject"], "Auto Scaling: test notification for group \"web\"");
  EXPECT_EQ(d["Message"], R"({"Event":"autoscaling:TEST_NOTIFICATION"})");
  EXPECT_EQ(d["Timestamp"], "2023-11-14T22:13:20.000Z");
}

TEST(SnsNotification, PublishingUsesTheEventIdAsMessageId) {
  core::ServiceEventLog log;
  publish_sns_notification(log, "123456789012", "us-east-1", kTopic, "s",
                           nlohmann::json{{"Event", "x"}}, kStart);
  const auto page = log.query({});
  ASSERT_EQ(page.events.size(), 1u);
  EXPECT_EQ(page.events[0].source, "aws.sns");
  EXPECT_EQ(page.events[0].detail_type, "SNS Notification");
  const auto env = nlohmann::json::parse(page.events[0].envelope);
  EXPECT_EQ(env["resources"], nlohmann::json::array({kTopic}));
  EXPECT_EQ(env["detail"]["MessageId"], env["id"]);
  EXPECT_EQ(env["detail"]["TopicArn"], kTopic);
}

TEST(SnsNotification, LifecycleHookSubjectAndMessage) {
  EXPECT_EQ(lifecycle_hook_subject("autoscaling:EC2_INSTANCE_LAUNCHING", "i-0abc"),
            "Auto Scaling:  Lifecycle action 'LAUNCHING' for instance i-0abc in progress.");
  EXPECT_EQ(lifecycle_hook_subject("autoscaling:EC2_INSTANCE_TERMINATING", "i-0abc"),
            "Auto Scaling:  Lifecycle action 'TERMINATING' for instance i-0abc in progress.");
  LifecycleHook hook;
  hook.name = "drain";
  hook.transition = "autoscaling:EC2_INSTANCE_TERMINATING";
  auto m = lifecycle_hook_message("123456789012", "web", hook, "i-0abc", "tok", kStart);
  EXPECT_EQ(m["Origin"], "AutoScalingGroup");
  EXPECT_EQ(m["Destination"], "EC2");
  EXPECT_EQ(m["LifecycleActionToken"], "tok");
  EXPECT_EQ(m["Service"], "AWS Auto Scaling");
  EXPECT_FALSE(m.contains("NotificationMetadata"));
  // The same token gives the same message (a --state-dir replay publishes the same).
  EXPECT_EQ(m, lifecycle_hook_message("123456789012", "web", hook, "i-0abc", "tok", kStart));
  hook.notification_metadata = "meta";
  EXPECT_EQ(
      lifecycle_hook_message("1", "web", hook, "i-0abc", "tok", kStart)["NotificationMetadata"],
      "meta");
}

TEST(SnsNotification, HookTargetsAreSnsTopicsOrSqsQueues) {
  EXPECT_EQ(hook_target_problem(""), "");
  EXPECT_EQ(hook_target_problem(kTopic), "");
  EXPECT_EQ(hook_target_problem("arn:aws:sqs:us-east-1:123456789012:q"), "");
  EXPECT_NE(hook_target_problem("arn:aws:lambda:us-east-1:123456789012:function:f"), "");
  EXPECT_NE(hook_target_problem("sns"), "");
  core::ServiceEventLog log;
  publish_hook_notification(log, "123456789012", "us-east-1", "arn:aws:sqs:us-east-1:1:q", "s",
                            nlohmann::json{{"Event", "x"}}, kStart);
  publish_hook_notification(log, "123456789012", "us-east-1", kTopic, "s",
                            nlohmann::json{{"Event", "y"}}, kStart);
  const auto page = log.query({});
  ASSERT_EQ(page.events.size(), 2u);
  EXPECT_EQ(page.events[0].source, "aws.sqs");
  EXPECT_EQ(page.events[0].detail_type, "SQS Message");
  const auto env = nlohmann::json::parse(page.events[0].envelope);
  EXPECT_EQ(env["detail"]["Body"], R"({"Event":"x"})");
  EXPECT_EQ(env["detail"]["MessageId"], env["id"]);
  EXPECT_EQ(page.events[1].source, "aws.sns");
}

}  // namespace
}  // namespace cloudlife::autoscaling
