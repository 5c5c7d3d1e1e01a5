#include "autoscaling/termination_policy.h"

#include <gtest/gtest.h>

#include "autoscaling/placement.h"

namespace cloudlife::autoscaling {
namespace {

using core::kHour;
using core::kMinute;

TerminationCandidate cand(std::string id, std::string zone, core::TimeMs launched,
                          bool is_protected = false, bool current = true, long long age = 0) {
  TerminationCandidate c;
  c.instance_id = std::move(id);
  c.zone = std::move(zone);
  c.launched_at = launched;
  c.protected_from_scale_in = is_protected;
  c.uses_current_config = current;
  c.config_age = age;
  return c;
}

std::vector<std::string> ids(const std::vector<TerminationCandidate>& c,
                             const std::vector<std::size_t>& idx) {
  std::vector<std::string> out;
  for (std::size_t i : idx) out.push_back(c[i].instance_id);
  return out;
}

TEST(TerminationPolicy, DefaultPicksTheZoneWithMostInstances) {
  const std::vector<TerminationCandidate> c = {cand("a1", "a", 0), cand("b1", "b", 0),
                                               cand("b2", "b", 0)};
  EXPECT_EQ(ids(c, choose_for_termination(c, {{"a", 1}, {"b", 2}}, {"Default"}, 1, kHour)),
            std::vector<std::string>{"b1"});
}

TEST(TerminationPolicy, SeveralPicksKeepZonesBalanced) {
  const std::vector<TerminationCandidate> c = {cand("a1", "a", 0), cand("a2", "a", 0),
                                               cand("b1", "b", 0), cand("b2", "b", 0),
                                               cand("b3", "b", 0)};
  const auto picked = ids(c, choose_for_termination(c, {{"a", 2}, {"b", 3}}, {}, 3, kHour));
  ASSERT_EQ(picked.size(), 3u);
  int in_b = 0;
  for (const auto& id : picked) in_b += id[0] == 'b';
  EXPECT_EQ(in_b, 2);  // b: 3 -> 1, a: 2 -> 1
}

TEST(TerminationPolicy, ProtectedInstancesAreNeverChosen) {
  const std::vector<TerminationCandidate> c = {cand("a1", "a", 0, true), cand("b1", "b", 0)};
  EXPECT_EQ(ids(c, choose_for_termination(c, {{"a", 5}, {"b", 1}}, {"Default"}, 2, kHour)),
            std::vector<std::string>{"b1"});
}

TEST(TerminationPolicy, OldestAndNewestInstance) {
  const std::vector<TerminationCandidate> c = {cand("mid", "a", 10 * kMinute), cand("old", "a", 0),
                                               cand("new", "a", 20 * kMinute)};
  EXPECT_EQ(ids(c, choose_for_termination(c, {{"a", 3}}, {"OldestInstance"}, 1, kHour)),
            std::vector<std::string>{"old"});
  EXPECT_EQ(ids(c, choose_for_termination(c, {{"a", 3}}, {"NewestInstance"}, 1, kHour)),
            std::vector<std::string>{"new"});
}

TEST(TerminationPolicy, DefaultPrefersOutdatedConfigurationThenNextBillingHour) {
  const std::vector<TerminationCandidate> c = {cand("current", "a", 0, false, true, 5),
                                               cand("older", "a", 0, false, false, 1),
                                               cand("old", "a", 0, false, false, 3)};
  EXPECT_EQ(ids(c, choose_for_termination(c, {{"a", 3}}, {"Default"}, 1, kHour)),
            std::vector<std::string>{"older"});
  // Same configuration: the one closest to its next instance hour (55 min into its hour).
  const std::vector<TerminationCandidate> d = {cand("x", "a", 50 * kMinute),
                                               cand("y", "a", 5 * kMinute)};
  EXPECT_EQ(ids(d, choose_for_termination(d, {{"a", 2}}, {"Default"}, 1, kHour)),
            std::vector<std::string>{"y"});
}

TEST(TerminationPolicy, KnownPolicies) {
  EXPECT_TRUE(is_known_termination_policy("OldestLaunchTemplate"));
  EXPECT_TRUE(is_known_termination_policy("AllocationStrategy"));
  EXPECT_FALSE(is_known_termination_policy("Random"));
}

TEST(Placement, LaunchGoesToTheZoneWithFewest) {
  EXPECT_EQ(launch_zone({"a", "b", "c"}, {{"a", 1}, {"b", 0}, {"c", 1}}), "b");
  EXPECT_EQ(launch_zone({"a", "b", "c"}, {{"a", 1}, {"b", 1}, {"c", 1}}), "a");
  EXPECT_EQ(launch_zone({"c", "a"}, {}), "c");
}

TEST(Placement, ImbalanceOnlyBeyondOne) {
  const std::map<std::string, int> all_movable{{"a", 9}, {"b", 9}, {"c", 9}};
  EXPECT_FALSE(imbalance({"a", "b"}, {{"a", 1}, {"b", 2}}, all_movable));
  auto gap = imbalance({"a", "b", "c"}, {{"a", 0}, {"b", 2}, {"c", 1}}, all_movable);
  ASSERT_TRUE(gap);
  EXPECT_EQ(gap->first, "a");
  EXPECT_EQ(gap->second, "b");
  EXPECT_FALSE(imbalance({"a"}, {{"a", 7}}, all_movable));
}

TEST(Placement, RebalancingNeverShrinksAZoneWhoseMembersAreAllProtected) {
  // Issue 17: five protected members in a, none in b: nothing can move, so no launch either.
  EXPECT_FALSE(imbalance({"a", "b"}, {{"a", 5}, {"b", 0}}, {{"a", 0}, {"b", 0}}));
  // The longest zone is all protected: the next longest with a movable member gives one up.
  auto gap = imbalance({"a", "b", "c"}, {{"a", 5}, {"b", 3}, {"c", 0}}, {{"b", 1}});
  ASSERT_TRUE(gap);
  EXPECT_EQ(gap->first, "c");
  EXPECT_EQ(gap->second, "b");
  // ... but only while it holds at least two more than the shortest zone.
  EXPECT_FALSE(imbalance({"a", "b", "c"}, {{"a", 5}, {"b", 1}, {"c", 0}}, {{"b", 1}}));
}

TEST(Placement, RebalanceAllowanceIsTenPercentOfMaxAtLeastOne) {
  EXPECT_EQ(rebalance_allowance(0), 1);
  EXPECT_EQ(rebalance_allowance(5), 1);
  EXPECT_EQ(rebalance_allowance(20), 2);
  EXPECT_EQ(rebalance_allowance(109), 10);
}

}  // namespace
}  // namespace cloudlife::autoscaling
