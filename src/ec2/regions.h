// The EC2 regions cloudlife knows and their Availability Zones.
// Contract: known_regions() lists real region names in a stable order; zones_of(region) gives the
// region's AZs ("us-east-1a"… with zone IDs "use1-az1"…). A region name not in the list (any
// well-formed name a client is configured with) gets three zones a, b, c so clients still work.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cloudlife::ec2 {

struct RegionInfo {
  std::string name;
  std::string opt_in_status;  // "opt-in-not-required" | "opted-in" | "not-opted-in"
  int zone_count;
};

struct ZoneInfo {
  std::string name;     // us-east-1a
  std::string zone_id;  // use1-az1
  std::string region;
};

const std::vector<RegionInfo>& known_regions();
std::vector<ZoneInfo> zones_of(std::string_view region);
bool is_zone_of(std::string_view region, std::string_view zone);
std::string region_endpoint(std::string_view region);  // ec2.us-east-1.amazonaws.com

}  // namespace cloudlife::ec2
