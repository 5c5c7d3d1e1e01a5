// Units for the network ACL rules: protocol names, the default and custom ACLs' entries, subnet
// associations following subnets and VPCs, and the all-or-nothing of entry changes.
#include <gtest/gtest.h>

#include <functional>

#include "core/service_error.h"
#include "ec2/ec2_partition.h"
#include "ec2/network_acls.h"
#include "ec2/vpc_operations.h"
#include "support/engine_lock_for_test.h"

namespace cloudlife::ec2 {
namespace {

std::string acl_code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const core::ServiceError& e) {
    return e.code();
  }
  return "no error";
}

NetworkAclEntryRequest tcp_entry(const std::string& acl, int rule) {
  NetworkAclEntryRequest r;
  r.acl_id = acl;
  r.rule_number = rule;
  r.egress = false;
  r.protocol = "tcp";
  r.rule_action = "allow";
  r.cidr_block = "10.0.0.0/8";
  r.port_from = 22;
  r.port_to = 22;
  return r;
}

const NetworkAcl& default_acl(Ec2Partition& p, const std::string& vpc) {
  for (const auto& [id, acl] : p.network_acls) {
    if (acl.vpc_id == vpc && acl.is_default) return acl;
  }
  throw std::runtime_error("no default ACL");
}

TEST(NetworkAclProtocol, NamesBecomeNumbers) {
  EXPECT_EQ(normalize_acl_protocol("tcp"), "6");
  EXPECT_EQ(normalize_acl_protocol("UDP"), "17");
  EXPECT_EQ(normalize_acl_protocol("all"), "-1");
  EXPECT_EQ(normalize_acl_protocol("-1"), "-1");
  EXPECT_EQ(normalize_acl_protocol("icmpv6"), "58");
  EXPECT_EQ(normalize_acl_protocol("50"), "50");
  EXPECT_FALSE(normalize_acl_protocol("256"));
  EXPECT_FALSE(normalize_acl_protocol("bogus"));
}

TEST(NetworkAcls, DefaultVpcAclHoldsTheDefaultSubnets) {
  Ec2Partition p(core::test_lock(), {"123456789012", "us-east-1"});
  const Vpc* vpc = p.network.default_vpc();
  ASSERT_NE(vpc, nullptr);
  const NetworkAcl& acl = default_acl(p, vpc->vpc_id);
  std::size_t subnets = 0;
  for (const auto& [id, s] : p.network.subnets) subnets += s.vpc_id == vpc->vpc_id;
  EXPECT_EQ(acl.associations.size(), subnets);
  ASSERT_EQ(acl.entries.size(), 4u);
  EXPECT_TRUE(acl.entries[0].egress);
  EXPECT_EQ(acl.entries[0].rule_number, 100);
  EXPECT_EQ(acl.entries[1].rule_number, kCatchAllRule);
  EXPECT_EQ(acl.entries[1].rule_action, "deny");
  // The same partition made again has the same derived IDs.
  Ec2Partition again(core::test_lock(), {"123456789012", "us-east-1"});
  EXPECT_EQ(default_acl(again, vpc->vpc_id).network_acl_id, acl.network_acl_id);
}

TEST(NetworkAcls, EntriesKeepOnlyTheirProtocolsMembers) {
  Ec2Partition p(core::test_lock(), {"123456789012", "us-east-1"});
  const std::string vpc = p.network.default_vpc()->vpc_id;
  const std::string acl = create_network_acl(p, vpc, {}, false).network_acl_id;
  NetworkAclEntryRequest all = tcp_entry(acl, 10);
  all.protocol = "-1";
  create_network_acl_entry(p, all);
  const NetworkAclEntry& e = p.network_acls.at(acl).entries[1];  // egress catch-all is first
  EXPECT_EQ(e.rule_number, 10);
  EXPECT_FALSE(e.port_from.has_value());
  NetworkAclEntryRequest icmp = tcp_entry(acl, 11);
  icmp.protocol = "icmp";
  EXPECT_EQ(acl_code_of([&] { create_network_acl_entry(p, icmp); }), "MissingParameter");
  icmp.icmp_type = 8;
  icmp.icmp_code = -1;
  create_network_acl_entry(p, icmp);
  EXPECT_EQ(p.network_acls.at(acl).entries[2].icmp_type, 8);
}

TEST(NetworkAcls, RefusalsChangeNothing) {
  Ec2Partition p(core::test_lock(), {"123456789012", "us-east-1"});
  const std::string vpc = p.network.default_vpc()->vpc_id;
  const std::string acl = create_network_acl(p, vpc, {}, false).network_acl_id;
  create_network_acl_entry(p, tcp_entry(acl, 100));
  const auto before = p.network_acls.at(acl).entries.size();
  EXPECT_EQ(acl_code_of([&] { create_network_acl_entry(p, tcp_entry(acl, 100)); }),
            "NetworkAclEntryAlreadyExists");
  EXPECT_EQ(acl_code_of([&] { create_network_acl_entry(p, tcp_entry(acl, kCatchAllRule)); }),
            "InvalidParameterValue");
  NetworkAclEntryRequest dry = tcp_entry(acl, 200);
  dry.dry_run = true;
  EXPECT_EQ(acl_code_of([&] { create_network_acl_entry(p, dry); }), "DryRunOperation");
  EXPECT_EQ(acl_code_of([&] { delete_network_acl_entry(p, acl, 7, false, false); }),
            "InvalidNetworkAclEntry.NotFound");
  EXPECT_EQ(p.network_acls.at(acl).entries.size(), before);
  EXPECT_EQ(acl_code_of([&] { delete_network_acl(p, default_acl(p, vpc).network_acl_id, false); }),
            "InvalidParameterValue");
}

TEST(NetworkAcls, AssociationsFollowSubnetsAndVpcs) {
  Ec2Partition p(core::test_lock(), {"123456789012", "us-east-1"});
  const Vpc vpc = create_vpc(p, "10.1.0.0/16", "", {});
  const Subnet s = create_subnet(p, vpc.vpc_id, "10.1.1.0/24", "", "", {});
  const std::string default_id = default_acl(p, vpc.vpc_id).network_acl_id;
  ASSERT_EQ(p.network_acls.at(default_id).associations.size(), 1u);
  const std::string custom = create_network_acl(p, vpc.vpc_id, {}, false).network_acl_id;
  const std::string old_id = p.network_acls.at(default_id).associations[0].association_id;
  const std::string new_id = replace_network_acl_association(p, old_id, custom, false);
  EXPECT_NE(new_id, old_id);
  EXPECT_TRUE(p.network_acls.at(default_id).associations.empty());
  EXPECT_EQ(acl_code_of([&] { delete_network_acl(p, custom, false); }), "DependencyViolation");
  EXPECT_EQ(acl_code_of([&] { delete_vpc(p, vpc.vpc_id); }), "DependencyViolation");
  delete_subnet(p, s.subnet_id);
  EXPECT_TRUE(p.network_acls.at(custom).associations.empty());
  delete_network_acl(p, custom, false);
  delete_vpc(p, vpc.vpc_id);
  EXPECT_FALSE(p.network_acls.contains(default_id));
}

}  // namespace
}  // namespace cloudlife::ec2
