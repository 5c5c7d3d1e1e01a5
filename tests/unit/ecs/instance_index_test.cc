// The zone and status lists behind filtered DescribeInstances: launch order, moves on refresh.
#include "ecs/instance_index.h"

#include <gtest/gtest.h>

#include <map>

namespace cloudlife::ecs {
namespace {

struct IndexFixture : ::testing::Test {
  std::map<int, InstanceRecord> records;
  std::map<const InstanceRecord*, std::string> status;  // what status_at answers
  std::map<const InstanceRecord*, bool> settled;
  InstanceIndex index;
  int refreshed = 0;

  const InstanceRecord& launch(int seq, const std::string& zone, const std::string& s) {
    InstanceRecord& r = records[seq];
    r.seq = static_cast<std::uint64_t>(seq);
    r.data.instance_id = "i-" + std::to_string(seq);
    r.data.zone_id = zone;
    status[&r] = s;
    settled[&r] = false;
    index.add(r, s);
    return r;
  }
  void refresh() {
    index.refresh(
        [this](const InstanceRecord& r) {
          ++refreshed;
          return status[&r];
        },
        [this](const InstanceRecord& r) { return settled[&r]; });
  }
  std::vector<std::uint64_t> seqs(const InstanceIndex::List& list) {
    std::vector<std::uint64_t> out;
    for (const InstanceRecord* r : list) out.push_back(r->seq);
    return out;
  }
};

TEST_F(IndexFixture, ListsKeepLaunchOrderAcrossMoves) {
  const InstanceRecord& a = launch(1, "z-a", "Pending");
  const InstanceRecord& b = launch(2, "z-b", "Pending");
  const InstanceRecord& c = launch(3, "z-a", "Pending");
  EXPECT_EQ(seqs(index.zone("z-a")), (std::vector<std::uint64_t>{1, 3}));
  EXPECT_TRUE(index.zone("z-none").empty());
  // c settles first, then a: Running lists them in launch order all the same.
  status[&c] = "Running";
  settled[&c] = true;
  refresh();
  status[&a] = "Running";
  settled[&a] = true;
  refresh();
  EXPECT_EQ(seqs(index.status("Running")), (std::vector<std::uint64_t>{1, 3}));
  EXPECT_EQ(seqs(index.status("Pending")), (std::vector<std::uint64_t>{2}));
  EXPECT_EQ(seqs(index.zone_status("z-a", "Running")), (std::vector<std::uint64_t>{1, 3}));
  EXPECT_TRUE(index.zone_status("z-a", "Pending").empty());
  EXPECT_EQ(seqs(index.zone_status("z-b", "Pending")), (std::vector<std::uint64_t>{2}));
  EXPECT_EQ(index.unsettled_count(), 1u);
  (void)b;
}

TEST_F(IndexFixture, OnlyUnsettledInstancesAreReRead) {
  const InstanceRecord& a = launch(1, "z", "Pending");
  launch(2, "z", "Pending");
  for (auto& [r, s] : status) s = "Running";
  for (auto& [r, s] : settled) s = true;
  refresh();
  EXPECT_EQ(refreshed, 2);
  refresh();
  EXPECT_EQ(refreshed, 2);  // nothing unsettled: nothing re-read
  // A change (StopInstance) touches the instance: its next status is read again.
  status[&a] = "Stopping";
  settled[&a] = false;
  index.touch(a);
  index.touch(a);  // once only
  refresh();
  EXPECT_EQ(refreshed, 3);
  EXPECT_EQ(seqs(index.status("Stopping")), (std::vector<std::uint64_t>{1}));
  EXPECT_EQ(seqs(index.status("Running")), (std::vector<std::uint64_t>{2}));
}

TEST_F(IndexFixture, RemovedInstancesLeaveEveryList) {
  const InstanceRecord& a = launch(1, "z", "Pending");
  launch(2, "z", "Pending");
  index.remove(a);
  EXPECT_EQ(seqs(index.zone("z")), (std::vector<std::uint64_t>{2}));
  EXPECT_EQ(seqs(index.zone_status("z", "Pending")), (std::vector<std::uint64_t>{2}));
  EXPECT_EQ(seqs(index.status("Pending")), (std::vector<std::uint64_t>{2}));
  EXPECT_EQ(index.unsettled_count(), 1u);
  index.touch(a);  // gone: no effect
  EXPECT_EQ(index.unsettled_count(), 1u);
}

}  // namespace
}  // namespace cloudlife::ecs
