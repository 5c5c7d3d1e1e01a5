// The engine guards itself: a bound on reconcile passes per group and virtual instant, and the
// internal-error log with the group's state when a group reaches it.
#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include "../support/engine_lock_for_test.h"
#include "autoscaling/asg_model.h"
#include "autoscaling/group_summary.h"
#include "autoscaling/pass_budget.h"
#include "core/engine.h"
#include "ec2/ec2_model.h"

namespace cloudlife::autoscaling {
namespace {

TEST(PassBudget, CountsPassesPerInstantAndStartsAgainAtTheNext) {
  PassBudget budget;
  const std::size_t limit = PassBudget::limit(2);
  EXPECT_EQ(limit, 1020u);
  for (std::size_t i = 0; i < limit; ++i) ASSERT_TRUE(budget.admit(5000, 2));
  EXPECT_FALSE(budget.admit(5000, 2));
  EXPECT_FALSE(budget.admit(5000, 2));
  EXPECT_TRUE(budget.admit(5001, 2));
  EXPECT_EQ(budget.passes(), 1u);
}

TEST(PassBudget, LargerGroupsGetMorePasses) {
  EXPECT_GT(PassBudget::limit(500), PassBudget::limit(5));
}

TEST(GroupSummary, NamesSizesZonesAndEveryMember) {
  Group g;
  g.name = "web";
  g.min_size = 1;
  g.max_size = 5;
  g.desired = 3;
  g.zones = {"us-east-1a", "us-east-1b"};
  g.suspended["AZRebalance"] = "User suspended at …";
  Member m;
  m.instance_id = "i-0123";
  m.zone = "us-east-1b";
  m.state = "Pending";
  m.protected_from_scale_in = true;
  m.rebalance_launch = true;
  g.add_member(m);
  EXPECT_EQ(group_state_summary(g),
            "group=web min=1 max=5 desired=3 zones=[us-east-1a,us-east-1b] "
            "suspended=[AZRebalance] new_instances_protected=false "
            "members=[i-0123 us-east-1b Pending Healthy protected rebalancing]");
}

class GuardTest : public ::testing::Test {
 protected:
  GuardTest() : engine_(options()), ec2_(engine_), model_(engine_, ec2_) {
    sink_ = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(16);
    previous_ = spdlog::default_logger();
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("guard", sink_));
  }
  ~GuardTest() override { spdlog::set_default_logger(previous_); }

  static core::EngineOptions options() {
    core::EngineOptions o;
    o.clock_mode = core::ClockMode::kFrozen;
    return o;
  }

  void create(long long desired) {
    engine_.transact([&](core::TimeMs now) {
      AsgPartition& p = model_.partition(core::test_lock(), key_);
      LaunchConfiguration lc;
      lc.name = "lc";
      lc.image_id = "ami-0123456789abcdef0";
      lc.instance_type = "t3.micro";
      model_.create_launch_configuration(p, lc, "", now);
      GroupSettings s;
      s.launch_configuration = "lc";
      s.min_size = 0;
      s.max_size = 10;
      s.desired = desired;
      s.zones = std::vector<std::string>{"us-east-1a", "us-east-1b"};
      model_.create_group(p, "g", s, now);
    });
  }

  std::size_t members() {
    return engine_.transact([&](core::TimeMs) {
      return model_.partition(core::test_lock(), key_).find_group("g")->members.size();
    });
  }

  core::PartitionKey key_{"123456789012", "us-east-1"};
  core::Engine engine_;
  ec2::Ec2Model ec2_;
  AsgModel model_;
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST_F(GuardTest, AGroupPastItsBudgetIsLoggedAndDeferredInsteadOfReconciledAgain) {
  create(2);
  ASSERT_EQ(members(), 2u);
  engine_.transact([&](core::TimeMs now) {
    AsgPartition& p = model_.partition(core::test_lock(), key_);
    Group& g = *p.find_group("g");
    // Passes that find nothing to do, as a livelock's would, until the budget is spent.
    while (g.pass_budget.passes() < PassBudget::limit(g.members.size())) {
      model_.reconcile(p, g, now);
    }
    g.desired = 3;
    model_.reconcile(p, g, now);  // over budget: logs and defers, launches nothing
    EXPECT_EQ(g.members.size(), 2u);
  });
  EXPECT_EQ(members(), 2u);  // nothing fired at this instant either
  const auto lines = sink_->last_formatted();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("[error]"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("internal error: Auto Scaling reconcile of g (123456789012/us-east-1)"),
            std::string::npos)
      << lines[0];
  EXPECT_NE(lines[0].find("group=g min=0 max=10 desired=3"), std::string::npos) << lines[0];
  engine_.advance(60 * core::kSecond);  // the deferred pass converges normally
  EXPECT_EQ(members(), 3u);
}

}  // namespace
}  // namespace cloudlife::autoscaling
