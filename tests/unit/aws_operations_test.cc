// The operation table generated from the vendored AWS service models.
#include "protocol/aws_operations.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "protocol/aws_query_envelope.h"

namespace cloudlife::protocol {
namespace {

TEST(AwsOperations, EveryServiceTableIsSortedAndHoldsTheModelsActions) {
  for (AwsService s :
       {AwsService::kEc2, AwsService::kAutoScaling, AwsService::kElb, AwsService::kElbV2}) {
    const auto ops = aws_operations(s);
    ASSERT_FALSE(ops.empty());
    EXPECT_TRUE(std::is_sorted(ops.begin(), ops.end(),
                               [](const auto& a, const auto& b) { return a.name < b.name; }));
  }
  EXPECT_GT(aws_operations(AwsService::kEc2).size(), 600u);
  ASSERT_NE(find_aws_operation(AwsService::kEc2, "DescribeInstanceTypes"), nullptr);
  EXPECT_TRUE(find_aws_operation(AwsService::kEc2, "DescribeInstanceTypes")->has_output);
  EXPECT_EQ(find_aws_operation(AwsService::kEc2, "describeinstancetypes"), nullptr);
  EXPECT_EQ(find_aws_operation(AwsService::kEc2, "NotARealAction"), nullptr);
}

TEST(AwsOperations, OutputlessQueryOperationsAreKnownFromTheModel) {
  const AwsOperation* create =
      find_aws_operation(AwsService::kAutoScaling, "CreateAutoScalingGroup");
  ASSERT_NE(create, nullptr);
  EXPECT_FALSE(create->has_output);
  const AwsOperation* hook = find_aws_operation(AwsService::kAutoScaling, "DeleteLifecycleHook");
  ASSERT_NE(hook, nullptr);
  EXPECT_TRUE(hook->has_output);
}

TEST(AwsOperations, UnhandledActionsAreNotImplementedWhenTheModelHasThem) {
  const UnhandledAction missing = unhandled_action("ec2", "CreateVpnGateway");
  EXPECT_EQ(missing.status, 501);
  EXPECT_EQ(missing.code, "NotImplemented");
  EXPECT_EQ(missing.message, "cloudlife does not implement ec2:CreateVpnGateway");
  const UnhandledAction unknown = unhandled_action("autoscaling", "NotARealAction");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.code, "InvalidAction");
  EXPECT_EQ(unhandled_action("ecs", "RunInstances").code, "InvalidAction");
}

TEST(AwsOperations, AnEmptyQueryAnswerHasAResultOnlyWhenTheModelHasAnOutput) {
  const std::string ns = "http://autoscaling.amazonaws.com/doc/2011-01-01/";
  const HttpResponse create =
      aws_query_response_without_members("autoscaling", "CreateAutoScalingGroup", ns, "rid");
  EXPECT_EQ(create.body.find("CreateAutoScalingGroupResult"), std::string::npos);
  EXPECT_NE(create.body.find("<RequestId>rid</RequestId>"), std::string::npos);
  const HttpResponse hook =
      aws_query_response_without_members("autoscaling", "DeleteLifecycleHook", ns, "rid");
  EXPECT_NE(hook.body.find("DeleteLifecycleHookResult"), std::string::npos);
}

}  // namespace
}  // namespace cloudlife::protocol
