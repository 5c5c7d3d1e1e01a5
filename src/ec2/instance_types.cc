// The embedded catalogue and offering table, parsed once.
#include "ec2/instance_types.h"

#include <algorithm>
#include <map>
#include <sstream>

#include "ec2/regions.h"

namespace cloudlife::ec2 {
namespace {

#include "ec2_instance_type_data.inc"

template <std::size_t N>
std::string concat_pieces(const char* const (&pieces)[N]) {
  std::string out;
  for (const char* p : pieces) out += p;
  return out;
}

std::vector<InstanceTypeInfo> parse_catalogue() {
  const nlohmann::json all = nlohmann::json::parse(concat_pieces(kInstanceTypesJson));
  std::vector<InstanceTypeInfo> out;
  for (const nlohmann::json& item : all) {
    InstanceTypeInfo t;
    t.name = item.at("instanceType").get<std::string>();
    t.family = t.name.substr(0, t.name.find('.'));
    t.vcpus = item.at("vCpuInfo").at("defaultVCpus").get<int>();
    t.memory_mib = item.at("memoryInfo").at("sizeInMiB").get<long long>();
    t.architectures =
        item.at("processorInfo").at("supportedArchitectures").get<std::vector<std::string>>();
    t.burstable = item.value("burstablePerformanceSupported", false);
    t.hibernation_supported = item.value("hibernationSupported", false);
    t.instance_storage = item.value("instanceStorageSupported", false);
    t.root_device_types = item.at("supportedRootDeviceTypes").get<std::vector<std::string>>();
    if (const auto n = item.find("networkInfo"); n != item.end() && n->is_object()) {
      t.max_network_interfaces = n->value("maximumNetworkInterfaces", 0);
      t.ipv4_addresses_per_interface = n->value("ipv4AddressesPerInterface", 0);
    }
    t.wire = item;
    out.push_back(std::move(t));
  }
  std::sort(out.begin(), out.end(),
            [](const InstanceTypeInfo& a, const InstanceTypeInfo& b) { return a.name < b.name; });
  return out;
}

// region -> type -> zone-ID numbers
using OfferingTable =
    std::map<std::string, std::map<std::string, std::vector<int>, std::less<>>, std::less<>>;

OfferingTable parse_offerings() {
  OfferingTable table;
  std::istringstream in(concat_pieces(kInstanceTypeOfferingsTsv));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const std::size_t a = line.find('\t');
    const std::size_t b = line.find('\t', a + 1);
    std::vector<int> zones;
    std::istringstream numbers(line.substr(b + 1));
    std::string n;
    while (std::getline(numbers, n, ',')) zones.push_back(std::stoi(n));
    table[line.substr(0, a)][line.substr(a + 1, b - a - 1)] = std::move(zones);
  }
  return table;
}

const OfferingTable& offerings() {
  static const OfferingTable table = parse_offerings();
  return table;
}

}  // namespace

const std::vector<InstanceTypeInfo>& instance_type_catalogue() {
  static const std::vector<InstanceTypeInfo> catalogue = parse_catalogue();
  return catalogue;
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
  auto r = offerings().find(region);
  if (r == offerings().end()) {
    std::vector<int> all;
    for (const ZoneInfo& z : zones_of(region)) all.push_back(z.number);
    return all;
  }
  auto t = r->second.find(type);
  return t == r->second.end() ? std::vector<int>{} : t->second;
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
