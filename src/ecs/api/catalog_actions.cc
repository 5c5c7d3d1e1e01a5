#include "ecs/api/catalog_actions.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "ecs/ecs_errors.h"
#include "ecs/instance_catalog.h"
#include "ecs/region_catalog.h"

namespace cloudlife::ecs::api {
namespace {

using nlohmann::json;

// AcceptLanguage: zh-CN (the API's default) names zones in Chinese, en-US in English; the other
// documented languages answer in English (docs/ecs.md).
void check_one_of_set(const Params& p, const std::string& name, const std::set<std::string>& ok) {
  const auto v = p.opt(name);
  if (v && !v->empty() && !ok.contains(*v)) throw errors::invalid_parameter(name);
}

const RegionInfo& require_region(const Params& p) {
  const std::string id = p.required("RegionId");
  const RegionInfo* r = find_region(id);
  if (!r) throw errors::region_not_found(id);
  return *r;
}

std::vector<std::string> types_on_sale(const std::string& zone) {
  const InstanceCatalog& catalog = instance_catalog();
  std::vector<std::string> out;
  for (const InstanceTypeInfo& t : catalog.types()) {
    if (catalog.type_on_sale(t, zone)) out.push_back(t.instance_type);
  }
  return out;
}

// Size limits in GiB per disk category (system disks: 20 to 2048 whatever the category).
std::pair<int, int> disk_size_range(const std::string& category, bool system) {
  if (system) return {20, 2048};
  if (category == "cloud") return {5, 2000};
  if (category == "cloud_essd_entry") return {10, 32768};
  return {20, 32768};
}

json supported(const std::string& value) {
  return {{"Value", value}, {"Status", "Available"}, {"StatusCategory", "WithStock"}};
}

json disk_supported(const std::string& category, bool system) {
  json s = supported(category);
  const auto [min, max] = disk_size_range(category, system);
  s["Min"] = min;
  s["Max"] = max;
  s["Unit"] = "GiB";
  return s;
}

struct ResourceQuery {
  std::string destination;  // Zone | IoOptimized | InstanceType | Network | SystemDisk | DataDisk
  std::string resource_type = "instance";  // instance | disk
  std::string instance_type;
  std::string system_disk_category;
  std::string data_disk_category;
  std::optional<double> cores;
  std::optional<double> memory;
};

bool family_takes(const InstanceTypeInfo& t, const std::string& category) {
  const InstanceFamilyInfo* f = instance_catalog().find_family(t.family);
  return f && std::find(f->disk_categories.begin(), f->disk_categories.end(), category) !=
                  f->disk_categories.end();
}

// What the zone offers for the query: the AvailableResource entries (empty: nothing offered).
json zone_resources(const ResourceQuery& q, const std::string& zone) {
  const InstanceCatalog& catalog = instance_catalog();
  if (!catalog.zone_on_sale(zone)) return json::array();
  const InstanceTypeInfo* type =
      q.instance_type.empty() ? nullptr : catalog.find_type(q.instance_type);
  const bool for_instance = q.resource_type == "instance";
  if (for_instance && !q.instance_type.empty() && (!type || !catalog.type_on_sale(*type, zone))) {
    return json::array();
  }
  if (for_instance && !q.system_disk_category.empty() &&
      (!catalog.disk_on_sale(q.system_disk_category, zone) ||
       (type && !family_takes(*type, q.system_disk_category)))) {
    return json::array();
  }
  json list = json::array();
  if (q.destination == "Zone") {
    list.push_back(supported(zone));
  } else if (q.destination == "IoOptimized") {
    list.push_back(supported("optimized"));
  } else if (q.destination == "Network") {
    list.push_back(supported("vpc"));
  } else if (q.destination == "InstanceType") {
    for (const InstanceTypeInfo& t : catalog.types()) {
      if (!catalog.type_on_sale(t, zone)) continue;
      if (type && t.instance_type != type->instance_type) continue;
      if (q.cores && t.cpu != *q.cores) continue;
      if (q.memory && t.memory_gib != *q.memory) continue;
      list.push_back(supported(t.instance_type));
    }
  } else {  // SystemDisk | DataDisk
    const bool system = q.destination == "SystemDisk";
    for (const std::string& category : catalog.disk_categories(zone)) {
      if (for_instance && type && !family_takes(*type, category)) continue;
      if (!system && !q.data_disk_category.empty() && category != q.data_disk_category) continue;
      if (system && category == "cloud") continue;  // basic disks are data disks only
      list.push_back(disk_supported(category, system));
    }
  }
  if (list.empty()) return json::array();
  return json::array(
      {{{"Type", q.destination}, {"SupportedResources", {{"SupportedResource", list}}}}});
}

json instance_type_json(const InstanceTypeInfo& t) {
  const InstanceFamilyInfo& f = *instance_catalog().find_family(t.family);
  return json{{"InstanceTypeId", t.instance_type},
              {"InstanceTypeFamily", t.family},
              {"InstanceCategory", f.category},
              {"InstanceFamilyLevel", f.level},
              {"CpuCoreCount", t.cpu},
              {"MemorySize", t.memory_gib},
              {"CpuArchitecture", "X86"},
              {"PhysicalProcessorModel", f.processor},
              {"CpuSpeedFrequency", f.base_ghz},
              {"CpuTurboFrequency", f.turbo_ghz},
              {"GPUAmount", 0},
              {"GPUSpec", ""},
              {"GPUMemorySize", 0},
              {"LocalStorageCategory", ""},
              {"LocalStorageAmount", 0},
              {"EniQuantity", t.eni_quantity},
              {"EniTotalQuantity", t.eni_quantity},
              {"EniPrivateIpAddressQuantity", t.eni_private_ips},
              {"EniIpv6AddressQuantity", t.eni_private_ips},
              {"InstanceBandwidthRx", t.bandwidth_kbps},
              {"InstanceBandwidthTx", t.bandwidth_kbps},
              {"InstancePpsRx", t.pps},
              {"InstancePpsTx", t.pps},
              {"DiskQuantity", 17},
              {"PrimaryEniQueueNumber", std::min(t.cpu, 32)},
              {"SecondaryEniQueueNumber", std::min(t.cpu, 32)},
              {"MaximumQueueNumberPerEni", std::min(t.cpu, 32)},
              {"TotalEniQueueQuantity", std::min(t.cpu, 32) * t.eni_quantity},
              {"NvmeSupport", f.generation >= "ecs-6" ? "required" : "unsupported"},
              {"SupportedBootModes", {{"SupportedBootMode", json::array({"BIOS", "UEFI"})}}}};
}

}  // namespace

json describe_zones(EcsCall& c) {
  const RegionInfo& region = require_region(c.params);
  const Language language = accept_language(c.params);
  check_one_of_set(c.params, "InstanceChargeType",
                   {"PrePaid", "PostPaid", "SpotWithPriceLimit", "SpotAsPriceGo"});
  check_one_of_set(c.params, "SpotStrategy", {"NoSpot", "SpotWithPriceLimit", "SpotAsPriceGo"});
  const bool verbose = c.params.flag("Verbose", true);
  const InstanceCatalog& catalog = instance_catalog();
  json list = json::array();
  for (const std::string& zone : region.zones) {
    json z{{"ZoneId", zone},
           {"LocalName", region.zone_local_name(zone, language)},
           {"ZoneType", "AvailabilityZone"}};
    if (verbose) {
      json creation = json::array({"VSwitch", "IoOptimized"});
      if (catalog.zone_on_sale(zone)) {
        creation.push_back("Instance");
        creation.push_back("Disk");
      }
      z["AvailableResourceCreation"] = {{"ResourceTypes", creation}};
      z["AvailableDiskCategories"] = {{"DiskCategories", catalog.zone_on_sale(zone)
                                                             ? catalog.disk_categories(zone)
                                                             : std::vector<std::string>{}}};
      z["AvailableVolumeCategories"] = {{"VolumeCategories", json::array()}};
      z["AvailableInstanceTypes"] = {{"InstanceTypes", types_on_sale(zone)}};
      z["AvailableDedicatedHostTypes"] = {{"DedicatedHostType", json::array()}};
    }
    list.push_back(std::move(z));
  }
  return json{{"Zones", {{"Zone", list}}}};
}

json describe_available_resource(EcsCall& c) {
  const Params& p = c.params;
  const RegionInfo& region = require_region(p);
  ResourceQuery q;
  q.destination = p.required("DestinationResource");
  static const std::set<std::string> kDestinations = {"Zone",    "IoOptimized", "InstanceType",
                                                      "Network", "SystemDisk",  "DataDisk"};
  if (!kDestinations.contains(q.destination)) {
    throw errors::invalid_parameter("DestinationResource");
  }
  q.resource_type = p.str("ResourceType", "instance");
  if (q.resource_type != "instance" && q.resource_type != "disk") {
    throw errors::invalid_parameter("ResourceType");
  }
  q.instance_type = p.str("InstanceType");
  q.system_disk_category = p.str("SystemDiskCategory");
  q.data_disk_category = p.str("DataDiskCategory");
  if (auto v = p.opt("Cores"); v && !v->empty()) q.cores = std::stod(*v);
  if (auto v = p.opt("Memory"); v && !v->empty()) q.memory = std::stod(*v);
  check_one_of_set(p, "InstanceChargeType", {"PrePaid", "PostPaid"});
  check_one_of_set(p, "IoOptimized", {"optimized", "none"});
  check_one_of_set(p, "NetworkCategory", {"vpc"});
  const std::string zone_id = p.str("ZoneId");
  if (!zone_id.empty() && !region.has_zone(zone_id)) throw errors::zone_not_found(zone_id);
  json zones = json::array();
  const bool none = p.str("IoOptimized") == "none";  // every type cloudlife sells is I/O optimized
  for (const std::string& zone : region.zones) {
    if (!zone_id.empty() && zone != zone_id) continue;
    json resources = none ? json::array() : zone_resources(q, zone);
    if (resources.empty()) continue;
    zones.push_back({{"RegionId", region.region_id},
                     {"ZoneId", zone},
                     {"Status", "Available"},
                     {"StatusCategory", "WithStock"},
                     {"AvailableResources", {{"AvailableResource", resources}}}});
  }
  return json{{"AvailableZones", {{"AvailableZone", zones}}}};
}

json describe_instance_types(EcsCall& c) {
  const Params& p = c.params;
  const std::string family = p.str("InstanceTypeFamily");
  const std::vector<std::string> wanted = p.list("InstanceTypes");
  if (wanted.size() > 10) throw errors::invalid_parameter("InstanceTypes");
  check_one_of_set(p, "CpuArchitecture", {"X86", "ARM"});
  const std::string arch = p.str("CpuArchitecture", "X86");
  const auto min_cpu = p.integer("MinimumCpuCoreCount");
  const auto max_cpu = p.integer("MaximumCpuCoreCount");
  const auto min_mem = p.opt("MinimumMemorySize");
  const auto max_mem = p.opt("MaximumMemorySize");
  const std::string category = p.str("InstanceCategory");
  const auto page_size = p.integer("MaxResults").value_or(1600);
  if (page_size < 1 || page_size > 1600) throw errors::invalid_parameter("MaxResults");
  const std::string token = p.str("NextToken");
  json list = json::array();
  std::string next;
  bool started = token.empty();
  for (const InstanceTypeInfo& t : instance_catalog().types()) {
    if (!started) {
      started = t.instance_type == token;
      if (!started) continue;
    }
    if (arch != "X86") continue;
    if (!family.empty() && t.family != family) continue;
    if (!wanted.empty() &&
        std::find(wanted.begin(), wanted.end(), t.instance_type) == wanted.end()) {
      continue;
    }
    if (min_cpu && t.cpu < *min_cpu) continue;
    if (max_cpu && t.cpu > *max_cpu) continue;
    if (min_mem && !min_mem->empty() && t.memory_gib < std::stod(*min_mem)) continue;
    if (max_mem && !max_mem->empty() && t.memory_gib > std::stod(*max_mem)) continue;
    if (!category.empty() && instance_catalog().find_family(t.family)->category != category) {
      continue;
    }
    if (static_cast<long long>(list.size()) == page_size) {
      next = t.instance_type;
      break;
    }
    list.push_back(instance_type_json(t));
  }
  if (!started) throw errors::invalid_parameter("NextToken");
  return json{{"InstanceTypes", {{"InstanceType", list}}}, {"NextToken", next}};
}

json describe_instance_type_families(EcsCall& c) {
  require_region(c.params);
  const std::string generation = c.params.str("Generation");
  json list = json::array();
  bool known_generation = generation.empty();
  for (const InstanceFamilyInfo& f : instance_catalog().families()) {
    if (f.generation == generation) known_generation = true;
    if (!generation.empty() && f.generation != generation) continue;
    list.push_back({{"InstanceTypeFamilyId", f.family}, {"Generation", f.generation}});
  }
  if (!known_generation) throw errors::invalid_parameter("Generation");
  return json{{"InstanceTypeFamilies", {{"InstanceTypeFamily", list}}}};
}

}  // namespace cloudlife::ecs::api
