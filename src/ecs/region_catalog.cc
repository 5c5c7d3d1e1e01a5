#include "ecs/region_catalog.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace cloudlife::ecs {
namespace {

// kRegionsJson: the text of src/ecs/data/regions.json, written by CMake into the build tree.
#include "ecs/regions_json.inc"

std::string text_field(const nlohmann::json& object, const char* name, const std::string& where) {
  if (!object.contains(name) || !object[name].is_string() ||
      object[name].get<std::string>().empty()) {
    throw std::invalid_argument(where + ": \"" + name + "\" must be a non-empty string");
  }
  return object[name].get<std::string>();
}

// The zone's letter(s) after the region ID: "b" for cn-hangzhou-b, "a" for ap-southeast-1a.
std::string zone_letter(const std::string& region_id, std::string_view zone_id) {
  std::string_view rest = zone_id.substr(region_id.size());
  if (!rest.empty() && rest.front() == '-') rest.remove_prefix(1);
  std::string letter(rest);
  std::transform(letter.begin(), letter.end(), letter.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return letter;
}

}  // namespace

bool RegionInfo::has_zone(std::string_view zone_id) const {
  return std::find(zones.begin(), zones.end(), zone_id) != zones.end();
}

const std::string& RegionInfo::local_name(Language language) const {
  return language == Language::kEnglish ? local_name_en : local_name_zh;
}

std::string RegionInfo::zone_local_name(std::string_view zone_id, Language language) const {
  const std::string letter = zone_letter(region_id, zone_id);
  if (language == Language::kEnglish) return zone_prefix_en + " Zone " + letter;
  return zone_prefix_zh + " 可用区 " + letter;
}

std::vector<RegionInfo> parse_region_catalog(std::string_view json_text) {
  const nlohmann::json doc = nlohmann::json::parse(json_text);
  if (!doc.contains("regions") || !doc["regions"].is_array()) {
    throw std::invalid_argument("regions.json: \"regions\" must be an array");
  }
  std::vector<RegionInfo> out;
  for (const nlohmann::json& r : doc["regions"]) {
    RegionInfo info;
    info.region_id = text_field(r, "region_id", "regions.json");
    const std::string where = "regions.json " + info.region_id;
    if (!r.contains("local_name") || !r.contains("zone_name_prefix")) {
      throw std::invalid_argument(where + ": needs local_name and zone_name_prefix");
    }
    info.local_name_zh = text_field(r["local_name"], "zh-CN", where);
    info.local_name_en = text_field(r["local_name"], "en-US", where);
    info.zone_prefix_zh = text_field(r["zone_name_prefix"], "zh-CN", where);
    info.zone_prefix_en = text_field(r["zone_name_prefix"], "en-US", where);
    info.endpoint = text_field(r, "endpoint", where);
    if (!r.contains("zones") || !r["zones"].is_array() || r["zones"].empty()) {
      throw std::invalid_argument(where + ": \"zones\" must be a non-empty array");
    }
    for (const nlohmann::json& z : r["zones"]) {
      if (!z.is_string()) throw std::invalid_argument(where + ": zones must be strings");
      const std::string zone = z.get<std::string>();
      if (zone.rfind(info.region_id, 0) != 0 || zone.size() <= info.region_id.size()) {
        throw std::invalid_argument(where + ": zone " + zone + " is not in this region");
      }
      info.zones.push_back(zone);
    }
    out.push_back(std::move(info));
  }
  return out;
}

const std::vector<RegionInfo>& regions() {
  static const std::vector<RegionInfo> kRegions = parse_region_catalog(kRegionsJson);
  return kRegions;
}

const RegionInfo* find_region(std::string_view region_id) {
  for (const RegionInfo& r : regions()) {
    if (r.region_id == region_id) return &r;
  }
  return nullptr;
}

}  // namespace cloudlife::ecs
