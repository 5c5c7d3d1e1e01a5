// Units for the rules of AMI deprecation, snapshot create-volume permissions, CopySnapshot's
// presigned URL and the launch zone chosen by ID (issues 9 and 10).
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "core/service_error.h"
#include "core/time.h"
#include "ec2/api/presigned_copy.h"
#include "ec2/image_deprecation.h"
#include "ec2/launch_spec.h"
#include "ec2/snapshot_attributes.h"

namespace cloudlife::ec2 {
namespace {

const core::TimeMs kNow = *core::parse_iso8601("2026-11-27T09:00:00.000Z");

std::string image_rule_code(const std::function<void()>& f) {
  try {
    f();
  } catch (const core::ServiceError& e) {
    return e.code();
  }
  return "";
}

TEST(ImageDeprecationRules, RoundsToTheNearestMinute) {
  EXPECT_EQ(checked_deprecation_time(*core::parse_iso8601("2027-01-01T10:00:29Z"), kNow, false, 0),
            *core::parse_iso8601("2027-01-01T10:00:00Z"));
  EXPECT_EQ(checked_deprecation_time(*core::parse_iso8601("2027-01-01T10:00:31Z"), kNow, false, 0),
            *core::parse_iso8601("2027-01-01T10:01:00Z"));
}

TEST(ImageDeprecationRules, RefusesThePastAndTooFar) {
  EXPECT_EQ(image_rule_code([] { checked_deprecation_time(kNow - core::kMinute, kNow, false, kNow); }),
            "InvalidParameterValue");
  EXPECT_EQ(image_rule_code([] {
              checked_deprecation_time(*core::parse_iso8601("2036-12-01T00:00:00Z"), kNow, false,
                                       kNow);
            }),
            "InvalidParameterValue");
  EXPECT_NO_THROW(
      checked_deprecation_time(*core::parse_iso8601("2036-11-01T00:00:00Z"), kNow, false, kNow));
  // A public AMI: at most two years after its creation date.
  const core::TimeMs created = *core::parse_iso8601("2026-01-01T00:00:00Z");
  EXPECT_EQ(image_rule_code([&] {
              checked_deprecation_time(*core::parse_iso8601("2028-06-01T00:00:00Z"), kNow, true,
                                       created);
            }),
            "InvalidParameterValue");
  EXPECT_NO_THROW(
      checked_deprecation_time(*core::parse_iso8601("2027-06-01T00:00:00Z"), kNow, true, created));
}

TEST(ImageDeprecationRules, OnlyOthersDeprecatedImagesAreLeftOut) {
  Image image;
  image.owner_id = "111122223333";
  EXPECT_TRUE(listed_despite_deprecation(image, "123456789012", kNow, false, false));
  image.deprecation_time = kNow + core::kHour;  // not yet
  EXPECT_FALSE(is_deprecated(image, kNow));
  EXPECT_TRUE(listed_despite_deprecation(image, "123456789012", kNow, false, false));
  image.deprecation_time = kNow;
  EXPECT_TRUE(is_deprecated(image, kNow));
  EXPECT_FALSE(listed_despite_deprecation(image, "123456789012", kNow, false, false));
  EXPECT_TRUE(listed_despite_deprecation(image, "123456789012", kNow, true, false));
  EXPECT_TRUE(listed_despite_deprecation(image, "123456789012", kNow, false, true));
  EXPECT_TRUE(listed_despite_deprecation(image, "111122223333", kNow, false, false));  // owner
}

TEST(SnapshotPermissionRules, RestorableByOwnerSharedAccountsAndAllWhenPublic) {
  Snapshot s;
  s.owner_id = "123456789012";
  EXPECT_TRUE(snapshot_restorable_by(s, "self", "123456789012"));
  EXPECT_TRUE(snapshot_restorable_by(s, "123456789012", "123456789012"));
  EXPECT_FALSE(snapshot_restorable_by(s, "111122223333", "123456789012"));
  EXPECT_FALSE(snapshot_restorable_by(s, "all", "123456789012"));
  s.volume_permission_user_ids = {"111122223333"};
  EXPECT_TRUE(snapshot_restorable_by(s, "111122223333", "123456789012"));
  EXPECT_TRUE(snapshot_restorable_by(s, "self", "111122223333"));
  s.volume_permission_public = true;
  EXPECT_TRUE(snapshot_restorable_by(s, "all", "123456789012"));
}

TEST(SnapshotPermissionRules, AttributeNames) {
  EXPECT_TRUE(is_snapshot_attribute_name("productCodes"));
  EXPECT_TRUE(is_snapshot_attribute_name("createVolumePermission"));
  EXPECT_FALSE(is_snapshot_attribute_name("description"));
  EXPECT_EQ(image_rule_code([] { require_modifiable_snapshot_attribute("productCodes"); }),
            "InvalidParameterValue");
  EXPECT_NO_THROW(require_modifiable_snapshot_attribute("createVolumePermission"));
}

TEST(CopySnapshotPresignedUrl, MustAskForTheSameCopy) {
  const std::string url =
      "https://ec2.us-west-2.amazonaws.com/?Action=CopySnapshot&Version=2016-11-15"
      "&SourceRegion=us-west-2&SourceSnapshotId=snap-0123456789abcdef0"
      "&DestinationRegion=us-east-1&X-Amz-Signature=abc";
  EXPECT_NO_THROW(api::check_copy_snapshot_presigned_url(url, "snap-0123456789abcdef0", "us-west-2",
                                                         "us-east-1"));
  EXPECT_EQ(image_rule_code([&] {
              api::check_copy_snapshot_presigned_url(url, "snap-0123456789abcdef1", "us-west-2",
                                                     "us-east-1");
            }),
            "InvalidParameterValue");
  EXPECT_EQ(image_rule_code([&] {
              api::check_copy_snapshot_presigned_url(url, "snap-0123456789abcdef0", "us-west-2",
                                                     "eu-west-1");
            }),
            "InvalidParameterValue");
  EXPECT_EQ(image_rule_code([] {
              api::check_copy_snapshot_presigned_url("https://x/", "snap-1", "us-west-2", "");
            }),
            "InvalidParameterValue");
  EXPECT_EQ(image_rule_code([] {
              api::check_copy_snapshot_presigned_url("https://x/?Action=DeleteSnapshot", "snap-1",
                                                     "us-west-2", "");
            }),
            "InvalidParameterValue");
}

TEST(LaunchSpecZoneChoice, ALayerNamingAZoneReplacesTheBasesChoice) {
  LaunchSpec base;
  base.availability_zone_id = "use1-az4";
  LaunchSpec request;
  EXPECT_EQ(request.merged_over(base).availability_zone_id, "use1-az4");
  request.availability_zone = "us-east-1b";
  const LaunchSpec merged = request.merged_over(base);
  EXPECT_EQ(merged.availability_zone, "us-east-1b");
  EXPECT_FALSE(merged.availability_zone_id.has_value());
  EXPECT_FALSE(merged.zone_choice_conflicts());
  request.availability_zone_id = "use1-az1";
  EXPECT_TRUE(request.zone_choice_conflicts());
}

}  // namespace
}  // namespace cloudlife::ec2
