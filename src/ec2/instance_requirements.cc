#include "ec2/instance_requirements.h"

#include <algorithm>
#include <cctype>
#include <limits>

namespace cloudlife::ec2 {
namespace {

using nlohmann::json;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool contains(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

template <class Range, class T>
bool in_range(const std::optional<Range>& range, T value) {
  if (!range) return true;
  if (range->min && static_cast<double>(value) < static_cast<double>(*range->min)) return false;
  if (range->max && static_cast<double>(value) > static_cast<double>(*range->max)) return false;
  return true;
}

template <class Range>
std::string range_problem(const std::optional<Range>& range, const char* name) {
  if (range && range->min && range->max && *range->min > *range->max) {
    return std::string("The value of ") + name +
           " Min must be less than or equal to the value of " + name + " Max.";
  }
  if (range && ((range->min && *range->min < 0) || (range->max && *range->max < 0))) {
    return std::string("The values of ") + name + " must not be negative.";
  }
  return "";
}

std::string enum_problem(const std::vector<std::string>& values, const char* name,
                         const std::vector<std::string>& allowed) {
  for (const std::string& v : values) {
    if (!contains(allowed, v)) {
      std::string list;
      for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
      return "The value '" + v + "' is not valid for " + name + ". Valid values: " + list + ".";
    }
  }
  return "";
}

std::string patterns_problem(const std::vector<std::string>& patterns, const char* name) {
  if (patterns.size() > kMaxInstanceTypePatterns) {
    return std::string("The number of ") + name + " (" + std::to_string(patterns.size()) +
           ") exceeds the maximum of 400.";
  }
  for (const std::string& p : patterns) {
    const bool ok = !p.empty() && p.size() <= 30 && std::all_of(p.begin(), p.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '*';
    });
    if (!ok) return "The value '" + p + "' is not valid for " + name + ".";
  }
  return "";
}

// The accelerators of a type: GPUs, FPGAs and inference accelerators (Inferentia shows both as
// an inference accelerator and as a Neuron device: counted once).
struct Accelerator {
  std::string type;  // gpu | fpga | inference
  long long count = 0;
  std::string manufacturer, name;  // lower case: nvidia, a10g
  long long memory_mib = 0;        // all of them together
};

std::vector<Accelerator> accelerators_of(const json& w) {
  std::vector<Accelerator> out;
  auto add = [&](const char* type, const json& list) {
    for (const json& a : list) {
      Accelerator acc;
      acc.type = type;
      acc.count = a.value("count", 0LL);
      acc.manufacturer = lower(a.value("manufacturer", std::string()));
      if (acc.manufacturer == "aws") acc.manufacturer = "amazon-web-services";
      acc.name = lower(a.value("name", std::string()));
      if (a.contains("memoryInfo")) {
        acc.memory_mib = acc.count * a["memoryInfo"].value("sizeInMiB", 0LL);
      }
      out.push_back(acc);
    }
  };
  if (w.contains("gpuInfo")) add("gpu", w["gpuInfo"].value("gpus", json::array()));
  if (w.contains("fpgaInfo")) add("fpga", w["fpgaInfo"].value("fpgas", json::array()));
  if (w.contains("inferenceAcceleratorInfo")) {
    add("inference", w["inferenceAcceleratorInfo"].value("accelerators", json::array()));
  } else if (w.contains("neuronInfo")) {
    for (const json& d : w["neuronInfo"].value("neuronDevices", json::array())) {
      Accelerator acc;
      acc.type = "inference";
      acc.count = d.value("count", 0LL);
      acc.manufacturer = "amazon-web-services";
      acc.name = lower(d.value("name", std::string()));
      if (d.contains("memoryInfo")) {
        acc.memory_mib = acc.count * d["memoryInfo"].value("sizeInMiB", 0LL);
      }
      out.push_back(acc);
    }
  }
  return out;
}

std::string cpu_manufacturer(const json& w) {
  const std::string m = lower(w["processorInfo"].value("manufacturer", std::string()));
  return m == "aws" ? "amazon-web-services" : m;
}

bool tri_state_ok(const std::optional<std::string>& setting, const char* fallback, bool has) {
  const std::string s = setting.value_or(fallback);
  if (s == "required") return has;
  if (s == "excluded") return !has;
  return true;
}

bool accelerators_ok(const json& w, const InstanceRequirements& r) {
  const std::vector<Accelerator> accs = accelerators_of(w);
  long long count = 0, memory = 0;
  for (const Accelerator& a : accs) {
    count += a.count;
    memory += a.memory_mib;
  }
  auto any = [&](auto pred) { return std::any_of(accs.begin(), accs.end(), pred); };
  if (!r.accelerator_types.empty() &&
      !any([&](const Accelerator& a) { return contains(r.accelerator_types, a.type); })) {
    return false;
  }
  if (!r.accelerator_manufacturers.empty() && !any([&](const Accelerator& a) {
        return contains(r.accelerator_manufacturers, a.manufacturer);
      })) {
    return false;
  }
  if (!r.accelerator_names.empty() &&
      !any([&](const Accelerator& a) { return contains(r.accelerator_names, a.name); })) {
    return false;
  }
  return in_range(r.accelerator_count, count) && in_range(r.accelerator_total_memory_mib, memory);
}

bool storage_ok(const InstanceTypeInfo& t, const InstanceRequirements& r) {
  const json& w = t.wire();
  if (!tri_state_ok(r.local_storage, "included", t.instance_storage)) return false;
  double total_gb = 0;
  std::vector<std::string> kinds;
  if (w.contains("instanceStorageInfo")) {
    total_gb = w["instanceStorageInfo"].value("totalSizeInGB", 0.0);
    for (const json& d : w["instanceStorageInfo"].value("disks", json::array())) {
      kinds.push_back(d.value("type", std::string()));
    }
  }
  if (t.instance_storage && !r.local_storage_types.empty() &&
      std::none_of(kinds.begin(), kinds.end(),
                   [&](const std::string& k) { return contains(r.local_storage_types, k); })) {
    return false;
  }
  return in_range(r.total_local_storage_gb, total_gb);
}

double network_bandwidth_gbps(const json& w) {
  double total = 0;
  for (const json& card : w["networkInfo"].value("networkCards", json::array())) {
    total += card.value("baselineBandwidthInGbps", 0.0);
  }
  return total;
}

long long baseline_ebs_mbps(const json& w) {
  if (!w.contains("ebsInfo") || !w["ebsInfo"].contains("ebsOptimizedInfo")) return 0;
  return w["ebsInfo"]["ebsOptimizedInfo"].value("baselineBandwidthInMbps", 0LL);
}

bool names_ok(const std::string& name, const InstanceRequirements& r) {
  auto matches = [&](const std::string& p) { return wildcard_match(p, name); };
  const auto& allowed = r.allowed_instance_types;
  const auto& excluded = r.excluded_instance_types;
  if (!allowed.empty() && std::none_of(allowed.begin(), allowed.end(), matches)) return false;
  return std::none_of(excluded.begin(), excluded.end(), matches);
}

bool is_cmr(const InstanceTypeInfo& t) {
  return !t.family.empty() && (t.family[0] == 'c' || t.family[0] == 'm' || t.family[0] == 'r');
}

}  // namespace

std::string requirements_problem(const InstanceRequirements& r) {
  if (!r.vcpu_count || !r.vcpu_count->min) {
    return "The instance requirements must specify VCpuCount with a Min value.";
  }
  if (!r.memory_mib || !r.memory_mib->min) {
    return "The instance requirements must specify MemoryMiB with a Min value.";
  }
  if (!r.allowed_instance_types.empty() && !r.excluded_instance_types.empty()) {
    return "You can specify AllowedInstanceTypes or ExcludedInstanceTypes, but not both.";
  }
  const std::vector<std::string> tri = {"included", "excluded", "required"};
  std::string p;
  auto first = [&](std::string problem) {
    if (p.empty()) p = std::move(problem);
  };
  first(range_problem(r.vcpu_count, "VCpuCount"));
  first(range_problem(r.memory_mib, "MemoryMiB"));
  first(range_problem(r.memory_gib_per_vcpu, "MemoryGiBPerVCpu"));
  first(range_problem(r.network_interface_count, "NetworkInterfaceCount"));
  first(range_problem(r.total_local_storage_gb, "TotalLocalStorageGB"));
  first(range_problem(r.baseline_ebs_bandwidth_mbps, "BaselineEbsBandwidthMbps"));
  first(range_problem(r.accelerator_count, "AcceleratorCount"));
  first(range_problem(r.accelerator_total_memory_mib, "AcceleratorTotalMemoryMiB"));
  first(range_problem(r.network_bandwidth_gbps, "NetworkBandwidthGbps"));
  first(enum_problem(r.cpu_manufacturers, "CpuManufacturers",
                     {"intel", "amd", "amazon-web-services", "apple"}));
  first(enum_problem(r.instance_generations, "InstanceGenerations", {"current", "previous"}));
  first(enum_problem(r.local_storage_types, "LocalStorageTypes", {"hdd", "ssd"}));
  first(enum_problem(r.accelerator_types, "AcceleratorTypes", {"gpu", "fpga", "inference"}));
  first(enum_problem(r.accelerator_manufacturers, "AcceleratorManufacturers",
                     {"nvidia", "amd", "amazon-web-services", "xilinx", "habana"}));
  if (r.bare_metal) first(enum_problem({*r.bare_metal}, "BareMetal", tri));
  if (r.burstable_performance) {
    first(enum_problem({*r.burstable_performance}, "BurstablePerformance", tri));
  }
  if (r.local_storage) first(enum_problem({*r.local_storage}, "LocalStorage", tri));
  first(patterns_problem(r.excluded_instance_types, "ExcludedInstanceTypes"));
  first(patterns_problem(r.allowed_instance_types, "AllowedInstanceTypes"));
  for (auto [v, name] : {std::pair{r.spot_max_price_percentage_over_lowest_price,
                                   "SpotMaxPricePercentageOverLowestPrice"},
                         std::pair{r.on_demand_max_price_percentage_over_lowest_price,
                                   "OnDemandMaxPricePercentageOverLowestPrice"}}) {
    if (v && *v < 0) first(std::string("The value of ") + name + " must not be negative.");
  }
  return p;
}

bool wildcard_match(std::string_view pattern, std::string_view name) {
  // Iterative glob with backtracking to the last '*'.
  std::size_t p = 0, n = 0, star = std::string_view::npos, mark = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] != '*' && pattern[p] == name[n]) {
      ++p;
      ++n;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool meets_requirements(const InstanceTypeInfo& t, const InstanceRequirements& r) {
  const json& w = t.wire();
  if (!names_ok(t.name, r)) return false;
  if (!in_range(r.vcpu_count, t.vcpus) || !in_range(r.memory_mib, t.memory_mib)) return false;
  if (!in_range(r.memory_gib_per_vcpu,
                static_cast<double>(t.memory_mib) / 1024.0 / std::max(t.vcpus, 1))) {
    return false;
  }
  if (!r.cpu_manufacturers.empty() && !contains(r.cpu_manufacturers, cpu_manufacturer(w))) {
    return false;
  }
  const bool current = w.value("currentGeneration", false);
  if (!r.instance_generations.empty() &&
      !contains(r.instance_generations, current ? "current" : "previous")) {
    return false;
  }
  if (!tri_state_ok(r.bare_metal, "excluded", w.value("bareMetal", false))) return false;
  if (!tri_state_ok(r.burstable_performance, "excluded", t.burstable)) return false;
  if (r.require_hibernate_support.value_or(false) && !t.hibernation_supported) return false;
  if (!in_range(r.network_interface_count,
                w["networkInfo"].value("maximumNetworkInterfaces", 0LL))) {
    return false;
  }
  if (!storage_ok(t, r)) return false;
  if (!in_range(r.baseline_ebs_bandwidth_mbps, baseline_ebs_mbps(w))) return false;
  if (!in_range(r.network_bandwidth_gbps, network_bandwidth_gbps(w))) return false;
  return accelerators_ok(w, r);
}

std::vector<const InstanceTypeInfo*> matching_instance_types(
    const InstanceRequirements& r, const std::vector<std::string>& architectures,
    const std::vector<std::string>& virtualization_types) {
  std::vector<const InstanceTypeInfo*> out;
  for (const InstanceTypeInfo& t : instance_type_catalogue()) {
    if (!architectures.empty() &&
        std::none_of(t.architectures.begin(), t.architectures.end(),
                     [&](const std::string& a) { return contains(architectures, a); })) {
      continue;
    }
    if (!virtualization_types.empty()) {
      const auto kinds =
          t.wire().value("supportedVirtualizationTypes", std::vector<std::string>{"hvm"});
      if (std::none_of(kinds.begin(), kinds.end(),
                       [&](const std::string& v) { return contains(virtualization_types, v); })) {
        continue;
      }
    }
    if (meets_requirements(t, r)) out.push_back(&t);
  }
  return out;
}

std::vector<std::size_t> price_protected(const std::vector<PricedType>& candidates,
                                         long long percent) {
  // The identified price: current C/M/R first, then current, then previous generation.
  double reference = std::numeric_limits<double>::infinity();
  for (int tier = 0; tier < 3 && reference == std::numeric_limits<double>::infinity(); ++tier) {
    for (const PricedType& c : candidates) {
      const bool current = c.type->current_generation;
      const bool eligible = tier == 0 ? current && is_cmr(*c.type) : tier == 1 ? current : true;
      if (eligible) reference = std::min(reference, c.price);
    }
  }
  std::vector<std::size_t> kept;
  const double threshold = reference * (1.0 + static_cast<double>(percent) / 100.0);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    // A relative margin keeps a price equal to the threshold in despite rounding.
    if (candidates[i].price <= threshold * (1 + 1e-9)) kept.push_back(i);
  }
  return kept;
}

}  // namespace cloudlife::ec2
