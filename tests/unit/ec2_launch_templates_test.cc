// Units for launch templates: name rules, versions layered on a source version, default version,
// numbers never reused, and RunInstances resolving the template.
#include <gtest/gtest.h>

#include "core/engine.h"
#include "core/service_error.h"
#include "ec2/ec2_model.h"
#include "ec2/launch_template_operations.h"
#include "ec2/launch_template_warnings.h"
#include "support/engine_lock_for_test.h"

namespace cloudlife::ec2 {
namespace {

class Ec2LaunchTemplatesTest : public ::testing::Test {
 protected:
  Ec2LaunchTemplatesTest()
      : engine_(core::EngineOptions{core::ClockMode::kFrozen}), model_(engine_) {}

  Ec2Partition& part() {
    return model_.partition(core::test_lock(), {"123456789012", "us-east-1"});
  }

  LaunchTemplate create(const std::string& name) {
    CreateLaunchTemplateRequest r;
    r.name = name;
    r.has_data = true;
    r.data.image_id = "ami-0123456789abcdef0";
    r.data.instance_type = "t3.small";
    return engine_.transact(
        [&](core::TimeMs now) { return create_launch_template(part(), r, now); });
  }

  std::string code_of(const std::function<void()>& f) {
    try {
      f();
    } catch (const core::ServiceError& e) {
      return e.code();
    }
    return "";
  }

  core::Engine engine_;
  Ec2Model model_;
};

TEST_F(Ec2LaunchTemplatesTest, NameRules) {
  create("web");
  EXPECT_EQ(code_of([&] { create("ab"); }), "InvalidLaunchTemplateName.MalformedException");
  EXPECT_EQ(code_of([&] { create("with space"); }), "InvalidLaunchTemplateName.MalformedException");
  EXPECT_EQ(code_of([&] { create("web"); }), "InvalidLaunchTemplateName.AlreadyExistsException");
  CreateLaunchTemplateRequest empty;
  empty.name = "empty";
  EXPECT_EQ(code_of([&] { create_launch_template(part(), empty, 0); }), "MissingParameter");
  EXPECT_EQ(part().launch_templates.size(), 1u);
}

TEST_F(Ec2LaunchTemplatesTest, VersionsLayerOnSourceAndNumbersAreNotReused) {
  const LaunchTemplate lt = create("web");
  CreateLaunchTemplateVersionRequest v;
  v.selector.id = lt.id;
  v.source_version = "1";
  v.has_data = true;
  v.data.instance_type = "m5.large";
  const LaunchTemplateVersionView v2 = create_launch_template_version(part(), v, 0);
  EXPECT_EQ(v2.version.number, 2);
  EXPECT_EQ(v2.version.data.image_id, "ami-0123456789abcdef0");
  EXPECT_EQ(v2.version.data.instance_type, "m5.large");

  EXPECT_EQ(code_of([&] {
              modify_launch_template(part(), {lt.id, ""}, "666", false);
            }),
            "InvalidLaunchTemplateId.VersionNotFound");
  modify_launch_template(part(), {lt.id, ""}, "2", false);
  EXPECT_EQ(part().launch_templates.at(lt.id).default_version, 2);

  const auto outcomes = delete_launch_template_versions(part(), {lt.id, ""}, {"1", "2"}, false);
  EXPECT_TRUE(outcomes[0].error_code.empty());
  EXPECT_EQ(outcomes[1].error_code, "launchTemplateVersionIsDefaultVersion");
  v.source_version.clear();
  EXPECT_EQ(create_launch_template_version(part(), v, 0).version.number, 3);
}

TEST_F(Ec2LaunchTemplatesTest, RunInstancesUsesTheTemplate) {
  const LaunchTemplate lt = create("web");
  RunInstancesRequest r;
  r.launch_template = LaunchTemplateRef{lt.id, "", "$Default"};
  const ReservationView view =
      engine_.transact([&](core::TimeMs now) { return model_.run_instances(part(), r, now); });
  ASSERT_EQ(view.instances.size(), 1u);
  EXPECT_EQ(view.instances[0].instance_type, "t3.small");
  EXPECT_EQ(view.instances[0].extras().launch_template_id, lt.id);
}

TEST_F(Ec2LaunchTemplatesTest, DescribeVersionsOfAllTemplatesOnlyLatestOrDefault) {
  create("one");
  create("two");
  DescribeLaunchTemplateVersionsRequest r;
  r.versions = {"$Latest"};
  EXPECT_EQ(describe_launch_template_versions(part(), r).versions.size(), 2u);
  r.versions = {"1"};
  EXPECT_EQ(code_of([&] { describe_launch_template_versions(part(), r); }),
            "InvalidParameterCombination");
}

TEST(LaunchTemplateWarnings, AMalformedImageIsAWarningAndAWellFormedOneIsNot) {
  LaunchSpec data;
  EXPECT_TRUE(launch_template_warnings(data).empty());
  data.image_id = "ami-0123456789abcdef0";
  EXPECT_TRUE(launch_template_warnings(data).empty());
  data.image_id = "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64";
  EXPECT_TRUE(launch_template_warnings(data).empty());
  data.image_id = "ami-abc123";
  const std::vector<ValidationIssue> issues = launch_template_warnings(data);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].code, "InvalidAMIID.Malformed");
  EXPECT_EQ(issues[0].message, "Invalid id: \"ami-abc123\" (expecting \"ami-...\")");
}

TEST_F(Ec2LaunchTemplatesTest, AMalformedImageIsStoredNotRefused) {
  CreateLaunchTemplateRequest r;
  r.name = "moto-style";
  r.has_data = true;
  r.data.image_id = "ami-abc123";
  const LaunchTemplate lt =
      engine_.transact([&](core::TimeMs now) { return create_launch_template(part(), r, now); });
  EXPECT_EQ(lt.latest_version, 1);
}

}  // namespace
}  // namespace cloudlife::ec2
