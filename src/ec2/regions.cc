#include "ec2/regions.h"

namespace cloudlife::ec2 {
namespace {

// Zone-id prefix: the first letters of each dash-separated word plus the trailing number
// ("us-east-1" -> "use1", "ap-southeast-2" -> "apse2"), as AWS forms them.
std::string zone_id_prefix(std::string_view region) {
  std::string out;
  std::size_t start = 0;
  std::vector<std::string_view> parts;
  while (start <= region.size()) {
    std::size_t end = region.find('-', start);
    if (end == std::string_view::npos) end = region.size();
    parts.push_back(region.substr(start, end - start));
    start = end + 1;
  }
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::string_view p = parts[i];
    if (p.empty()) continue;
    if (i == 0) {
      out += p;
    } else if (i + 1 == parts.size()) {
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

}  // namespace

const std::vector<RegionInfo>& known_regions() {
  static const std::vector<RegionInfo> regions = {
      {"us-east-1", "opt-in-not-required", 6},      {"us-east-2", "opt-in-not-required", 3},
      {"us-west-1", "opt-in-not-required", 2},      {"us-west-2", "opt-in-not-required", 4},
      {"ca-central-1", "opt-in-not-required", 3},   {"eu-west-1", "opt-in-not-required", 3},
      {"eu-west-2", "opt-in-not-required", 3},      {"eu-west-3", "opt-in-not-required", 3},
      {"eu-central-1", "opt-in-not-required", 3},   {"eu-north-1", "opt-in-not-required", 3},
      {"ap-northeast-1", "opt-in-not-required", 3}, {"ap-northeast-2", "opt-in-not-required", 4},
      {"ap-northeast-3", "opt-in-not-required", 3}, {"ap-southeast-1", "opt-in-not-required", 3},
      {"ap-southeast-2", "opt-in-not-required", 3}, {"ap-south-1", "opt-in-not-required", 3},
      {"sa-east-1", "opt-in-not-required", 3},      {"af-south-1", "not-opted-in", 3},
      {"ap-east-1", "not-opted-in", 3},             {"eu-south-1", "not-opted-in", 3},
      {"me-south-1", "not-opted-in", 3},
  };
  return regions;
}

std::vector<ZoneInfo> zones_of(std::string_view region) {
  int count = 3;
  for (const RegionInfo& r : known_regions()) {
    if (r.name == region) count = r.zone_count;
  }
  std::vector<ZoneInfo> zones;
  const std::string prefix = zone_id_prefix(region);
  for (int i = 0; i < count; ++i) {
    ZoneInfo z;
    z.name = std::string(region) + static_cast<char>('a' + i);
    z.zone_id = prefix + "-az" + std::to_string(i + 1);
    z.region = std::string(region);
    zones.push_back(std::move(z));
  }
  return zones;
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
