// The catalogue and offering tables generated at build time, and the embedded JSON for wire().
#include "ec2/instance_types.h"

#include <algorithm>
#include <cstdint>

#include "ec2/regions.h"
#include "protocol/text_fields.h"

namespace cloudlife::ec2 {
namespace {

struct InstanceTypeRow {
  const char* name;
  int vcpus;
  long long memory_mib;
  const char* architectures;  // comma-separated
  bool burstable;
  bool hibernation_supported;
  bool instance_storage;
  const char* root_device_types;  // comma-separated
  int max_network_interfaces;
  int ipv4_addresses_per_interface;
  int default_cores;
  int default_threads_per_core;
  const char* hypervisor;
  bool bare_metal;
  bool current_generation;
};

struct OfferingRow {
  const char* region;
  const char* type;
  std::uint32_t zones;  // bit n: zone-ID number n offers the type
};

#include "ec2_instance_type_data.inc"   // kInstanceTypesJson (the JSON, in pieces)
#include "ec2_instance_type_table.inc"  // kInstanceTypeRows, kOfferingRows (sorted)

template <std::size_t N>
std::string concat_pieces(const char* const (&pieces)[N]) {
  std::string out;
  for (const char* p : pieces) out += p;
  return out;
}

std::vector<InstanceTypeInfo> build_catalogue() {
  std::vector<InstanceTypeInfo> out;
  out.reserve(std::size(kInstanceTypeRows));
  for (const InstanceTypeRow& row : kInstanceTypeRows) {
    InstanceTypeInfo t;
    t.name = row.name;
    t.family = t.name.substr(0, t.name.find('.'));
    t.vcpus = row.vcpus;
    t.memory_mib = row.memory_mib;
    t.architectures = protocol::split_fields(row.architectures, ',');
    t.burstable = row.burstable;
    t.hibernation_supported = row.hibernation_supported;
    t.instance_storage = row.instance_storage;
    t.root_device_types = protocol::split_fields(row.root_device_types, ',');
    t.max_network_interfaces = row.max_network_interfaces;
    t.ipv4_addresses_per_interface = row.ipv4_addresses_per_interface;
    t.default_cores = row.default_cores;
    t.default_threads_per_core = row.default_threads_per_core;
    t.hypervisor = row.hypervisor;
    t.bare_metal = row.bare_metal;
    t.current_generation = row.current_generation;
    t.index = out.size();
    out.push_back(std::move(t));
  }
  return out;
}

// Every type's item, in catalogue order.
std::vector<nlohmann::json> parse_wires() {
  nlohmann::json all = nlohmann::json::parse(concat_pieces(kInstanceTypesJson));
  const auto& catalogue = instance_type_catalogue();
  std::vector<nlohmann::json> out(catalogue.size());
  for (nlohmann::json& item : all) {
    const InstanceTypeInfo* t = find_instance_type(item.at("instanceType").get<std::string>());
    if (t) out[t->index] = std::move(item);
  }
  return out;
}

bool offering_less(const OfferingRow& row, std::pair<std::string_view, std::string_view> key) {
  return std::pair<std::string_view, std::string_view>(row.region, row.type) < key;
}

}  // namespace

const std::vector<InstanceTypeInfo>& instance_type_catalogue() {
  static const std::vector<InstanceTypeInfo> catalogue = build_catalogue();
  return catalogue;
}

const nlohmann::json& InstanceTypeInfo::wire() const {
  static const std::vector<nlohmann::json> wires = parse_wires();
  return wires[index];
}

const InstanceTypeInfo* find_instance_type(std::string_view name) {
  const auto& all = instance_type_catalogue();
  auto it =
      std::lower_bound(all.begin(), all.end(), name,
                       [](const InstanceTypeInfo& t, std::string_view n) { return t.name < n; });
  return it != all.end() && it->name == name ? &*it : nullptr;
}

std::vector<int> offered_zone_numbers(std::string_view type, std::string_view region) {
  if (!find_instance_type(type)) return {};
  const auto* begin = std::begin(kOfferingRows);
  const auto* end = std::end(kOfferingRows);
  const auto* first =
      std::lower_bound(begin, end, std::pair(region, std::string_view()), offering_less);
  if (first == end || first->region != region) {  // a region without a recorded table
    std::vector<int> all;
    for (const ZoneInfo& z : zones_of(region)) all.push_back(z.number);
    return all;
  }
  const auto* row = std::lower_bound(first, end, std::pair(region, type), offering_less);
  std::vector<int> zones;
  if (row == end || row->region != region || row->type != type) return zones;
  for (int n = 0; n < 32; ++n) {
    if (row->zones & (std::uint32_t{1} << n)) zones.push_back(n);
  }
  return zones;
}

bool is_offered(std::string_view type, std::string_view region, int zone_number) {
  const std::vector<int> zones = offered_zone_numbers(type, region);
  return std::find(zones.begin(), zones.end(), zone_number) != zones.end();
}

std::string default_cpu_credits(std::string_view family) {
  if (family == "t2") return "standard";
  if (family == "t3" || family == "t3a" || family == "t4g") return "unlimited";
  return "";
}

}  // namespace cloudlife::ec2
