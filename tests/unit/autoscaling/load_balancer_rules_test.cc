// ELBv2 load balancer rules (src/autoscaling/elb/load_balancer_rules.h).
#include "autoscaling/elb/load_balancer_rules.h"

#include <gtest/gtest.h>

#include "core/service_error.h"

namespace cloudlife::autoscaling {
namespace {

std::string lb_rule_code(auto&& f) {
  try {
    f();
  } catch (const core::ServiceError& e) {
    return e.code();
  }
  return "";
}

TEST(LoadBalancerRules, Names) {
  EXPECT_EQ(lb_rule_code([] { check_load_balancer_name("web-1"); }), "");
  EXPECT_EQ(lb_rule_code([] { check_load_balancer_name(std::string(33, 'a')); }),
            "ValidationError");
  EXPECT_EQ(lb_rule_code([] { check_load_balancer_name("-web"); }), "ValidationError");
  EXPECT_EQ(lb_rule_code([] { check_load_balancer_name("web_1"); }), "ValidationError");
  EXPECT_EQ(lb_rule_code([] { check_load_balancer_name("internal-web"); }), "ValidationError");
  EXPECT_EQ(lb_rule_code([] { check_load_balancer_type("classic"); }), "ValidationError");
  EXPECT_EQ(lb_rule_code([] { check_ip_address_type("dualstack-without-public-ipv4", "network"); }),
            "InvalidConfigurationRequest");
}

TEST(LoadBalancerRules, DnsNamesAndHostedZonesAsAwsFormsThem) {
  EXPECT_EQ(load_balancer_dns_name("web", "application", "internet-facing", "us-east-1", "123"),
            "web-123.us-east-1.elb.amazonaws.com");
  EXPECT_EQ(load_balancer_dns_name("web", "application", "internal", "eu-west-1", "9"),
            "internal-web-9.eu-west-1.elb.amazonaws.com");
  EXPECT_EQ(load_balancer_dns_name("nlb", "network", "internet-facing", "us-west-2", "ab12"),
            "nlb-ab12.elb.us-west-2.amazonaws.com");
  EXPECT_EQ(load_balancer_dns_name("gw", "gateway", "internal", "us-east-1", "x"), "");
  EXPECT_EQ(canonical_hosted_zone_id("us-east-1", "application"), "Z35SXDOTRQ7X7K");
  EXPECT_EQ(canonical_hosted_zone_id("us-east-1", "network"), "Z26RNL4JYFTOTI");
  EXPECT_EQ(canonical_hosted_zone_id("eu-west-1", "application"), "Z32O12XQLNTSW2");
}

TEST(LoadBalancerRules, AttributesPerTypeWithAwsDefaults) {
  const TagMap alb = default_load_balancer_attributes("application", "internet-facing");
  EXPECT_EQ(alb.at("idle_timeout.timeout_seconds"), "60");
  EXPECT_EQ(alb.at("routing.http2.enabled"), "true");
  EXPECT_EQ(alb.at("load_balancing.cross_zone.enabled"), "true");
  EXPECT_EQ(alb.at("routing.http.desync_mitigation_mode"), "defensive");
  EXPECT_EQ(alb.at("deletion_protection.enabled"), "false");
  EXPECT_FALSE(alb.contains("dns_record.client_routing_policy"));
  const TagMap nlb = default_load_balancer_attributes("network", "internal");
  EXPECT_EQ(nlb.at("load_balancing.cross_zone.enabled"), "false");
  EXPECT_EQ(nlb.at("dns_record.client_routing_policy"), "any_availability_zone");
  EXPECT_EQ(nlb.at("ipv6.deny_all_igw_traffic"), "true");
  EXPECT_FALSE(nlb.contains("idle_timeout.timeout_seconds"));
  const TagMap gwy = default_load_balancer_attributes("gateway", "internal");
  EXPECT_EQ(gwy.size(), 2u);

  EXPECT_EQ(
      apply_load_balancer_attributes(alb, "application", {{"idle_timeout.timeout_seconds", "120"}})
          .at("idle_timeout.timeout_seconds"),
      "120");
  EXPECT_EQ(lb_rule_code([&] {
              apply_load_balancer_attributes(alb, "application", {{"bogus.key", "1"}});
            }),
            "ValidationError");
  EXPECT_EQ(lb_rule_code([&] {
              apply_load_balancer_attributes(alb, "application",
                                             {{"dns_record.client_routing_policy", "any"}});
            }),
            "InvalidConfigurationRequest");
  EXPECT_EQ(lb_rule_code([&] {
              apply_load_balancer_attributes(alb, "application",
                                             {{"idle_timeout.timeout_seconds", "4001"}});
            }),
            "ValidationError");
  EXPECT_EQ(lb_rule_code([&] {
              apply_load_balancer_attributes(alb, "application",
                                             {{"load_balancing.cross_zone.enabled", "false"}});
            }),
            "InvalidConfigurationRequest");
}

TEST(LoadBalancerRules, ListenerProtocolsPerType) {
  EXPECT_EQ(lb_rule_code([] { check_listener_protocol("HTTP", "application"); }), "");
  EXPECT_EQ(lb_rule_code([] { check_listener_protocol("TCP", "application"); }),
            "InvalidConfigurationRequest");
  EXPECT_EQ(lb_rule_code([] { check_listener_protocol("UDP", "network"); }), "");
  EXPECT_EQ(default_listener_attributes("network", "TCP").at("tcp.idle_timeout.seconds"), "350");
}

}  // namespace
}  // namespace cloudlife::autoscaling
