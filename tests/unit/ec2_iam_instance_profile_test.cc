// Units for the IAM instance profile rules: validation, ARN and id of what an instance reports.
#include <gtest/gtest.h>

#include <cctype>

#include "core/service_error.h"
#include "ec2/iam_instance_profile.h"

namespace cloudlife::ec2 {
namespace {

std::string code_of(const std::optional<IamProfileSpec>& spec) {
  try {
    validate_iam_profile(spec);
  } catch (const core::ServiceError& e) {
    return e.code();
  }
  return "";
}

TEST(IamInstanceProfile, ArnOrNameButNotBoth) {
  EXPECT_EQ(code_of(std::nullopt), "");
  EXPECT_EQ(code_of(IamProfileSpec{std::nullopt, "web"}), "");
  EXPECT_EQ(
      code_of(IamProfileSpec{"arn:aws:iam::123456789012:instance-profile/a/b/web", std::nullopt}),
      "");
  EXPECT_EQ(code_of(IamProfileSpec{"arn:aws:iam::123456789012:instance-profile/web", "web"}),
            "InvalidParameterCombination");
  EXPECT_EQ(code_of(IamProfileSpec{"arn:aws:iam::123456789012:role/web", std::nullopt}),
            "InvalidParameterValue");
  EXPECT_EQ(code_of(IamProfileSpec{"web", std::nullopt}), "InvalidParameterValue");
  EXPECT_EQ(code_of(IamProfileSpec{std::nullopt, ""}), "InvalidParameterValue");
}

TEST(IamInstanceProfile, IdIsAipaAndSeventeenUppercaseAlphanumericsStablePerAccountAndName) {
  const std::string id = iam_profile_id("123456789012", "web");
  ASSERT_EQ(id.size(), 21u);
  EXPECT_EQ(id.substr(0, 4), "AIPA");
  for (char c : id.substr(4)) EXPECT_TRUE(std::isupper(c) || std::isdigit(c)) << id;
  EXPECT_EQ(id, iam_profile_id("123456789012", "web"));
  EXPECT_NE(id, iam_profile_id("123456789012", "db"));
  EXPECT_NE(id, iam_profile_id("210987654321", "web"));
}

TEST(IamInstanceProfile, ResolvesANameToTheAccountsArnAndKeepsAGivenArn) {
  const InstanceIamProfile by_name = resolve_iam_profile({std::nullopt, "web"}, "123456789012");
  EXPECT_EQ(by_name.arn, "arn:aws:iam::123456789012:instance-profile/web");
  const std::string arn = "arn:aws:iam::123456789012:instance-profile/team/web";
  const InstanceIamProfile by_arn = resolve_iam_profile({arn, std::nullopt}, "999999999999");
  EXPECT_EQ(by_arn.arn, arn);
  EXPECT_EQ(by_arn.id, by_name.id);  // the same profile: same account, same name
}

}  // namespace
}  // namespace cloudlife::ec2
