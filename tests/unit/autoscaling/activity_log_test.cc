// ActivityLog: activities found by ID in one lookup, the oldest forgotten beyond the capacity.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "autoscaling/activity_log.h"

namespace cloudlife::autoscaling {
namespace {

Activity activity(const std::string& id) {
  Activity a;
  a.id = id;
  return a;
}

std::vector<std::string> ids_of(const ActivityLog& log) {
  std::vector<std::string> out;
  for (const Activity& a : log) out.push_back(a.id);
  return out;
}

TEST(ActivityLog, FindsEachActivityByIdAndKeepsTheOrderAdded) {
  ActivityLog log;
  for (const char* id : {"a", "b", "c"}) log.add(activity(id));
  ASSERT_NE(log.find("b"), nullptr);
  EXPECT_EQ(log.find("b")->id, "b");
  EXPECT_EQ(log.find("z"), nullptr);
  EXPECT_EQ(ids_of(log), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(log.rbegin()->id, "c");
  EXPECT_EQ(log.back().id, "c");
}

TEST(ActivityLog, ForgetsTheOldestBeyondItsCapacity) {
  ActivityLog log(3);
  Activity& kept = log.add(activity("a1"));
  kept.status = "Successful";
  for (int i = 2; i <= 5; ++i) log.add(activity("a" + std::to_string(i)));
  EXPECT_EQ(log.size(), 3u);
  EXPECT_EQ(ids_of(log), (std::vector<std::string>{"a3", "a4", "a5"}));
  EXPECT_EQ(log.find("a1"), nullptr);
  EXPECT_EQ(log.find("a2"), nullptr);
  ASSERT_NE(log.find("a3"), nullptr);
  EXPECT_EQ(log.find("a3")->id, "a3");
  EXPECT_EQ(log.find("a5")->id, "a5");
}

TEST(ActivityLog, AnActivityStaysInPlaceWhileOthersAreAdded) {
  ActivityLog log(100);
  Activity* first = &log.add(activity("first"));
  for (int i = 0; i < 99; ++i) log.add(activity("x" + std::to_string(i)));
  EXPECT_EQ(log.find("first"), first);
}

}  // namespace
}  // namespace cloudlife::autoscaling
