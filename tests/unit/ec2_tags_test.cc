// Units for EC2 tags: all-or-nothing CreateTags, the 50-tag limit, DeleteTags value semantics.
#include <gtest/gtest.h>

#include "core/engine.h"
#include "core/service_error.h"
#include "ec2/ec2_model.h"
#include "ec2/tag_operations.h"
#include "ec2/volumes.h"
#include "support/engine_lock_for_test.h"

namespace cloudlife::ec2 {
namespace {

class Ec2TagsTest : public ::testing::Test {
 protected:
  Ec2TagsTest() : engine_(core::EngineOptions{core::ClockMode::kFrozen}), model_(engine_) {
    CreateVolumeRequest r;
    r.availability_zone = "us-east-1a";
    r.size = 1;
    vid_ = engine_.transact(
        [&](core::TimeMs now) { return create_volume(model_, part(), r, now).volume_id.str(); });
  }

  Ec2Partition& part() {
    return model_.partition(core::test_lock(), {"123456789012", "us-east-1"});
  }
  const TagSet& tags() { return part().find_volume(vid_)->tags; }

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
  std::string vid_;
};

TEST_F(Ec2TagsTest, UnknownIdRefusesTheWholeRequest) {
  EXPECT_EQ(code_of([&] {
              create_tags(part(), {vid_, "i-0123456789abcdef0"}, {{"a", "b"}}, false);
            }),
            "InvalidInstanceID.NotFound");
  EXPECT_EQ(code_of([&] { create_tags(part(), {vid_, "x-1"}, {{"a", "b"}}, false); }), "InvalidID");
  EXPECT_TRUE(tags().empty());
}

TEST_F(Ec2TagsTest, ReservedPrefixAndLimit) {
  EXPECT_EQ(code_of([&] {
              create_tags(part(), {vid_}, {{"aws:x", "b"}}, false);
            }),
            "InvalidParameterValue");
  std::vector<Tag> fifty;
  for (int i = 0; i < 50; ++i) fifty.push_back({"k" + std::to_string(i), "v"});
  create_tags(part(), {vid_}, fifty, false);
  EXPECT_EQ(code_of([&] {
              create_tags(part(), {vid_}, {{"one-more", "v"}}, false);
            }),
            "TagLimitExceeded");
  EXPECT_EQ(tags().size(), 50u);
}

TEST_F(Ec2TagsTest, DeleteTagsHonoursValues) {
  create_tags(part(), {vid_}, {{"a", "1"}, {"b", ""}, {"c", "3"}}, false);
  delete_tags(part(), {vid_}, {{"a", std::string("2")}}, false);
  EXPECT_NE(tags().find("a"), nullptr);
  delete_tags(part(), {vid_}, {{"a", std::nullopt}, {"b", std::string("")}}, false);
  EXPECT_EQ(tags().find("a"), nullptr);
  EXPECT_EQ(tags().find("b"), nullptr);
  delete_tags(part(), {vid_}, {}, false);
  EXPECT_TRUE(tags().empty());
}

TEST_F(Ec2TagsTest, DescribeTagsFiltersAndPages) {
  std::vector<Tag> many;
  for (int i = 0; i < 7; ++i) many.push_back({"k" + std::to_string(i), "v"});
  create_tags(part(), {vid_}, many, false);
  DescribeTagsRequest r;
  r.filters = {{"key", {"k1", "k2"}}};
  EXPECT_EQ(describe_tags(part(), r).tags.size(), 2u);
  r.filters.clear();
  r.max_results = 5;
  const DescribeTagsResult first = describe_tags(part(), r);
  ASSERT_EQ(first.tags.size(), 5u);
  r.next_token = first.next_token;
  const DescribeTagsResult second = describe_tags(part(), r);
  EXPECT_EQ(second.tags.size(), 2u);
  EXPECT_TRUE(second.next_token.empty());
}

}  // namespace
}  // namespace cloudlife::ec2
