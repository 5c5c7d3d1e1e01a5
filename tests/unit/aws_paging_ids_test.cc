// The shared paginator and id validator of the AWS describes (src/protocol/aws_paging.h,
// aws_ids.h), and the catalogue templates that throw sites rely on word for word.
#include <gtest/gtest.h>

#include "protocol/aws_errors.h"
#include "protocol/aws_ids.h"
#include "protocol/aws_paging.h"

namespace cloudlife::protocol {
namespace {

constexpr PageRule kAsg{PageStyle::kQuery,  "maxRecords", 50, 1, 100,
                        "InvalidNextToken", "NextToken"};
constexpr PageRule kElb{PageStyle::kQuery, "pageSize", 400, 1, 400, "", "Marker"};
constexpr PageRule kEc2{PageStyle::kEc2, "maxResults", 1000, 5, 1000, "", "NextToken"};

template <class F>
core::ServiceError error_of(F&& f) {
  try {
    f();
  } catch (const core::ServiceError& e) {
    return e;
  }
  ADD_FAILURE() << "no ServiceError";
  return core::ServiceError("none", "");
}

TEST(AwsPaging, PagesByOffsetAndStopsAfterTheLast) {
  Page p = aws_page(kAsg, 2, std::nullopt, 5);
  EXPECT_EQ(p.begin, 0u);
  EXPECT_EQ(p.end, 2u);
  EXPECT_EQ(p.next_token, "2");
  p = aws_page(kAsg, 2, std::string("4"), 5);
  EXPECT_EQ(p.begin, 4u);
  EXPECT_EQ(p.end, 5u);
  EXPECT_EQ(p.next_token, "");
  p = aws_page(kAsg, std::nullopt, std::string(""), 0);  // empty token: first page
  EXPECT_EQ(p.end, 0u);
  EXPECT_EQ(p.next_token, "");
}

TEST(AwsPaging, SizeOutOfRangeIsTheServicesError) {
  core::ServiceError e = error_of([] { aws_page(kAsg, 0, std::nullopt, 3); });
  EXPECT_EQ(e.code(), "ValidationError");
  EXPECT_EQ(e.message(),
            "1 validation error detected: Value '0' at 'maxRecords' failed to satisfy "
            "constraint: Member must have value between 1 and 100");
  e = error_of([] { check_page_size(kEc2, 3); });
  EXPECT_EQ(e.code(), "InvalidParameterValue");
  EXPECT_EQ(e.message(),
            "Value ( 3 ) for parameter maxResults is invalid. Expecting a value greater than 5.");
  e = error_of([] { check_page_size(kEc2, 1001); });
  EXPECT_EQ(e.message(),
            "Value ( 1001 ) for parameter maxResults is invalid. Expecting a value less than or "
            "equal to 1000.");
  EXPECT_EQ(check_page_size(kElb, std::nullopt), 400);
}

TEST(AwsPaging, BadTokensAreRefusedInEachServicesWords) {
  core::ServiceError e = error_of([] { aws_page(kAsg, 1, std::string("x1"), 3); });
  EXPECT_EQ(e.code(), "InvalidNextToken");
  EXPECT_EQ(e.message(), "The token 'x1' is invalid.");
  e = error_of([] { aws_page(kAsg, 1, std::string("4"), 3); });  // past the end
  EXPECT_EQ(e.code(), "InvalidNextToken");
  e = error_of([] { aws_page(kElb, 1, std::string("-1"), 3); });
  EXPECT_EQ(e.code(), "ValidationError");
  EXPECT_EQ(e.message(), "Invalid value '-1' for parameter Marker.");
  e = error_of([] { aws_page(kEc2, 5, std::string("zz"), 3); });
  EXPECT_EQ(e.code(), "InvalidParameterValue");
  EXPECT_EQ(e.message(), "Value ( zz ) for parameter NextToken is invalid. The token is invalid.");
}

TEST(AwsIds, PrefixThenEightOrSeventeenLowerCaseHexDigits) {
  EXPECT_TRUE(is_well_formed_aws_id("i-0123456789abcdef0", "i-"));
  EXPECT_TRUE(is_well_formed_aws_id("vol-1234abcd", "vol-"));
  EXPECT_FALSE(is_well_formed_aws_id("i-0123456789ABCDEF0", "i-"));
  EXPECT_FALSE(is_well_formed_aws_id("i-123", "i-"));
  EXPECT_FALSE(is_well_formed_aws_id("vol-1234abcd", "i-"));
  EXPECT_FALSE(is_well_formed_aws_id("i-", "i-"));
  const core::ServiceError e = error_of([] {
    require_well_formed_ids({"i-1234abcd", "i-nothex00"}, "i-", "InvalidInstanceID.Malformed");
  });
  EXPECT_EQ(e.code(), "InvalidInstanceID.Malformed");
  EXPECT_EQ(e.message(), "Invalid id: \"i-nothex00\"");
  const core::ServiceError v =
      error_of([] { require_well_formed_ids({"vol-x"}, "vol-", "InvalidVolumeID.Malformed"); });
  EXPECT_EQ(v.message(), "Invalid id: \"vol-x\" (expecting \"vol-...\")");
}

// The wording of today's throw sites (src/ec2, src/autoscaling): migrating one to aws_error must
// not change what a client reads.
TEST(AwsErrors, TemplatesMatchTheThrowSitesWording) {
  EXPECT_EQ(aws_error("InvalidAMIID.Malformed", {"ami-x"}).message(),
            "Invalid id: \"ami-x\" (expecting \"ami-...\")");
  EXPECT_EQ(aws_error("InvalidSnapshotID.Malformed", {"snap-x"}).message(),
            "Invalid id: \"snap-x\" (expecting \"snap-...\")");
  EXPECT_EQ(aws_error_n("InvalidInstanceID.NotFound", 1, {"i-1"}).message(),
            "The instance ID 'i-1' does not exist");
  EXPECT_EQ(aws_error_n("InvalidInstanceID.NotFound", 2, {"i-1', 'i-2"}).message(),
            "The instance IDs 'i-1', 'i-2' do not exist");
  EXPECT_EQ(aws_error_n("InvalidAMIID.NotFound", 2, {"ami-1, ami-2"}).message(),
            "The image ids '[ami-1, ami-2]' do not exist");
  EXPECT_EQ(aws_error_n("InvalidVolume.NotFound", 2, {"vol-1, vol-2"}).message(),
            "The volumes 'vol-1, vol-2' do not exist.");
  EXPECT_EQ(aws_error("InvalidLaunchTemplateId.NotFound", {"lt-1"}).message(),
            "The specified launch template, with template ID lt-1, does not exist.");
  EXPECT_EQ(aws_error("DuplicateTargetGroupName", {"tg"}).message(),
            "A target group with the same name 'tg' exists, but with different settings");
  EXPECT_EQ(aws_error("InvalidTarget", {"i-1"}).message(),
            "The following targets are not in a running state and cannot be registered: 'i-1'");
  EXPECT_EQ(aws_error("InvalidInstance", {"whole text"}).message(), "whole text");
  EXPECT_EQ(aws_error("VolumeInUse", {"whole text"}).message(), "whole text");
  EXPECT_THROW(aws_error_n("InvalidSubnetID.NotFound", 2, {"a"}), std::logic_error);
}

}  // namespace
}  // namespace cloudlife::protocol
