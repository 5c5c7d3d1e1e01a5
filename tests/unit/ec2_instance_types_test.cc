// Units for the instance-type catalogue (checked against the AWS instance-type specification
// pages), the offering table, the launch rules on types, and DescribeInstanceTypes' filters.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "core/service_error.h"
#include "ec2/instance_type_queries.h"
#include "ec2/instance_types.h"
#include "ec2/launch_type_rules.h"
#include "ec2/regions.h"

namespace cloudlife::ec2 {
namespace {

std::string type_error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const core::ServiceError& e) {
    return e.code() + ": " + e.message();
  }
  return "";
}

struct Spec {
  const char* type;
  int vcpus;
  long long memory_gib_x4;  // GiB * 4 (t-family quarter sizes)
  const char* architecture;
};

// From the AWS documentation ("Amazon EC2 instance types" specification tables).
TEST(InstanceTypeCatalogue, FactsMatchTheAwsSpecificationTables) {
  const Spec specs[] = {
      {"t2.nano", 1, 2, "x86_64"},           {"t2.micro", 1, 4, "x86_64"},
      {"t3.micro", 2, 4, "x86_64"},          {"t3.2xlarge", 8, 128, "x86_64"},
      {"t3a.medium", 2, 16, "x86_64"},       {"t4g.small", 2, 8, "arm64"},
      {"m5.large", 2, 32, "x86_64"},         {"m5.24xlarge", 96, 1536, "x86_64"},
      {"m6i.32xlarge", 128, 2048, "x86_64"}, {"m6g.medium", 1, 16, "arm64"},
      {"m7i.48xlarge", 192, 3072, "x86_64"}, {"m7g.16xlarge", 64, 1024, "arm64"},
      {"c5.large", 2, 16, "x86_64"},         {"c5.9xlarge", 36, 288, "x86_64"},
      {"c6i.xlarge", 4, 32, "x86_64"},       {"c6g.large", 2, 16, "arm64"},
      {"c7i.2xlarge", 8, 64, "x86_64"},      {"c7g.medium", 1, 8, "arm64"},
      {"r5.large", 2, 64, "x86_64"},         {"r6i.4xlarge", 16, 512, "x86_64"},
      {"r7g.xlarge", 4, 128, "arm64"},       {"i3.large", 2, 61, "x86_64"},
      {"i4i.large", 2, 64, "x86_64"},        {"d3.xlarge", 4, 128, "x86_64"},
      {"g4dn.xlarge", 4, 64, "x86_64"},      {"g5.xlarge", 4, 64, "x86_64"},
      {"p4d.24xlarge", 96, 4608, "x86_64"},  {"inf2.xlarge", 4, 64, "x86_64"},
  };
  for (const Spec& s : specs) {
    const InstanceTypeInfo* t = find_instance_type(s.type);
    ASSERT_NE(t, nullptr) << s.type;
    EXPECT_EQ(t->vcpus, s.vcpus) << s.type;
    EXPECT_EQ(t->memory_mib * 4 / 1024, s.memory_gib_x4) << s.type;
    EXPECT_NE(std::find(t->architectures.begin(), t->architectures.end(), s.architecture),
              t->architectures.end())
        << s.type;
  }
  EXPECT_EQ(find_instance_type("m1.small")->memory_mib, 1740);  // 1.7 GiB
  EXPECT_EQ(find_instance_type("t2.micro")->architectures,
            (std::vector<std::string>{"i386", "x86_64"}));
  EXPECT_TRUE(find_instance_type("t3.micro")->burstable);
  EXPECT_FALSE(find_instance_type("m5.large")->burstable);
  EXPECT_TRUE(find_instance_type("i3.large")->instance_storage);
  EXPECT_EQ(find_instance_type("z9.large"), nullptr);
}

TEST(InstanceTypeCatalogue, EverySizeOfTheFamiliesToolsUse) {
  auto sizes = [](const std::string& family) {
    int n = 0;
    for (const InstanceTypeInfo& t : instance_type_catalogue()) n += t.family == family ? 1 : 0;
    return n;
  };
  EXPECT_EQ(sizes("t3"), 7);
  EXPECT_EQ(sizes("m5"), 9);
  EXPECT_EQ(sizes("m7i"), 11);  // …48xlarge, metal-24xl, metal-48xl
  EXPECT_EQ(sizes("c5"), 9);
  EXPECT_EQ(sizes("g5"), 8);
  EXPECT_EQ(sizes("p4d"), 1);
  EXPECT_EQ(sizes("inf2"), 4);
}

TEST(InstanceTypeCatalogue, DefaultCreditsPerFamily) {
  EXPECT_EQ(default_cpu_credits("t2"), "standard");
  EXPECT_EQ(default_cpu_credits("t3"), "unlimited");
  EXPECT_EQ(default_cpu_credits("t3a"), "unlimited");
  EXPECT_EQ(default_cpu_credits("t4g"), "unlimited");
  EXPECT_EQ(default_cpu_credits("m5"), "");
}

// The typed facts come from tables generated at build time (scripts/gen_instance_type_table.py);
// they must say what the catalogue's JSON items say.
TEST(InstanceTypeCatalogue, TypedFactsAgreeWithTheWireItems) {
  const auto& all = instance_type_catalogue();
  ASSERT_GT(all.size(), 100u);
  for (std::size_t i = 0; i < all.size(); ++i) {
    const InstanceTypeInfo& t = all[i];
    SCOPED_TRACE(t.name);
    EXPECT_EQ(t.index, i);
    if (i > 0) {
      EXPECT_LT(all[i - 1].name, t.name);
    }
    const nlohmann::json& w = t.wire();
    EXPECT_EQ(w.at("instanceType"), t.name);
    EXPECT_EQ(t.family, t.name.substr(0, t.name.find('.')));
    EXPECT_EQ(w.at("vCpuInfo").at("defaultVCpus").get<int>(), t.vcpus);
    EXPECT_EQ(w.at("memoryInfo").at("sizeInMiB").get<long long>(), t.memory_mib);
    EXPECT_EQ(w.at("processorInfo").at("supportedArchitectures").get<std::vector<std::string>>(),
              t.architectures);
    EXPECT_EQ(w.value("burstablePerformanceSupported", false), t.burstable);
    EXPECT_EQ(w.value("hibernationSupported", false), t.hibernation_supported);
    EXPECT_EQ(w.value("instanceStorageSupported", false), t.instance_storage);
    EXPECT_EQ(w.at("supportedRootDeviceTypes").get<std::vector<std::string>>(),
              t.root_device_types);
    EXPECT_EQ(w.at("networkInfo").value("maximumNetworkInterfaces", 0), t.max_network_interfaces);
    EXPECT_EQ(w.at("networkInfo").value("ipv4AddressesPerInterface", 0),
              t.ipv4_addresses_per_interface);
    EXPECT_EQ(w.at("vCpuInfo").value("defaultCores", 1), t.default_cores);
    EXPECT_EQ(w.at("vCpuInfo").value("defaultThreadsPerCore", 1), t.default_threads_per_core);
    EXPECT_EQ(w.value("hypervisor", ""), t.hypervisor);
    EXPECT_EQ(w.value("bareMetal", false), t.bare_metal);
    EXPECT_EQ(w.value("currentGeneration", false), t.current_generation);
  }
}

// Every line of the offering table (region, type, zone-ID numbers) is what the lookup answers.
TEST(InstanceTypeOfferings, EveryRecordedLineIsAnswered) {
  std::ifstream in(std::string(CLOUDLIFE_EC2_DATA_DIR) + "/instance_type_offerings.tsv");
  ASSERT_TRUE(in) << CLOUDLIFE_EC2_DATA_DIR;
  std::set<std::pair<std::string, std::string>> recorded;
  std::set<std::string> regions;
  int lines = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::string region, type, numbers;
    std::getline(fields, region, '\t');
    std::getline(fields, type, '\t');
    std::getline(fields, numbers);
    std::vector<int> zones;
    std::istringstream list(numbers);
    for (std::string n; std::getline(list, n, ',');) zones.push_back(std::stoi(n));
    EXPECT_EQ(offered_zone_numbers(type, region), zones) << line;
    recorded.emplace(region, type);
    regions.insert(region);
    ++lines;
  }
  EXPECT_GT(lines, 5000);
  // A type of the catalogue without a line in a recorded region is offered nowhere there.
  for (const std::string& region : regions) {
    for (const InstanceTypeInfo& t : instance_type_catalogue()) {
      if (!recorded.contains({region, t.name})) {
        EXPECT_TRUE(offered_zone_numbers(t.name, region).empty()) << region << " " << t.name;
      }
    }
  }
}

TEST(InstanceTypeOfferings, UseastOneAzThreeLacksTheCurrentGenerations) {
  EXPECT_FALSE(is_offered("t3.micro", "us-east-1", 3));
  EXPECT_TRUE(is_offered("t2.micro", "us-east-1", 3));
  EXPECT_TRUE(is_offered("t3.micro", "us-east-1", 1));
  // A region without a recorded table offers every type everywhere.
  EXPECT_EQ(offered_zone_numbers("t3.micro", "mx-central-1"), (std::vector<int>{1, 2, 3}));
  EXPECT_TRUE(offered_zone_numbers("z9.large", "us-east-1").empty());
}

TEST(LaunchTypeRules, UnsupportedNamesTheZonesThatOfferTheType) {
  EXPECT_EQ(offering_zone_names("t3.micro", "us-east-1"),
            (std::vector<std::string>{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d",
                                      "us-east-1f"}));
  EXPECT_EQ(type_error_of([] { require_offered_in_zone("t3.micro", "us-east-1", "us-east-1e"); }),
            "Unsupported: Your requested instance type (t3.micro) is not supported in your "
            "requested Availability Zone (us-east-1e). Please retry your request by not specifying "
            "an Availability Zone or choosing us-east-1a, us-east-1b, us-east-1c, us-east-1d, "
            "us-east-1f.");
  EXPECT_EQ(type_error_of([] { require_offered_in_zone("t3.micro", "us-east-1", "us-east-1a"); }),
            "");
}

TEST(LaunchTypeRules, ArchitectureMustMatch) {
  Image arm;
  arm.architecture = "arm64";
  EXPECT_EQ(
      type_error_of([&] { require_matching_architecture(*find_instance_type("t4g.micro"), arm); }),
      "");
  const std::string e =
      type_error_of([&] { require_matching_architecture(*find_instance_type("t3.micro"), arm); });
  EXPECT_EQ(e.rfind("InvalidParameterValue: The architecture 'x86_64' of the specified instance "
                    "type does not match the architecture 'arm64' of the specified AMI.",
                    0),
            0u);
}

TEST(DescribeInstanceTypes, EveryDocumentedFilterNameIsKnown) {
  const char* names[] = {"auto-recovery-supported",
                         "bare-metal",
                         "burstable-performance-supported",
                         "current-generation",
                         "dedicated-hosts-supported",
                         "ebs-info.attachment-limit-type",
                         "ebs-info.maximum-ebs-attachments",
                         "ebs-info.ebs-optimized-info.baseline-bandwidth-in-mbps",
                         "ebs-info.ebs-optimized-info.baseline-iops",
                         "ebs-info.ebs-optimized-info.baseline-throughput-in-mbps",
                         "ebs-info.ebs-optimized-info.maximum-bandwidth-in-mbps",
                         "ebs-info.ebs-optimized-info.maximum-iops",
                         "ebs-info.ebs-optimized-info.maximum-throughput-in-mbps",
                         "ebs-info.ebs-optimized-support",
                         "ebs-info.encryption-support",
                         "ebs-info.nvme-support",
                         "free-tier-eligible",
                         "hibernation-supported",
                         "hypervisor",
                         "instance-storage-info.disk.count",
                         "instance-storage-info.disk.size-in-gb",
                         "instance-storage-info.disk.type",
                         "instance-storage-info.encryption-support",
                         "instance-storage-info.nvme-support",
                         "instance-storage-info.total-size-in-gb",
                         "instance-storage-supported",
                         "instance-type",
                         "memory-info.size-in-mib",
                         "network-info.bandwidth-weightings",
                         "network-info.efa-info.maximum-efa-interfaces",
                         "network-info.efa-supported",
                         "network-info.ena-support",
                         "network-info.flexible-ena-queues-support",
                         "network-info.encryption-in-transit-supported",
                         "network-info.ipv4-addresses-per-interface",
                         "network-info.ipv6-addresses-per-interface",
                         "network-info.ipv6-supported",
                         "network-info.maximum-network-cards",
                         "network-info.maximum-network-interfaces",
                         "network-info.network-performance",
                         "nitro-enclaves-support",
                         "nitro-tpm-support",
                         "nitro-tpm-info.supported-versions",
                         "processor-info.supported-architecture",
                         "processor-info.sustained-clock-speed-in-ghz",
                         "processor-info.supported-features",
                         "reboot-migration-support",
                         "supported-boot-mode",
                         "supported-root-device-type",
                         "supported-usage-class",
                         "supported-virtualization-type",
                         "vcpu-info.default-cores",
                         "vcpu-info.default-threads-per-core",
                         "vcpu-info.default-vcpus",
                         "vcpu-info.valid-cores",
                         "vcpu-info.valid-threads-per-core"};
  const InstanceTypeInfo& i3 = *find_instance_type("i3.large");
  for (const char* n : names) {
    EXPECT_TRUE(instance_type_filter_values(i3, n).has_value()) << n;
  }
  EXPECT_EQ(*instance_type_filter_values(i3, "instance-storage-info.disk.type"),
            (std::vector<std::string>{"ssd"}));
  EXPECT_EQ(*instance_type_filter_values(i3, "memory-info.size-in-mib"),
            (std::vector<std::string>{"15616"}));
  EXPECT_FALSE(instance_type_filter_values(i3, "vcpus").has_value());
}

TEST(DescribeInstanceTypes, PagesCoverEveryTypeOnce) {
  DescribeInstanceTypesRequest r;
  r.region = "us-east-1";
  r.max_results = 100;
  std::size_t seen = 0;
  std::set<std::string> names;
  do {
    const auto page = describe_instance_types(r);
    for (const auto& v : page.types) names.insert(v.type->name);
    seen += page.types.size();
    r.next_token = page.next_token;
  } while (!r.next_token.empty());
  EXPECT_EQ(seen, names.size());
  EXPECT_GT(seen, 190u);
}

TEST(Regions, ZoneIdsAreTheRegionsRealOnes) {
  EXPECT_EQ(known_regions().size(), 34u);
  const auto west1 = zones_of("us-west-1");
  ASSERT_EQ(west1.size(), 2u);
  EXPECT_EQ(west1[1].zone_id, "usw1-az3");
  EXPECT_EQ(zone_id_prefix("mx-central-1"), "mxc1");
  EXPECT_EQ(zone_id_prefix("ap-southeast-7"), "apse7");
  EXPECT_EQ(zones_of("xx-nowhere-9").size(), 3u);
}

}  // namespace
}  // namespace cloudlife::ec2
