// ElbModel (src/autoscaling/elb/elb_model.h) driven directly under the engine lock, no HTTP:
// its refusals change nothing and carry the ELB / ELBv2 wording.
#include <gtest/gtest.h>

#include "../support/engine_lock_for_test.h"
#include "autoscaling/elb/elb_model.h"
#include "core/engine.h"
#include "ec2/ec2_model.h"

namespace cloudlife::autoscaling {
namespace {

class ElbModelTest : public ::testing::Test {
 protected:
  ElbModelTest() : engine_(options()), ec2_(engine_), elb_(ec2_) {}

  static core::EngineOptions options() {
    core::EngineOptions o;
    o.clock_mode = core::ClockMode::kFrozen;
    return o;
  }

  template <class F>
  core::ServiceError refusal(F&& f) {
    try {
      engine_.transact([&](core::TimeMs now) { f(now); });
    } catch (const core::ServiceError& e) {
      return e;
    }
    ADD_FAILURE() << "no ServiceError";
    return core::ServiceError("none", "");
  }

  core::PartitionKey key_{"123456789012", "us-east-1"};
  ElbPartition part_{core::test_lock(), key_};
  core::Engine engine_;
  ec2::Ec2Model ec2_;
  ElbModel elb_;
};

TEST_F(ElbModelTest, ALoadBalancerNeedsZonesAndIsIdempotentByName) {
  ClassicLoadBalancer lb;
  lb.listeners = {{"HTTP", 80, "HTTP", 8080}};
  lb.name = "web";
  core::ServiceError e =
      refusal([&](core::TimeMs now) { elb_.create_load_balancer(part_, lb, now); });
  EXPECT_EQ(e.code(), "ValidationError");
  EXPECT_EQ(e.message(), "Either AvailabilityZones or SubnetIds must be specified");
  EXPECT_TRUE(part_.load_balancers.empty());
  lb.zones = {"us-east-1a"};
  const std::string dns =
      engine_.transact([&](core::TimeMs now) { return elb_.create_load_balancer(part_, lb, now); });
  EXPECT_TRUE(dns.starts_with("web-"));
  EXPECT_TRUE(dns.ends_with(".us-east-1.elb.amazonaws.com"));
  EXPECT_EQ(
      engine_.transact([&](core::TimeMs now) { return elb_.create_load_balancer(part_, lb, now); }),
      dns);
  lb.subnets = {"subnet-00000000"};
  lb.name = "other";
  e = refusal([&](core::TimeMs now) { elb_.create_load_balancer(part_, lb, now); });
  EXPECT_EQ(e.code(), "SubnetNotFound");
  EXPECT_EQ(part_.load_balancers.size(), 1u);
}

TEST_F(ElbModelTest, ALoadBalancerNeedsListenersAndItsTagsFollowTheLimits) {
  ClassicLoadBalancer lb;
  lb.name = "web";
  lb.zones = {"us-east-1a"};
  core::ServiceError e =
      refusal([&](core::TimeMs now) { elb_.create_load_balancer(part_, lb, now); });
  EXPECT_EQ(e.code(), "ValidationError");
  EXPECT_EQ(e.message(), "Listeners cannot be empty");
  lb.listeners = {{"TCP", 443, "TCP", 443}};
  TagList many;
  for (int i = 0; i < 51; ++i) many.emplace_back("k" + std::to_string(i), "");
  e = refusal([&](core::TimeMs now) { elb_.create_load_balancer(part_, lb, now, many); });
  EXPECT_EQ(e.code(), "TooManyTags");
  EXPECT_EQ(e.message(),
            "The quota for the number of tags that can be assigned to a load balancer has been "
            "reached.");
  EXPECT_TRUE(part_.load_balancers.empty());
  engine_.transact([&](core::TimeMs now) {
    elb_.create_load_balancer(part_, lb, now, {{"env", "test"}});
  });
  e = refusal([&](core::TimeMs) {
    elb_.add_load_balancer_tags(part_, {"web", "nope"}, {{"team", "a"}});
  });
  EXPECT_EQ(e.code(), "LoadBalancerNotFound");
  EXPECT_EQ(part_.load_balancers.at("web").tags, (TagMap{{"env", "test"}}));
}

TEST_F(ElbModelTest, UnknownNamesAndUnregisteredInstancesAreRefused) {
  core::ServiceError e =
      refusal([&](core::TimeMs) { elb_.describe_load_balancers(part_, {"nope"}); });
  EXPECT_EQ(e.code(), "LoadBalancerNotFound");
  EXPECT_EQ(e.message(), "There is no ACTIVE Load Balancer named 'nope'");
  ClassicLoadBalancer lb;
  lb.listeners = {{"HTTP", 80, "HTTP", 8080}};
  lb.name = "web";
  lb.zones = {"us-east-1a"};
  engine_.transact([&](core::TimeMs now) { elb_.create_load_balancer(part_, lb, now); });
  e = refusal(
      [&](core::TimeMs) { elb_.register_instances(part_, "web", {"i-0123456789abcdef0"}); });
  EXPECT_EQ(e.code(), "InvalidInstance");
  EXPECT_EQ(e.message(), "The requested instance(s) are not valid: i-0123456789abcdef0");
  e = refusal(
      [&](core::TimeMs) { elb_.deregister_instances(part_, "web", {"i-0123456789abcdef0"}); });
  EXPECT_EQ(e.message(), "The requested instance(s) are not registered: i-0123456789abcdef0");
  e = refusal(
      [&](core::TimeMs) { elb_.describe_instance_health(part_, "web", {"i-0123456789abcdef0"}); });
  EXPECT_EQ(e.message(),
            "Could not find EC2 instance i-0123456789abcdef0 registered with load balancer");
  EXPECT_TRUE(part_.load_balancers.at("web").instances.empty());
}

TEST_F(ElbModelTest, TargetGroupsByNameAndTheirTargets) {
  TargetGroup tg;
  tg.name = "tg";
  tg.protocol = "HTTP";
  tg.port = 80;
  const TargetGroup a =
      engine_.transact([&](core::TimeMs) { return elb_.create_target_group(part_, tg); });
  EXPECT_TRUE(
      a.arn.starts_with("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg/"));
  // Same name and settings: the same group; other settings: DuplicateTargetGroupName.
  EXPECT_EQ(engine_.transact([&](core::TimeMs) { return elb_.create_target_group(part_, tg).arn; }),
            a.arn);
  tg.port = 8080;
  core::ServiceError e = refusal([&](core::TimeMs) { elb_.create_target_group(part_, tg); });
  EXPECT_EQ(e.code(), "DuplicateTargetGroupName");
  EXPECT_EQ(e.message(),
            "A target group with the same name 'tg' exists, but with different settings");
  e = refusal([&](core::TimeMs now) {
    elb_.register_targets(part_, a.arn, {{"i-0123456789abcdef0", 0}}, now);
  });
  EXPECT_EQ(e.code(), "InvalidTarget");
  const auto rows = engine_.transact([&](core::TimeMs now) {
    return elb_.describe_target_health(part_, a.arn, {{"i-0123456789abcdef0", 0}}, now);
  });
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].state, "unused");
  EXPECT_EQ(rows[0].reason, "Target.NotRegistered");
  EXPECT_EQ(rows[0].target.port, 80);  // the group's port
  e = refusal([&](core::TimeMs) { elb_.describe_target_groups(part_, {}, {"missing"}); });
  EXPECT_EQ(e.code(), "TargetGroupNotFound");
  e = refusal([&](core::TimeMs) { elb_.delete_target_group(part_, a.arn, true); });
  EXPECT_EQ(e.code(), "ResourceInUse");
  EXPECT_EQ(part_.target_groups.size(), 1u);
  engine_.transact([&](core::TimeMs) { elb_.delete_target_group(part_, a.arn, false); });
  EXPECT_TRUE(part_.target_groups.empty());
}

}  // namespace
}  // namespace cloudlife::autoscaling
