// DescribeInstanceTypes / DescribeInstanceTypeOfferings: filters as paths into the wire item,
// paging by position.
#include "ec2/instance_type_queries.h"
#include "ec2/max_results.h"

#include <algorithm>
#include <map>

#include "core/service_error.h"
#include "ec2/regions.h"

namespace cloudlife::ec2 {
namespace {

using core::ServiceError;
using V = std::vector<std::string>;

// DescribeInstanceTypes filter name -> path into the wire item (the API reference's list).
const std::map<std::string, std::vector<std::string>, std::less<>>& filter_paths() {
  static const std::map<std::string, std::vector<std::string>, std::less<>> paths = {
      {"auto-recovery-supported", {"autoRecoverySupported"}},
      {"bare-metal", {"bareMetal"}},
      {"burstable-performance-supported", {"burstablePerformanceSupported"}},
      {"current-generation", {"currentGeneration"}},
      {"dedicated-hosts-supported", {"dedicatedHostsSupported"}},
      {"ebs-info.attachment-limit-type", {"ebsInfo", "attachmentLimitType"}},
      {"ebs-info.maximum-ebs-attachments", {"ebsInfo", "maximumEbsAttachments"}},
      {"ebs-info.ebs-optimized-info.baseline-bandwidth-in-mbps",
       {"ebsInfo", "ebsOptimizedInfo", "baselineBandwidthInMbps"}},
      {"ebs-info.ebs-optimized-info.baseline-iops",
       {"ebsInfo", "ebsOptimizedInfo", "baselineIops"}},
      {"ebs-info.ebs-optimized-info.baseline-throughput-in-mbps",
       {"ebsInfo", "ebsOptimizedInfo", "baselineThroughputInMBps"}},
      {"ebs-info.ebs-optimized-info.maximum-bandwidth-in-mbps",
       {"ebsInfo", "ebsOptimizedInfo", "maximumBandwidthInMbps"}},
      {"ebs-info.ebs-optimized-info.maximum-iops", {"ebsInfo", "ebsOptimizedInfo", "maximumIops"}},
      {"ebs-info.ebs-optimized-info.maximum-throughput-in-mbps",
       {"ebsInfo", "ebsOptimizedInfo", "maximumThroughputInMBps"}},
      {"ebs-info.ebs-optimized-support", {"ebsInfo", "ebsOptimizedSupport"}},
      {"ebs-info.encryption-support", {"ebsInfo", "encryptionSupport"}},
      {"ebs-info.nvme-support", {"ebsInfo", "nvmeSupport"}},
      {"free-tier-eligible", {"freeTierEligible"}},
      {"hibernation-supported", {"hibernationSupported"}},
      {"hypervisor", {"hypervisor"}},
      {"instance-storage-info.disk.count", {"instanceStorageInfo", "disks", "count"}},
      {"instance-storage-info.disk.size-in-gb", {"instanceStorageInfo", "disks", "sizeInGB"}},
      {"instance-storage-info.disk.type", {"instanceStorageInfo", "disks", "type"}},
      {"instance-storage-info.encryption-support", {"instanceStorageInfo", "encryptionSupport"}},
      {"instance-storage-info.nvme-support", {"instanceStorageInfo", "nvmeSupport"}},
      {"instance-storage-info.total-size-in-gb", {"instanceStorageInfo", "totalSizeInGB"}},
      {"instance-storage-supported", {"instanceStorageSupported"}},
      {"instance-type", {"instanceType"}},
      {"memory-info.size-in-mib", {"memoryInfo", "sizeInMiB"}},
      {"network-info.bandwidth-weightings", {"networkInfo", "bandwidthWeightings"}},
      {"network-info.efa-info.maximum-efa-interfaces",
       {"networkInfo", "efaInfo", "maximumEfaInterfaces"}},
      {"network-info.efa-supported", {"networkInfo", "efaSupported"}},
      {"network-info.ena-support", {"networkInfo", "enaSupport"}},
      {"network-info.flexible-ena-queues-support", {"networkInfo", "flexibleEnaQueuesSupport"}},
      {"network-info.encryption-in-transit-supported",
       {"networkInfo", "encryptionInTransitSupported"}},
      {"network-info.ipv4-addresses-per-interface", {"networkInfo", "ipv4AddressesPerInterface"}},
      {"network-info.ipv6-addresses-per-interface", {"networkInfo", "ipv6AddressesPerInterface"}},
      {"network-info.ipv6-supported", {"networkInfo", "ipv6Supported"}},
      {"network-info.maximum-network-cards", {"networkInfo", "maximumNetworkCards"}},
      {"network-info.maximum-network-interfaces", {"networkInfo", "maximumNetworkInterfaces"}},
      {"network-info.network-performance", {"networkInfo", "networkPerformance"}},
      {"nitro-enclaves-support", {"nitroEnclavesSupport"}},
      {"nitro-tpm-support", {"nitroTpmSupport"}},
      {"nitro-tpm-info.supported-versions", {"nitroTpmInfo", "supportedVersions"}},
      {"processor-info.supported-architecture", {"processorInfo", "supportedArchitectures"}},
      {"processor-info.sustained-clock-speed-in-ghz",
       {"processorInfo", "sustainedClockSpeedInGhz"}},
      {"processor-info.supported-features", {"processorInfo", "supportedFeatures"}},
      {"reboot-migration-support", {"rebootMigrationSupport"}},
      {"supported-boot-mode", {"supportedBootModes"}},
      {"supported-root-device-type", {"supportedRootDeviceTypes"}},
      {"supported-usage-class", {"supportedUsageClasses"}},
      {"supported-virtualization-type", {"supportedVirtualizationTypes"}},
      {"vcpu-info.default-cores", {"vCpuInfo", "defaultCores"}},
      {"vcpu-info.default-threads-per-core", {"vCpuInfo", "defaultThreadsPerCore"}},
      {"vcpu-info.default-vcpus", {"vCpuInfo", "defaultVCpus"}},
      {"vcpu-info.valid-cores", {"vCpuInfo", "validCores"}},
      {"vcpu-info.valid-threads-per-core", {"vCpuInfo", "validThreadsPerCore"}},
  };
  return paths;
}

// A scalar as the wire (and so a filter value) writes it.
std::string scalar_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return v.dump();
}

void collect(const nlohmann::json& node, const std::vector<std::string>& path, std::size_t depth,
             V& out) {
  if (node.is_array()) {
    for (const nlohmann::json& item : node) collect(item, path, depth, out);
    return;
  }
  if (depth == path.size()) {
    if (!node.is_object()) out.push_back(scalar_text(node));
    return;
  }
  if (!node.is_object()) return;
  auto child = node.find(path[depth]);
  if (child != node.end()) collect(*child, path, depth + 1, out);
}

// Position encoded in a NextToken of `kind`; throws for anything this describe did not hand out.
std::size_t token_position(const std::string& token, const std::string& kind, std::size_t size) {
  if (token.empty()) return 0;
  const std::string prefix = kind + ".";
  std::size_t pos = 0;
  bool ok = token.rfind(prefix, 0) == 0 && token.size() > prefix.size();
  for (std::size_t i = prefix.size(); ok && i < token.size(); ++i) {
    ok = token[i] >= '0' && token[i] <= '9';
    if (ok) pos = pos * 10 + static_cast<std::size_t>(token[i] - '0');
    ok = ok && pos <= size;
  }
  if (!ok) {
    throw ServiceError("InvalidParameterValue",
                       "Value ( " + token +
                           " ) for parameter NextToken is invalid. The token is "
                           "invalid.");
  }
  return pos;
}

template <class T>
std::string page(std::vector<T>& items, std::size_t start, const std::optional<long long>& max,
                 const std::string& kind) {
  items.erase(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(start));
  if (!max || items.size() <= static_cast<std::size_t>(*max)) return "";
  items.resize(static_cast<std::size_t>(*max));
  return kind + "." + std::to_string(start + items.size());
}

}  // namespace

std::optional<V> instance_type_filter_values(const InstanceTypeInfo& type,
                                             const std::string& name) {
  auto path = filter_paths().find(name);
  if (path == filter_paths().end()) return std::nullopt;
  V out;
  collect(type.wire(), path->second, 0, out);
  return out;
}

DescribeInstanceTypesResult describe_instance_types(const DescribeInstanceTypesRequest& r) {
  require_known_filters(r.filters, [&](const std::string& n) {
    return filter_paths().count(n) ? std::optional<V>(V{}) : std::nullopt;
  });
  V missing;
  for (const std::string& t : r.instance_types) {
    if (!find_instance_type(t) && std::find(missing.begin(), missing.end(), t) == missing.end()) {
      missing.push_back(t);
    }
  }
  if (!missing.empty()) {
    std::string list;
    for (const std::string& t : missing) list += (list.empty() ? "" : ", ") + t;
    throw ServiceError("InvalidInstanceType",
                       "The following supplied instance types do not exist: [" + list + "]");
  }
  check_max_results(r.max_results, 5, 100);
  std::vector<InstanceTypeView> all;
  for (const InstanceTypeInfo& t : instance_type_catalogue()) {
    if (!r.instance_types.empty() && std::find(r.instance_types.begin(), r.instance_types.end(),
                                               t.name) == r.instance_types.end()) {
      continue;
    }
    const bool supported = !offered_zone_numbers(t.name, r.region).empty();
    if (!supported && !r.include_unsupported_in_region) continue;
    if (!matches_all(r.filters,
                     [&](const std::string& n) { return instance_type_filter_values(t, n); })) {
      continue;
    }
    all.push_back(InstanceTypeView{&t, supported});
  }
  DescribeInstanceTypesResult result;
  const std::size_t start = token_position(r.next_token, "dit", all.size());
  result.next_token = page(all, start, r.max_results, "dit");
  result.types = std::move(all);
  return result;
}

DescribeInstanceTypeOfferingsResult describe_instance_type_offerings(
    const DescribeInstanceTypeOfferingsRequest& r) {
  const std::string& kind = r.location_type;
  if (kind != "region" && kind != "availability-zone" && kind != "availability-zone-id") {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + kind +
                           ") for parameter locationType is invalid. Valid values are: region, "
                           "availability-zone, availability-zone-id, outpost");
  }
  auto values_of = [](const InstanceTypeOffering& o, const std::string& n) -> std::optional<V> {
    if (n == "instance-type") return V{o.instance_type};
    if (n == "location") return V{o.location};
    return std::nullopt;
  };
  require_known_filters(r.filters,
                        [&](const std::string& n) { return values_of(InstanceTypeOffering{}, n); });
  check_max_results(r.max_results, 5, 1000);
  const std::vector<ZoneInfo> zones = zones_of(r.region);
  std::vector<InstanceTypeOffering> all;
  auto add = [&](const std::string& type, const std::string& location) {
    InstanceTypeOffering o{type, kind, location};
    if (matches_all(r.filters, [&](const std::string& n) { return values_of(o, n); })) {
      all.push_back(std::move(o));
    }
  };
  if (kind == "region") {
    for (const InstanceTypeInfo& t : instance_type_catalogue()) {
      if (!offered_zone_numbers(t.name, r.region).empty()) add(t.name, r.region);
    }
  } else {
    for (const ZoneInfo& z : zones) {
      for (const InstanceTypeInfo& t : instance_type_catalogue()) {
        if (is_offered(t.name, r.region, z.number)) {
          add(t.name, kind == "availability-zone" ? z.name : z.zone_id);
        }
      }
    }
  }
  DescribeInstanceTypeOfferingsResult result;
  const std::size_t start = token_position(r.next_token, "dito", all.size());
  result.next_token = page(all, start, r.max_results, "dito");
  result.offerings = std::move(all);
  return result;
}

}  // namespace cloudlife::ec2
