// The ECS instance families and types, and what each zone sells, from
// src/ecs/data/instance_types.json.
// Contract: instance_catalog() is parsed once from the compiled-in data file and never changes; a
// type is sold in every zone of the region catalogue except the zones its family lists under
// not_on_sale_in, and in no zone listed under zones_not_on_sale (those sell nothing new). Disk
// categories: the catalogue's default list, less the zones named for a category. The rules
// launch_availability() and disk_availability() are pure: facts in, a decision out.
// docs/ecs.md ("Instance types and availability") says what is fact and what approximation.
//
//   const InstanceCatalog& c = instance_catalog();
//   if (c.launch_availability("ecs.g8i.large", "cn-hangzhou-b") != Availability::kOk) …
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace cloudlife::ecs {

struct InstanceTypeInfo {
  std::string instance_type;  // ecs.g7.large
  std::string family;         // ecs.g7
  int cpu = 0;
  double memory_gib = 0;
  // Published per-size figures, derived from the vCPU count (docs/ecs.md): ENIs, IPs per ENI,
  // bandwidth in Kbit/s, packets per second.
  int eni_quantity = 0;
  int eni_private_ips = 0;
  long long bandwidth_kbps = 0;
  long long pps = 0;
};

struct InstanceFamilyInfo {
  std::string family;
  std::string generation;  // ecs-6
  std::string category;    // General-purpose
  std::string level;       // EnterpriseLevel | CreditEntryLevel
  std::string processor;
  double base_ghz = 0;
  double turbo_ghz = 0;
  std::vector<std::string> disk_categories;  // what its instances take as system and data disks
  std::set<std::string, std::less<>> not_on_sale_in;
  std::vector<std::string> types;  // in the data file's order
};

enum class Availability {
  kOk,
  kUnknownType,     // InvalidInstanceType.ValueNotSupported
  kZoneNotOnSale,   // Zone.NotOnSale
  kNotInZone,       // InvalidResourceType.NotSupported
  kDiskNotInZone,   // InvalidDiskCategory.NotSupported (the zone does not sell it)
  kDiskNotForType,  // InvalidDiskCategory.NotSupported (the type does not take it)
};

class InstanceCatalog {
 public:
  const std::vector<InstanceFamilyInfo>& families() const { return families_; }
  const std::vector<InstanceTypeInfo>& types() const { return types_; }
  const InstanceTypeInfo* find_type(std::string_view instance_type) const;
  const InstanceFamilyInfo* find_family(std::string_view family) const;

  bool zone_on_sale(std::string_view zone_id) const;
  // The type is sold in the zone (and the zone sells at all).
  bool type_on_sale(const InstanceTypeInfo& type, std::string_view zone_id) const;
  std::vector<std::string> disk_categories(std::string_view zone_id) const;
  bool disk_on_sale(std::string_view category, std::string_view zone_id) const;

  // Can `instance_type` be launched in `zone_id` with a system disk of `system_disk_category`
  // ("" = not checked)?
  Availability launch_availability(std::string_view instance_type, std::string_view zone_id,
                                   std::string_view system_disk_category = "") const;
  // Can a data disk of `category` be created in `zone_id`?
  Availability disk_availability(std::string_view category, std::string_view zone_id) const;

  // Parses the data file's text; throws std::invalid_argument on a missing field, a type whose
  // name does not start with its family, or a duplicate type.
  static InstanceCatalog parse(std::string_view json_text);

 private:
  std::vector<InstanceFamilyInfo> families_;
  std::vector<InstanceTypeInfo> types_;
  std::map<std::string, std::size_t, std::less<>> type_index_;
  std::vector<std::string> default_disks_;
  std::map<std::string, std::set<std::string, std::less<>>, std::less<>> disk_not_in_;
  std::set<std::string, std::less<>> zones_not_on_sale_;
};

const InstanceCatalog& instance_catalog();

}  // namespace cloudlife::ecs
