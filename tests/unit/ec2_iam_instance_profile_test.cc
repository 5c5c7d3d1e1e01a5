// Units for the IAM instance profile rules: validation, ARN and id of what an instance reports, and
// the one-association-per-instance rule of the association actions.
#include <gtest/gtest.h>

#include <cctype>

#include "core/engine.h"
#include "core/service_error.h"
#include "ec2/iam_instance_profile.h"
#include "ec2/iam_profile_associations.h"
#include "support/engine_lock_for_test.h"

namespace cloudlife::ec2 {
namespace {

std::string profile_code_of(const std::optional<IamProfileSpec>& spec) {
  try {
    validate_iam_profile(spec);
  } catch (const core::ServiceError& e) {
    return e.code();
  }
  return "";
}

TEST(IamInstanceProfile, ArnOrNameButNotBoth) {
  EXPECT_EQ(profile_code_of(std::nullopt), "");
  EXPECT_EQ(profile_code_of(IamProfileSpec{std::nullopt, "web"}), "");
  EXPECT_EQ(profile_code_of(
                IamProfileSpec{"arn:aws:iam::123456789012:instance-profile/a/b/web", std::nullopt}),
            "");
  EXPECT_EQ(
      profile_code_of(IamProfileSpec{"arn:aws:iam::123456789012:instance-profile/web", "web"}),
      "InvalidParameterCombination");
  EXPECT_EQ(profile_code_of(IamProfileSpec{"arn:aws:iam::123456789012:role/web", std::nullopt}),
            "InvalidParameterValue");
  EXPECT_EQ(profile_code_of(IamProfileSpec{"web", std::nullopt}), "InvalidParameterValue");
  EXPECT_EQ(profile_code_of(IamProfileSpec{std::nullopt, ""}), "InvalidParameterValue");
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

TEST(IamProfileAssociations, OneAssociationPerInstanceAndErrorsChangeNothing) {
  core::EngineOptions o;
  o.clock_mode = core::ClockMode::kFrozen;
  o.wall = [] { return core::TimeMs{1'795'262'400'000}; };
  core::Engine engine(o);
  Ec2Model model(engine);
  Ec2Partition& p = model.partition(core::test_lock(), {"123456789012", "us-east-1"});
  RunInstancesRequest r;
  r.spec.image_id = "ami-0123456789abcdef0";
  r.spec.instance_type = "t3.micro";
  r.spec.availability_zone = "us-east-1a";
  engine.transact([&](core::TimeMs now) {
    const std::string id = model.run_instances(p, r, now).instances.front().instance_id.str();
    const IamProfileSpec web{std::nullopt, "web"};
    auto code = [&](auto&& f) -> std::string {
      try {
        f();
      } catch (const core::ServiceError& e) {
        return e.code();
      }
      return "";
    };
    EXPECT_EQ(code([&] { associate_iam_profile(model, p, id, web, true, now); }),
              "DryRunOperation");
    EXPECT_FALSE(p.find_instance(id)->iam_profile);
    const IamProfileAssociation a = associate_iam_profile(model, p, id, web, false, now);
    EXPECT_EQ(a.state, "associating");
    EXPECT_EQ(a.association_id.rfind("iip-assoc-", 0), 0u);
    EXPECT_EQ(code([&] { associate_iam_profile(model, p, id, web, false, now); }),
              "IncorrectState");
    EXPECT_EQ(code([&] { replace_iam_profile_association(p, "iip-assoc-0", web, false, now); }),
              "InvalidAssociationID.NotFound");
    EXPECT_EQ(code([&] {
                replace_iam_profile_association(p, a.association_id, std::nullopt, false, now);
              }),
              "MissingParameter");
    EXPECT_EQ(p.find_instance(id)->iam_profile->association_id, a.association_id);
    const IamProfileAssociation d = disassociate_iam_profile(p, a.association_id, false);
    EXPECT_EQ(d.state, "disassociating");
    EXPECT_FALSE(p.find_instance(id)->iam_profile);
    EXPECT_TRUE(describe_iam_profile_associations(p, {}).associations.empty());
  });
}

}  // namespace
}  // namespace cloudlife::ec2
