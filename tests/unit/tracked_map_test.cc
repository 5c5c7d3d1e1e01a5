// core::TrackedMap: which records it notes as possibly changed, and what it forgets.
#include "core/tracked_map.h"

#include <map>
#include <string>
#include <unordered_map>
#include <utility>

#include <gtest/gtest.h>

namespace cloudlife::core {
namespace {

using Records = TrackedMap<std::map<std::string, int>>;

Records three() {
  Records m;
  m.emplace("a", 1);
  m.emplace("b", 2);
  m.try_emplace("c", 3);
  m.take_noted();
  return m;
}

TEST(TrackedMap, NotesTheRecordsItHandsOutMutable) {
  Records m = three();
  auto it = m.find("b");
  it->second = 20;
  m.at("c") = 30;
  m["b"] += 1;  // noted once
  m.find("missing");
  EXPECT_TRUE(m.take_erased().empty());
  auto noted = m.take_noted();
  EXPECT_FALSE(noted.all);
  ASSERT_EQ(noted.records.size(), 2u);
  EXPECT_EQ(*noted.records[0], 21);
  EXPECT_EQ(*noted.records[1], 30);
  EXPECT_TRUE(m.take_noted().records.empty());  // handed over once
}

TEST(TrackedMap, ReadingAsConstNotesNothing) {
  Records m = three();
  const Records& read = m;
  EXPECT_EQ(read.find("a")->second, 1);
  EXPECT_EQ(read.at("b"), 2);
  int sum = 0;
  for (const auto& [key, value] : std::as_const(m)) sum += value;
  EXPECT_EQ(sum, 6);
  EXPECT_TRUE(m.contains("c"));
  auto noted = m.take_noted();
  EXPECT_FALSE(noted.all);
  EXPECT_TRUE(noted.records.empty());
}

TEST(TrackedMap, AMutableWalkNotesAll) {
  Records m = three();
  for (auto& [key, value] : m) value *= 2;
  m.find("a");
  auto noted = m.take_noted();
  EXPECT_TRUE(noted.all);
  EXPECT_TRUE(noted.records.empty());
  m.upper_bound("a");
  EXPECT_TRUE(m.take_noted().all);
  m.note_all();
  EXPECT_TRUE(m.take_noted().all);
}

TEST(TrackedMap, AnErasedRecordIsReportedGoneAndNoLongerNoted) {
  Records m = three();
  const int* b = &m.at("b");
  m.find("a");
  m.erase("b");
  m.erase(m.find("c"));
  EXPECT_EQ(m.erase("missing"), 0u);
  auto erased = m.take_erased();
  ASSERT_EQ(erased.size(), 2u);
  EXPECT_EQ(erased[0], static_cast<const void*>(b));
  auto noted = m.take_noted();
  ASSERT_EQ(noted.records.size(), 1u);
  EXPECT_EQ(*noted.records[0], 1);
}

TEST(TrackedMap, ARecordMadeAfterAnErasureIsNotedEvenAtTheSameAddress) {
  TrackedMap<std::unordered_map<std::string, int>> m;
  m.emplace("x", 1);
  m.take_noted();
  m.find("x");
  m.erase("x");
  m.emplace("y", 2);  // the allocator may well reuse the node
  EXPECT_EQ(m.take_erased().size(), 1u);
  auto noted = m.take_noted();
  ASSERT_EQ(noted.records.size(), 1u);
  EXPECT_EQ(*noted.records[0], 2);
}

TEST(TrackedMap, ManyNotesBecomeAll) {
  Records m;
  for (int k = 0; k < 4000; ++k) m.emplace("r" + std::to_string(k), k);
  m.take_noted();
  for (int k = 0; k < 256; ++k) m.find("r" + std::to_string(k));
  EXPECT_FALSE(m.take_noted().all);  // 256 of 4,000: within the bound
  for (int k = 0; k < 600; ++k) m.find("r" + std::to_string(k));
  auto noted = m.take_noted();  // past an eighth (500): a walk of all
  EXPECT_TRUE(noted.all);
  EXPECT_TRUE(noted.records.empty());
}

TEST(TrackedMap, ClearReportsEveryRecordGone) {
  Records m = three();
  m.find("a");
  m.clear();
  EXPECT_EQ(m.take_erased().size(), 3u);
  EXPECT_TRUE(m.take_noted().records.empty());
  EXPECT_TRUE(m.empty());
}

}  // namespace
}  // namespace cloudlife::core
