// The ELBv2 target-group rules (src/autoscaling/elb/target_group_rules.h): the name rule with
// AWS's ValidationError texts, protocol and port bounds, attribute keys and values by protocol,
// and the tag limits.
#include "autoscaling/elb/target_group_rules.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/service_error.h"

namespace cloudlife::autoscaling {
namespace {

template <class F>
std::string rule_message_of(F&& f) {
  try {
    f();
  } catch (const core::ServiceError& e) {
    return e.code() + ": " + e.message();
  }
  return "accepted";
}

TEST(TargetGroupNameTest, FollowsTheDocumentedRule) {
  for (const std::string& ok :
       std::vector<std::string>{"a", "web-tg", "A1-b2", std::string(32, 'x')}) {
    EXPECT_EQ(rule_message_of([&] { check_target_group_name(ok); }), "accepted") << ok;
  }
  EXPECT_EQ(rule_message_of([] { check_target_group_name(std::string(33, 'x')); }),
            "ValidationError: Target group name '" + std::string(33, 'x') +
                "' cannot be longer than '32' characters");
  for (const std::string& bad : std::vector<std::string>{"", "web_tg", "web.tg", "wéb", "a b"}) {
    EXPECT_EQ(rule_message_of([&] { check_target_group_name(bad); }),
              "ValidationError: Target group name '" + bad +
                  "' can only contain characters that are alphanumeric characters or hyphens(-)")
        << bad;
  }
  for (const std::string& bad : std::vector<std::string>{"-web", "web-", "-"}) {
    EXPECT_EQ(rule_message_of([&] { check_target_group_name(bad); }),
              "ValidationError: Target group name '" + bad + "' cannot begin or end with '-'")
        << bad;
  }
}

TEST(TargetGroupProtocolTest, ProtocolsAndPortsOutsideTheRulesAreRefused) {
  for (const char* p : {"HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE"}) {
    EXPECT_EQ(rule_message_of([&] { check_target_group_protocol(p); }), "accepted");
  }
  EXPECT_NE(rule_message_of([] { check_target_group_protocol("http"); }), "accepted");
  EXPECT_NE(rule_message_of([] { check_target_group_protocol("SSL"); }), "accepted");
  EXPECT_EQ(rule_message_of([] { check_target_group_port(1); }), "accepted");
  EXPECT_EQ(rule_message_of([] { check_target_group_port(65535); }), "accepted");
  EXPECT_EQ(rule_message_of([] { check_target_group_port(0); }),
            "ValidationError: 1 validation error detected: Value '0' at 'port' failed to satisfy "
            "constraint: Member must have value greater than or equal to 1");
  EXPECT_NE(rule_message_of([] { check_target_group_port(65536); }), "accepted");
}

TEST(TargetGroupIpAddressTypeTest, Ipv4AndIpv6OnlyWithTheEnumMessage) {
  EXPECT_EQ(rule_message_of([] { check_target_group_ip_address_type("ipv4"); }), "accepted");
  EXPECT_EQ(rule_message_of([] { check_target_group_ip_address_type("ipv6"); }), "accepted");
  EXPECT_EQ(rule_message_of([] { check_target_group_ip_address_type("dualstack"); }),
            "ValidationError: 1 validation error detected: Value 'dualstack' at 'ipAddressType' "
            "failed to satisfy constraint: Member must satisfy enum value set: [ipv6, ipv4]");
}

TEST(TargetGroupAttributesTest, KeysDependOnTheProtocolAndValuesAreChecked) {
  const TagMap http = default_target_group_attributes("HTTP");
  EXPECT_EQ(http.at("deregistration_delay.timeout_seconds"), "300");
  EXPECT_EQ(http.at("stickiness.type"), "lb_cookie");
  EXPECT_FALSE(http.contains("proxy_protocol_v2.enabled"));
  const TagMap tcp = default_target_group_attributes("TCP");
  EXPECT_EQ(tcp.at("stickiness.type"), "source_ip");
  EXPECT_EQ(tcp.at("proxy_protocol_v2.enabled"), "false");

  const TagMap changed = apply_target_group_attributes(
      http, "HTTP",
      {{"deregistration_delay.timeout_seconds", "30"}, {"stickiness.enabled", "true"}});
  EXPECT_EQ(changed.at("deregistration_delay.timeout_seconds"), "30");
  EXPECT_EQ(changed.at("stickiness.enabled"), "true");
  EXPECT_EQ(rule_message_of([&] {
              apply_target_group_attributes(http, "HTTP", {{"proxy_protocol_v2.enabled", "true"}});
            }),
            "ValidationError: Target group attribute key 'proxy_protocol_v2.enabled' is not "
            "recognized");
  for (const auto& [k, v] : TagList{{"deregistration_delay.timeout_seconds", "3601"},
                                    {"stickiness.enabled", "yes"},
                                    {"slow_start.duration_seconds", "10"},
                                    {"stickiness.type", "source_ip"},
                                    {"load_balancing.algorithm.type", "random"}}) {
    EXPECT_NE(rule_message_of([&] {
                apply_target_group_attributes(http, "HTTP", {{k, v}});
              }),
              "accepted")
        << k << "=" << v;
  }
}

TEST(ElbTagsTest, DuplicatesLengthsAndTheFiftyTagLimit) {
  EXPECT_EQ(rule_message_of([] {
              check_tag_list({{"a", "1"}, {"a", "2"}});
            }),
            "DuplicateTagKeys: A tag key was specified more than once.");
  EXPECT_NE(rule_message_of([] { check_tag_list({{"", "1"}}); }), "accepted");
  EXPECT_NE(rule_message_of([] { check_tag_list({{std::string(129, 'k'), ""}}); }), "accepted");
  EXPECT_NE(rule_message_of([] { check_tag_list({{"k", std::string(257, 'v')}}); }), "accepted");
  TagList fifty;
  for (int i = 0; i < 50; ++i) fifty.emplace_back("k" + std::to_string(i), "v");
  const TagMap full = merge_tags({}, fifty);
  EXPECT_EQ(full.size(), 50u);
  EXPECT_EQ(merge_tags(full, {{"k0", "new"}}).at("k0"), "new");  // an update is not a new tag
  EXPECT_EQ(merge_tags(full, {{"aws:cloudformation:stack-name", "s"}}).size(), 51u);
  EXPECT_EQ(rule_message_of([&] {
              merge_tags(full, {{"one-more", "v"}});
            }),
            "TooManyTags: You've reached the limit on the number of tags for this resource.");
}

}  // namespace
}  // namespace cloudlife::autoscaling
