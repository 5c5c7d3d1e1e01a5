// Units for the network rules: IP protocol names, security group rule identity and grouping,
// EC2's duplicate-rule text, key material (deterministic in its seed, EC2's fingerprint formats),
// private address reuse, route states, and the all-or-nothing of the model operations.
#include <gtest/gtest.h>

#include <cstdio>

#include "core/service_error.h"
#include "ec2/ec2_partition.h"
#include "ec2/key_material.h"
#include "ec2/network.h"
#include "ec2/network_interfaces.h"
#include "ec2/routing.h"
#include "ec2/security_groups.h"
#include "support/engine_lock_for_test.h"

namespace cloudlife::ec2 {
namespace {

std::string code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const core::ServiceError& e) {
    return e.code();
  }
  return "no error";
}

// Addresses are read as sscanf("%u.%u.%u.%u") reads them, whatever the text (the dotted form
// cloudlife writes takes a quicker path), and written back in that form.
TEST(Ipv4Text, ReadAsSscanfReadsItAndWrittenBack) {
  const auto by_sscanf = [](const std::string& text) {
    unsigned a = 0, b = 0, c = 0, d = 0;
    std::sscanf(text.c_str(), "%u.%u.%u.%u", &a, &b, &c, &d);
    return (a << 24) | (b << 16) | (c << 8) | d;
  };
  for (const std::string text :
       {"10.0.0.4", "172.31.255.254", "0.0.0.0", "255.255.255.255", "010.001.0.9", "999.1.1.1",
        "1.2.3", "1.2.3.4x", " 1.2.3.4", "1.2.3.4.5", "1..2.3", "", "abc", "1.2.3.4/20",
        "1234.5.6.7", "1.2.3.-4", "+1.2.3.4", "4294967295.1.1.1"}) {
    EXPECT_EQ(Network::parse_ipv4(text), by_sscanf(text)) << text;
  }
  EXPECT_EQ(Network::format_ipv4(Network::parse_ipv4("172.31.16.4")), "172.31.16.4");
  EXPECT_EQ(Network::format_ipv4(0), "0.0.0.0");
  EXPECT_EQ(Network::format_ipv4(0xffffffffu), "255.255.255.255");
}

TEST(IpProtocol, NumbersAndAliasesNormalize) {
  EXPECT_EQ(normalize_ip_protocol("6"), "tcp");
  EXPECT_EQ(normalize_ip_protocol("UDP"), "udp");
  EXPECT_EQ(normalize_ip_protocol("all"), "-1");
  EXPECT_EQ(normalize_ip_protocol("58"), "icmpv6");
  EXPECT_EQ(normalize_ip_protocol("50"), "50");
  EXPECT_EQ(code_of([] { normalize_ip_protocol("bogus"); }), "InvalidParameterValue");
  EXPECT_EQ(code_of([] { normalize_ip_protocol("256"); }), "InvalidParameterValue");
}

TEST(SecurityGroupRules, DuplicateTextIsEc2s) {
  SecurityGroupRule r;
  r.protocol = "tcp";
  r.from_port = 22;
  r.to_port = 22;
  r.cidr_ipv4 = "0.0.0.0/0";
  EXPECT_EQ(rule_text(r), "peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW");
  r.protocol = "-1";
  EXPECT_EQ(rule_text(r), "peer: 0.0.0.0/0, ALL, ALLOW");
}

TEST(SecurityGroupRules, SameRuleIgnoresTheDescription) {
  SecurityGroupRule a;
  a.protocol = "tcp";
  a.from_port = a.to_port = 80;
  a.cidr_ipv4 = "10.0.0.0/8";
  SecurityGroupRule b = a;
  b.description = "web";
  EXPECT_TRUE(a.same_rule_as(b));
  b.egress = true;
  EXPECT_FALSE(a.same_rule_as(b));
}

TEST(SecurityGroupRules, PermissionsGroupRulesByProtocolAndPorts) {
  SecurityGroup g;
  for (const char* cidr : {"10.0.0.0/8", "192.168.0.0/16"}) {
    SecurityGroupRule r;
    r.protocol = "tcp";
    r.from_port = r.to_port = 443;
    r.cidr_ipv4 = cidr;
    g.rules.push_back(r);
  }
  SecurityGroupRule out;
  out.egress = true;
  out.protocol = "-1";
  out.cidr_ipv4 = "0.0.0.0/0";
  g.rules.push_back(out);
  const auto ingress = permissions_of(g, false);
  ASSERT_EQ(ingress.size(), 1u);
  EXPECT_EQ(ingress[0].rules.size(), 2u);
  EXPECT_EQ(permissions_of(g, true).size(), 1u);
}

TEST(SecurityGroups, AuthorizeIsAllOrNothing) {
  Ec2Partition p(core::test_lock(), {"123456789012", "us-east-1"});
  const SecurityGroup g = create_security_group(p, {"web", "web", "", {}}, false);
  IpPermissionSpec good{"tcp", 22, 22, {{"ipv4", "0.0.0.0/0", "", "", "", ""}}};
  IpPermissionSpec bad{"tcp", 80, 80, {{"ipv4", "10.0.0.0/33", "", "", "", ""}}};
  EXPECT_EQ(code_of([&] {
              authorize_rules(p, g.group_id, "", false, {good, bad}, {}, false);
            }),
            "InvalidParameterValue");
  EXPECT_EQ(p.security_groups.at(g.group_id).rules.size(), 1u);  // the default egress rule only
  EXPECT_EQ(code_of([&] { authorize_rules(p, g.group_id, "", false, {good}, {}, true); }),
            "DryRunOperation");
  EXPECT_EQ(p.security_groups.at(g.group_id).rules.size(), 1u);
}

TEST(KeyMaterial, DeterministicInTheSeedAndInEc2sFormats) {
  const GeneratedKey a = generate_key("ed25519", "seed-1");
  const GeneratedKey b = generate_key("ed25519", "seed-1");
  const GeneratedKey c = generate_key("ed25519", "seed-2");
  EXPECT_EQ(a.private_pem, b.private_pem);
  EXPECT_NE(a.fingerprint, c.fingerprint);
  EXPECT_EQ(a.fingerprint.size(), 44u);  // base64 of 32 bytes
  EXPECT_EQ(parse_openssh_public_key(a.public_openssh).fingerprint, a.fingerprint);
  const GeneratedKey r = generate_key("rsa", "seed-1");
  EXPECT_EQ(r.private_pem.rfind("-----BEGIN RSA PRIVATE KEY-----", 0), 0u);
  EXPECT_EQ(r.fingerprint.size(), 59u);  // 20 bytes as colon hex
  // Imported RSA keys are fingerprinted by the MD5 of the public key: 16 bytes.
  EXPECT_EQ(parse_openssh_public_key(r.public_openssh).fingerprint.size(), 47u);
  EXPECT_EQ(code_of([] { parse_openssh_public_key("ssh-dss AAAA"); }), "InvalidKey.Format");
}

TEST(PrivateAddresses, ReleasedAddressesAreReused) {
  Network n;
  n.create_defaults("us-east-1");
  Subnet& s = *n.find_subnet(n.default_subnet_for("us-east-1a")->subnet_id);
  const std::string first = n.allocate_private_ip(s);
  const std::string second = n.allocate_private_ip(s);
  EXPECT_EQ(first, "172.31.0.4");
  EXPECT_EQ(second, "172.31.0.5");
  n.release_private_ip(s.subnet_id, first);
  EXPECT_EQ(n.allocate_private_ip(s), first);
  EXPECT_EQ(code_of([&] { n.claim_private_ip(s, second, true); }), "InvalidIPAddress.InUse");
  EXPECT_EQ(code_of([&] { n.claim_private_ip(s, "172.31.0.2", true); }), "InvalidParameterValue");
}

TEST(Routing, DefaultVpcRoutesThroughItsGatewayAndADetachedGatewayIsABlackhole) {
  Ec2Partition p(core::test_lock(), {"123456789012", "us-east-1"});
  ASSERT_EQ(p.route_tables.size(), 1u);
  RouteTable& main = p.route_tables.begin()->second;
  ASSERT_EQ(main.routes.size(), 2u);
  EXPECT_EQ(route_state(p, main, main.routes[1]), "active");
  p.internet_gateways.begin()->second.vpc_id.clear();
  EXPECT_EQ(route_state(p, main, main.routes[1]), "blackhole");
  EXPECT_EQ(code_of([&] { delete_route(p, main.route_table_id, "172.31.0.0/16", false); }),
            "InvalidParameterValue");
  EXPECT_EQ(code_of([&] { delete_route_table(p, main.route_table_id, false); }),
            "DependencyViolation");
}

}  // namespace
}  // namespace cloudlife::ec2
