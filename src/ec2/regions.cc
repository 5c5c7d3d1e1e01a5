// The region table: every commercial region, its opt-in status and its zones (name letter and
// zone-ID number), as docs/supported.md lists them.
#include "ec2/regions.h"

#include <map>
#include <mutex>

namespace cloudlife::ec2 {
namespace {

constexpr const char* kDefaultOn = "opt-in-not-required";
constexpr const char* kOptIn = "not-opted-in";

std::vector<ZoneSlot> abc() {
  return {{'a', 1}, {'b', 2}, {'c', 3}};
}

}  // namespace

std::string zone_id_prefix(std::string_view region) {
  std::string out;
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= region.size()) {
    std::size_t end = region.find('-', start);
    if (end == std::string_view::npos) end = region.size();
    parts.push_back(region.substr(start, end - start));
    start = end + 1;
  }
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::string_view p = parts[i];
    if (p.empty()) continue;
    if (i == 0 || i + 1 == parts.size()) {
      out += p;
    } else if (p == "southeast") {
      out += "se";
    } else if (p == "northeast") {
      out += "ne";
    } else if (p == "southwest") {
      out += "sw";
    } else if (p == "northwest") {
      out += "nw";
    } else {
      out += p.front();
    }
  }
  return out;
}

const std::vector<RegionInfo>& known_regions() {
  static const std::vector<RegionInfo> regions = {
      {"us-east-1", kDefaultOn, {{'a', 1}, {'b', 2}, {'c', 4}, {'d', 6}, {'e', 3}, {'f', 5}}},
      {"us-east-2", kDefaultOn, abc()},
      {"us-west-1", kDefaultOn, {{'a', 1}, {'b', 3}}},
      {"us-west-2", kDefaultOn, {{'a', 1}, {'b', 2}, {'c', 3}, {'d', 4}}},
      {"ca-central-1", kDefaultOn, {{'a', 1}, {'b', 2}, {'d', 4}}},
      {"eu-west-1", kDefaultOn, abc()},
      {"eu-west-2", kDefaultOn, abc()},
      {"eu-west-3", kDefaultOn, abc()},
      {"eu-central-1", kDefaultOn, abc()},
      {"eu-north-1", kDefaultOn, abc()},
      {"ap-northeast-1", kDefaultOn, {{'a', 4}, {'c', 1}, {'d', 2}}},
      {"ap-northeast-2", kDefaultOn, {{'a', 1}, {'b', 2}, {'c', 3}, {'d', 4}}},
      {"ap-northeast-3", kDefaultOn, abc()},
      {"ap-southeast-1", kDefaultOn, abc()},
      {"ap-southeast-2", kDefaultOn, abc()},
      {"ap-south-1", kDefaultOn, abc()},
      {"sa-east-1", kDefaultOn, abc()},
      {"af-south-1", kOptIn, abc()},
      {"ap-east-1", kOptIn, abc()},
      {"ap-east-2", kOptIn, abc()},
      {"ap-south-2", kOptIn, abc()},
      {"ap-southeast-3", kOptIn, abc()},
      {"ap-southeast-4", kOptIn, abc()},
      {"ap-southeast-5", kOptIn, abc()},
      {"ap-southeast-6", kOptIn, abc()},
      {"ap-southeast-7", kOptIn, abc()},
      {"ca-west-1", kOptIn, abc()},
      {"eu-central-2", kOptIn, abc()},
      {"eu-south-1", kOptIn, abc()},
      {"eu-south-2", kOptIn, abc()},
      {"il-central-1", kOptIn, abc()},
      {"me-central-1", kOptIn, abc()},
      {"me-south-1", kOptIn, abc()},
      {"mx-central-1", kOptIn, abc()},
  };
  return regions;
}

const RegionInfo* find_region(std::string_view region) {
  for (const RegionInfo& r : known_regions()) {
    if (r.name == region) return &r;
  }
  return nullptr;
}

namespace {

std::vector<ZoneInfo> build_zones_of(std::string_view region) {
  const RegionInfo* known = find_region(region);
  const std::vector<ZoneSlot> slots = known ? known->zones : abc();
  std::vector<ZoneInfo> zones;
  const std::string prefix = zone_id_prefix(region);
  for (const ZoneSlot& slot : slots) {
    ZoneInfo z;
    z.name = std::string(region) + slot.letter;
    z.zone_id = prefix + "-az" + std::to_string(slot.number);
    z.region = std::string(region);
    z.number = slot.number;
    zones.push_back(std::move(z));
  }
  return zones;
}

}  // namespace

const std::vector<ZoneInfo>& zones_of(std::string_view region) {
  // Known regions: built on first use, read without a lock after that.
  static const std::vector<std::vector<ZoneInfo>> known = [] {
    std::vector<std::vector<ZoneInfo>> all;
    for (const RegionInfo& r : known_regions()) all.push_back(build_zones_of(r.name));
    return all;
  }();
  const std::vector<RegionInfo>& regions = known_regions();
  for (std::size_t i = 0; i < regions.size(); ++i) {
    if (regions[i].name == region) return known[i];
  }
  // Any other region name a client is configured with: kept once built (map nodes do not move).
  static std::mutex other_mu;
  static std::map<std::string, std::vector<ZoneInfo>, std::less<>> other;
  const std::lock_guard<std::mutex> lock(other_mu);
  auto it = other.find(region);
  if (it == other.end()) it = other.emplace(std::string(region), build_zones_of(region)).first;
  return it->second;
}

bool is_zone_of(std::string_view region, std::string_view zone) {
  for (const ZoneInfo& z : zones_of(region)) {
    if (z.name == zone) return true;
  }
  return false;
}

std::string region_endpoint(std::string_view region) {
  return "ec2." + std::string(region) + ".amazonaws.com";
}

}  // namespace cloudlife::ec2
