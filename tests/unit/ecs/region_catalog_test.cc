// The region catalogue: the compiled-in data file parses, lookups, zone names, malformed files.
#include "ecs/region_catalog.h"

#include <stdexcept>

#include <gtest/gtest.h>

namespace cloudlife::ecs {
namespace {

TEST(RegionCatalog, HangzhouHasItsEightPublishedZones) {
  const RegionInfo* hz = find_region("cn-hangzhou");
  ASSERT_NE(hz, nullptr);
  EXPECT_EQ(hz->zones, (std::vector<std::string>{"cn-hangzhou-b", "cn-hangzhou-e", "cn-hangzhou-f",
                                                 "cn-hangzhou-g", "cn-hangzhou-h", "cn-hangzhou-i",
                                                 "cn-hangzhou-j", "cn-hangzhou-k"}));
  EXPECT_TRUE(hz->has_zone("cn-hangzhou-b"));
  EXPECT_FALSE(hz->has_zone("cn-hangzhou-a"));
  EXPECT_FALSE(hz->has_zone("cn-beijing-b"));
  EXPECT_EQ(hz->endpoint, "ecs.aliyuncs.com");
  EXPECT_EQ(hz->local_name(Language::kChinese), "华东1（杭州）");
  EXPECT_EQ(hz->local_name(Language::kEnglish), "China (Hangzhou)");
}

TEST(RegionCatalog, UnknownRegionsAreNotFound) {
  EXPECT_EQ(find_region("xx-nowhere-1"), nullptr);
  EXPECT_EQ(find_region(""), nullptr);
  EXPECT_EQ(find_region("cn-hangzhou-b"), nullptr);   // a zone is not a region
  EXPECT_EQ(find_region("ap-southeast-2"), nullptr);  // Sydney is closed
}

TEST(RegionCatalog, EveryRegionHasZonesOfItsOwn) {
  EXPECT_EQ(regions().size(), 28u);
  for (const RegionInfo& r : regions()) {
    EXPECT_FALSE(r.zones.empty()) << r.region_id;
    for (const std::string& z : r.zones) EXPECT_EQ(z.rfind(r.region_id, 0), 0u) << z;
  }
}

TEST(RegionCatalog, ZoneLocalNamesFollowTheApiPattern) {
  const RegionInfo* hz = find_region("cn-hangzhou");
  EXPECT_EQ(hz->zone_local_name("cn-hangzhou-b", Language::kChinese), "华东 1 可用区 B");
  EXPECT_EQ(hz->zone_local_name("cn-hangzhou-k", Language::kEnglish), "Hangzhou Zone K");
  const RegionInfo* sg = find_region("ap-southeast-1");
  EXPECT_EQ(sg->zone_local_name("ap-southeast-1c", Language::kEnglish), "Singapore Zone C");
}

TEST(RegionCatalog, MalformedFilesAreRefusedWithTheReason) {
  const char* no_zones = R"({"regions": [{"region_id": "r-1", "endpoint": "e",
      "local_name": {"zh-CN": "a", "en-US": "b"}, "zone_name_prefix": {"zh-CN": "a", "en-US": "b"},
      "zones": []}]})";
  EXPECT_THROW(parse_region_catalog(no_zones), std::invalid_argument);
  const char* foreign_zone = R"({"regions": [{"region_id": "r-1", "endpoint": "e",
      "local_name": {"zh-CN": "a", "en-US": "b"}, "zone_name_prefix": {"zh-CN": "a", "en-US": "b"},
      "zones": ["r-2a"]}]})";
  EXPECT_THROW(parse_region_catalog(foreign_zone), std::invalid_argument);
  const char* no_name =
      R"({"regions": [{"region_id": "r-1", "endpoint": "e", "zones": ["r-1a"]}]})";
  EXPECT_THROW(parse_region_catalog(no_name), std::invalid_argument);
  const auto ok = parse_region_catalog(R"({"regions": [{"region_id": "r-1", "endpoint": "e",
      "local_name": {"zh-CN": "a", "en-US": "b"}, "zone_name_prefix": {"zh-CN": "c", "en-US": "d"},
      "zones": ["r-1a"]}]})");
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok[0].zone_local_name("r-1a", Language::kEnglish), "d Zone A");
}

}  // namespace
}  // namespace cloudlife::ecs
