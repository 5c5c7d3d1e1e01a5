// The public Alibaba Cloud regions and zones that ECS serves, from src/ecs/data/regions.json.
// Contract: regions() lists every region of that file in its order, each with its zones, its
// LocalName in Chinese (the API's default, AcceptLanguage zh-CN) and English (en-US) and the
// RegionEndpoint DescribeRegions reports; find_region() is nullptr for any other RegionId. The data
// file is compiled in (CMake embeds it), parsed once on first use and never changes afterwards.
// docs/ecs.md ("Regions and zones") says where the data comes from and how to update it.
//
//   const RegionInfo* r = find_region("cn-hangzhou");
//   bool ok = r && r->has_zone("cn-hangzhou-b");
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cloudlife::ecs {

// The language of LocalName: AcceptLanguage zh-CN (default) or en-US.
enum class Language { kChinese, kEnglish };

struct RegionInfo {
  std::string region_id;
  std::string local_name_zh;
  std::string local_name_en;
  std::string endpoint;  // RegionEndpoint, e.g. ecs.aliyuncs.com or ecs.cn-zhangjiakou.aliyuncs.com
  std::string zone_prefix_zh;  // zone LocalName: "<prefix> 可用区 <letter>"
  std::string zone_prefix_en;  // zone LocalName: "<prefix> Zone <letter>"
  std::vector<std::string> zones;

  bool has_zone(std::string_view zone_id) const;
  const std::string& local_name(Language language) const;
  // "华东 1 可用区 B" / "Hangzhou Zone B" for cn-hangzhou-b.
  std::string zone_local_name(std::string_view zone_id, Language language) const;
};

const std::vector<RegionInfo>& regions();
const RegionInfo* find_region(std::string_view region_id);

// Parses the data file's text (exposed for the unit test); throws std::invalid_argument when a
// region lacks a field, has no zones, or names a zone that does not start with its own ID.
std::vector<RegionInfo> parse_region_catalog(std::string_view json_text);

}  // namespace cloudlife::ecs
