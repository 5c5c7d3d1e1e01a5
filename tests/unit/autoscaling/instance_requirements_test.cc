// Units for attribute-based instance type selection (ec2/instance_requirements.h): each attribute
// against the recorded catalogue, the AWS defaults, wildcards, validation and price protection.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "ec2/instance_requirements.h"

namespace cloudlife::ec2 {
namespace {

InstanceRequirements base(long long vcpu_min, std::optional<long long> vcpu_max, long long mem_min,
                          std::optional<long long> mem_max = std::nullopt) {
  InstanceRequirements r;
  r.vcpu_count = IntRange{vcpu_min, vcpu_max};
  r.memory_mib = IntRange{mem_min, mem_max};
  return r;
}

std::set<std::string> names(const InstanceRequirements& r,
                            std::vector<std::string> arch = {"x86_64"}) {
  std::set<std::string> out;
  for (const InstanceTypeInfo* t : matching_instance_types(r, arch, {"hvm"})) out.insert(t->name);
  return out;
}

bool meets(const char* type, const InstanceRequirements& r) {
  return meets_requirements(*find_instance_type(type), r);
}

TEST(InstanceRequirements, WildcardsMatchTheWholeName) {
  EXPECT_TRUE(wildcard_match("c5*.*", "c5.large"));
  EXPECT_TRUE(wildcard_match("c5*", "c5d.xlarge"));
  EXPECT_TRUE(wildcard_match("m5a.*", "m5a.large"));
  EXPECT_FALSE(wildcard_match("m5a.*", "m5n.large"));
  EXPECT_TRUE(wildcard_match("*3*", "t3.micro"));
  EXPECT_TRUE(wildcard_match("r*", "r6i.large"));
  EXPECT_FALSE(wildcard_match("r*", "m5.large"));
  EXPECT_TRUE(wildcard_match("m5.8xlarge", "m5.8xlarge"));
  EXPECT_FALSE(wildcard_match("m5.8xlarge", "m5.8xlarge2"));
  EXPECT_TRUE(wildcard_match("**.large", "c5.large"));
}

TEST(InstanceRequirements, VCpuAndMemoryRangesAreInclusive) {
  const auto got = names(base(2, 2, 4096, 4096));
  // 2 vCPU / 4 GiB, x86, not burstable (default excluded): c5.large, c6i.large, c7i.large.
  EXPECT_EQ(got, (std::set<std::string>{"c5.large", "c6i.large", "c7i.large"}));
}

TEST(InstanceRequirements, DefaultsExcludeBurstableAndBareMetal) {
  EXPECT_FALSE(meets("t3.medium", base(2, 2, 4096, 4096)));
  EXPECT_FALSE(meets("m5.metal", base(0, std::nullopt, 0)));
  auto r = base(2, 2, 4096, 4096);
  r.burstable_performance = "included";
  EXPECT_TRUE(meets("t3.medium", r));
  r.burstable_performance = "required";
  EXPECT_TRUE(meets("t3.medium", r));
  EXPECT_FALSE(meets("c5.large", r));
  auto metal = base(0, std::nullopt, 0);
  metal.bare_metal = "required";
  EXPECT_TRUE(meets("m5.metal", metal));
  EXPECT_FALSE(meets("m5.large", metal));
}

TEST(InstanceRequirements, CpuManufacturersAndGenerations) {
  auto r = base(2, 2, 4096, 8192);
  r.cpu_manufacturers = {"amazon-web-services"};
  EXPECT_EQ(names(r, {"arm64"}),
            (std::set<std::string>{"c6g.large", "c7g.large", "m6g.large", "m7g.large"}));
  r.cpu_manufacturers = {"intel"};
  r.instance_generations = {"previous"};
  EXPECT_EQ(names(r), (std::set<std::string>{"c5.large", "m1.large", "m5.large", "m6i.large"}));
}

TEST(InstanceRequirements, MemoryPerVCpuAllowedAndExcluded) {
  auto r = base(2, 2, 0);
  r.memory_gib_per_vcpu = DoubleRange{8.0, std::nullopt};
  EXPECT_EQ(names(r), (std::set<std::string>{"i4i.large", "r5.large", "r6i.large"}));
  r = base(2, 2, 0);
  r.allowed_instance_types = {"m*"};
  EXPECT_EQ(names(r),
            (std::set<std::string>{"m1.large", "m5.large", "m5d.large", "m6i.large", "m7i.large"}));
  r = base(2, 2, 0);
  r.excluded_instance_types = {"m*", "c*", "r*"};
  EXPECT_EQ(names(r), (std::set<std::string>{"i3.large", "i4i.large"}));
}

TEST(InstanceRequirements, LocalStorage) {
  auto r = base(2, 2, 0);
  r.local_storage = "excluded";
  EXPECT_FALSE(meets("m5d.large", r));
  EXPECT_TRUE(meets("m5.large", r));
  r.local_storage = "required";
  EXPECT_TRUE(meets("m5d.large", r));
  EXPECT_FALSE(meets("m5.large", r));
  auto hdd = base(4, 4, 0);
  hdd.local_storage_types = {"hdd"};
  EXPECT_TRUE(meets("d3.xlarge", hdd));
  EXPECT_FALSE(meets("i3.xlarge", hdd));
  auto big = base(0, std::nullopt, 0);
  big.total_local_storage_gb = DoubleRange{5000.0, std::nullopt};
  EXPECT_TRUE(meets("d3.xlarge", big));  // 3 x 1980 GB
  EXPECT_FALSE(meets("m5d.large", big));
}

TEST(InstanceRequirements, Accelerators) {
  auto gpu = base(4, 4, 0);
  gpu.accelerator_types = {"gpu"};
  EXPECT_EQ(names(gpu), (std::set<std::string>{"g4dn.xlarge", "g5.xlarge"}));
  gpu.accelerator_manufacturers = {"nvidia"};
  gpu.accelerator_names = {"t4"};
  EXPECT_EQ(names(gpu), (std::set<std::string>{"g4dn.xlarge"}));
  auto none = base(4, 4, 16384, 16384);
  none.accelerator_count = IntRange{std::nullopt, 0};
  EXPECT_FALSE(meets("g4dn.xlarge", none));
  EXPECT_FALSE(meets("inf2.xlarge", none));
  EXPECT_TRUE(meets("m5.xlarge", none));
  auto inference = base(0, std::nullopt, 0);
  inference.accelerator_types = {"inference"};
  inference.accelerator_count = IntRange{1, 1};  // Inferentia2: one device, counted once
  EXPECT_TRUE(meets("inf2.xlarge", inference));
  auto memory = base(0, std::nullopt, 0);
  memory.accelerator_total_memory_mib = IntRange{20000, 30000};
  EXPECT_TRUE(meets("g5.xlarge", memory));
  EXPECT_FALSE(meets("g4dn.xlarge", memory));
}

TEST(InstanceRequirements, HibernateNetworkAndEbs) {
  auto r = base(2, 2, 0);
  r.require_hibernate_support = true;
  EXPECT_TRUE(meets("m5.large", r));
  EXPECT_FALSE(meets("i4i.large", r));
  auto nics = base(0, std::nullopt, 0);
  nics.network_interface_count = IntRange{8, std::nullopt};
  EXPECT_TRUE(meets("c5.12xlarge", nics));
  EXPECT_FALSE(meets("c5.large", nics));
  auto bandwidth = base(0, std::nullopt, 0);
  bandwidth.network_bandwidth_gbps = DoubleRange{10.0, std::nullopt};
  EXPECT_TRUE(meets("c5.12xlarge", bandwidth));
  EXPECT_FALSE(meets("c5.large", bandwidth));
  auto ebs = base(0, std::nullopt, 0);
  ebs.baseline_ebs_bandwidth_mbps = IntRange{9000, std::nullopt};
  EXPECT_TRUE(meets("c5.12xlarge", ebs));
  EXPECT_FALSE(meets("c5.large", ebs));
}

TEST(InstanceRequirements, ArchitectureNarrows) {
  const auto arm = names(base(1, 1, 0), {"arm64"});
  EXPECT_EQ(arm, (std::set<std::string>{"c6g.medium", "c7g.medium", "m6g.medium", "m7g.medium",
                                        "r7g.medium"}));
}

TEST(InstanceRequirements, ValidationInAwsWords) {
  InstanceRequirements r;
  EXPECT_NE(requirements_problem(r).find("VCpuCount"), std::string::npos);
  r = base(4, 2, 0);
  EXPECT_EQ(requirements_problem(r),
            "The value of VCpuCount Min must be less than or equal to the value of VCpuCount Max.");
  r = base(2, 4, 0);
  r.allowed_instance_types = {"m*"};
  r.excluded_instance_types = {"m5.*"};
  EXPECT_EQ(requirements_problem(r),
            "You can specify AllowedInstanceTypes or ExcludedInstanceTypes, but not both.");
  r = base(2, 4, 0);
  r.bare_metal = "sometimes";
  EXPECT_NE(requirements_problem(r).find("BareMetal"), std::string::npos);
  r = base(2, 4, 0);
  r.excluded_instance_types = {"m5.large!"};
  EXPECT_NE(requirements_problem(r).find("ExcludedInstanceTypes"), std::string::npos);
  EXPECT_EQ(requirements_problem(base(2, 4, 1024)), "");
}

TEST(InstanceRequirements, PriceProtectionFromTheCheapestCurrentCmr) {
  const InstanceTypeInfo* c7i = find_instance_type("c7i.large");  // current C
  const InstanceTypeInfo* c5 = find_instance_type("c5.large");    // previous generation
  const InstanceTypeInfo* r7g = find_instance_type("r7g.large");
  const InstanceTypeInfo* i4i = find_instance_type("i4i.large");
  std::vector<PricedType> c = {{c5, 0.05}, {c7i, 0.10}, {r7g, 0.12}, {i4i, 0.13}};
  // Reference c7i.large 0.10 (c5 is previous generation): 20 % -> 0.12 kept, 0.13 not.
  EXPECT_EQ(price_protected(c, 20), (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(price_protected(c, 999999), (std::vector<std::size_t>{0, 1, 2, 3}));
  // No current C/M/R: the cheapest current type; none current: the cheapest previous one.
  std::vector<PricedType> other = {{c5, 0.05}, {i4i, 0.20}};
  EXPECT_EQ(price_protected(other, 0), (std::vector<std::size_t>{0, 1}));
  std::vector<PricedType> previous = {{c5, 0.05}, {find_instance_type("m5.large"), 0.2}};
  EXPECT_EQ(price_protected(previous, 100), (std::vector<std::size_t>{0}));
}

}  // namespace
}  // namespace cloudlife::ec2
