// The EC2 regions cloudlife knows and their Availability Zones.
// Contract: known_regions() lists every commercial AWS region (docs/supported.md, "Regions and
// zones") in a stable order with its opt-in status: regions launched after March 2019 need an
// opt-in and answer "not-opted-in". zones_of(region) gives the region's real zones with their zone
// IDs; the pairing of zone names to zone IDs differs per AWS account, and cloudlife uses one fixed,
// documented pairing (us-east-1e is use1-az3, the zone that lacks most current types). A region
// name not in the list (any well-formed name a client is configured with) gets three zones a, b, c
// (IDs az1–az3) so clients still work.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cloudlife::ec2 {

struct ZoneSlot {
  char letter;  // the zone name's suffix: 'a' -> us-east-1a
  int number;   // the zone ID's number: 1 -> use1-az1
};

struct RegionInfo {
  std::string name;
  std::string opt_in_status;  // "opt-in-not-required" | "not-opted-in"
  std::vector<ZoneSlot> zones;
};

struct ZoneInfo {
  std::string name;     // us-east-1a
  std::string zone_id;  // use1-az1
  std::string region;
  int number = 0;  // the zone ID's number (1 for use1-az1)
};

const std::vector<RegionInfo>& known_regions();
const RegionInfo* find_region(std::string_view region);
// Built once per region name and kept (every launch reads it): the reference stays valid.
const std::vector<ZoneInfo>& zones_of(std::string_view region);
bool is_zone_of(std::string_view region, std::string_view zone);
std::string region_endpoint(std::string_view region);  // ec2.us-east-1.amazonaws.com
// "us-east-1" -> "use1", "ap-southeast-2" -> "apse2", "mx-central-1" -> "mxc1".
std::string zone_id_prefix(std::string_view region);

}  // namespace cloudlife::ec2
