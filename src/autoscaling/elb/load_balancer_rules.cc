#include "autoscaling/elb/load_balancer_rules.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "protocol/aws_errors.h"

namespace cloudlife::autoscaling {
namespace {

using protocol::aws_error;

[[noreturn]] void lb_rule_invalid(const std::string& message) {
  throw aws_error("ValidationError", {message});
}

[[noreturn]] void lb_rule_unsupported(const std::string& message) {
  throw aws_error("InvalidConfigurationRequest", {message});
}

// AWS's published Route 53 hosted zones of Elastic Load Balancing ("Elastic Load Balancing
// endpoints and quotas"): application load balancers share Classic ELB's, network load balancers
// have their own.
struct LbHostedZones {
  const char* region;
  const char* application;
  const char* network;
};
constexpr LbHostedZones kLbHostedZones[] = {
    {"af-south-1", "Z268VQBMOI5EKX", "Z203XCE67M25HM"},
    {"ap-east-1", "Z3DQVH9N71FHZ0", "Z12Y7K3UBGUAD1"},
    {"ap-northeast-1", "Z14GRHDCWA56QT", "Z31USIVHYNEOWT"},
    {"ap-northeast-2", "ZWKZPGTI48KDX", "ZIBE1TIR4HY56"},
    {"ap-northeast-3", "Z5LXEXXYW11ES", "Z1GWIQ4HH19I5X"},
    {"ap-south-1", "ZP97RAFLXTNZK", "ZVDDRBQ08TROA"},
    {"ap-south-2", "Z0173938T07WNTVAEPZN", "Z0711778386UTO08407HT"},
    {"ap-southeast-1", "Z1LMS91P8CMLE5", "ZKVM4W9LS7TM"},
    {"ap-southeast-2", "Z1GM3OXH4ZPM65", "ZCT6FZBF4DROD"},
    {"ap-southeast-3", "Z08888821HLRG5A9ZRTER", "Z01971771FYVNCOVWJU1G"},
    {"ca-central-1", "ZQSVJUPU6J1EY", "Z2EPGBW3API2WT"},
    {"cn-north-1", "Z1GDH35T77C1KE", "Z3QFB96KMJ7ED6"},
    {"cn-northwest-1", "ZM7IZAIOVVDZF", "ZQEIKTCZ8352D"},
    {"eu-central-1", "Z215JYRZR1TBD5", "Z3F0SRJ5LGBH90"},
    {"eu-central-2", "Z06391101F2ZOEP8P5EB3", "Z02239872DOALSIDCX66S"},
    {"eu-north-1", "Z23TAZ6LKFMNIO", "Z1UDT6IFJ4EJM"},
    {"eu-south-1", "Z3ULH7SSC9OV64", "Z23146JA1KNAFP"},
    {"eu-south-2", "Z0956581394HF5D5LXGAP", "Z1011216NVTVYADP1SSV"},
    {"eu-west-1", "Z32O12XQLNTSW2", "Z2IFOLAFXWLO4F"},
    {"eu-west-2", "ZHURV8PSTC4K8", "ZD4D7Y8KGAS4G"},
    {"eu-west-3", "Z3Q77PNBQS71R4", "Z1CMS0P5QUZ6D5"},
    {"me-central-1", "Z08230872XQRWHG2XF6I", "Z00282643NTTLPANJJG2P"},
    {"me-south-1", "ZS929ML54UICD", "Z3QSRYVP46NYYV"},
    {"sa-east-1", "Z2P70J7HTTTPLU", "ZTK26PT1VY4CU"},
    {"us-east-1", "Z35SXDOTRQ7X7K", "Z26RNL4JYFTOTI"},
    {"us-east-2", "Z3AADJGX6KTTL2", "ZLMOA37VPKANP"},
    {"us-gov-east-1", "Z166TLBEWOO7G0", "Z1ZSMQQ6Q24QQ8"},
    {"us-gov-west-1", "Z33AYJ8TM3BH4J", "ZMG1MZ2THAWF1"},
    {"us-west-1", "Z368ELLRRE2KJ0", "Z24FKFUX50B4VW"},
    {"us-west-2", "Z1H1FL5HABSF5", "Z18D5FSROUN65G"},
};

// What one attribute key accepts.
enum class LbValueKind { kBool, kText, kRange, kChoice };
struct LbAttributeSpec {
  const char* key;
  const char* types;  // the load balancer types that have it: a = application, n = network,
                      // g = gateway
  LbValueKind kind;
  long long min = 0, max = 0;             // kRange
  std::vector<std::string> choices = {};  // kChoice
};

const std::vector<LbAttributeSpec>& lb_attribute_specs() {
  static const std::vector<LbAttributeSpec> specs = {
      {"access_logs.s3.enabled", "an", LbValueKind::kBool},
      {"access_logs.s3.bucket", "an", LbValueKind::kText},
      {"access_logs.s3.prefix", "an", LbValueKind::kText},
      {"client_keep_alive.seconds", "a", LbValueKind::kRange, 60, 604800},
      {"connection_logs.s3.enabled", "a", LbValueKind::kBool},
      {"connection_logs.s3.bucket", "a", LbValueKind::kText},
      {"connection_logs.s3.prefix", "a", LbValueKind::kText},
      {"deletion_protection.enabled", "ang", LbValueKind::kBool},
      {"dns_record.client_routing_policy",
       "n",
       LbValueKind::kChoice,
       0,
       0,
       {"availability_zone_affinity", "partial_availability_zone_affinity",
        "any_availability_zone"}},
      {"health_check_logs.s3.enabled", "a", LbValueKind::kBool},
      {"health_check_logs.s3.bucket", "a", LbValueKind::kText},
      {"health_check_logs.s3.prefix", "a", LbValueKind::kText},
      {"idle_timeout.timeout_seconds", "a", LbValueKind::kRange, 1, 4000},
      {"ipv6.deny_all_igw_traffic", "an", LbValueKind::kBool},
      {"load_balancing.cross_zone.enabled", "ang", LbValueKind::kBool},
      {"routing.http.desync_mitigation_mode",
       "a",
       LbValueKind::kChoice,
       0,
       0,
       {"monitor", "defensive", "strictest"}},
      {"routing.http.drop_invalid_header_fields.enabled", "a", LbValueKind::kBool},
      {"routing.http.preserve_host_header.enabled", "a", LbValueKind::kBool},
      {"routing.http.x_amzn_tls_version_and_cipher_suite.enabled", "a", LbValueKind::kBool},
      {"routing.http.xff_client_port.enabled", "a", LbValueKind::kBool},
      {"routing.http.xff_header_processing.mode",
       "a",
       LbValueKind::kChoice,
       0,
       0,
       {"append", "preserve", "remove"}},
      {"routing.http2.enabled", "a", LbValueKind::kBool},
      {"secondary_ips.auto_assigned.per_subnet", "n", LbValueKind::kRange, 0, 7},
      {"waf.fail_open.enabled", "a", LbValueKind::kBool},
      {"zonal_shift.config.enabled", "an", LbValueKind::kBool},
  };
  return specs;
}

char lb_type_letter(const std::string& type) {
  return type.empty() ? '?' : type[0];  // application, network, gateway
}

const LbAttributeSpec* find_lb_attribute(const std::string& key) {
  for (const LbAttributeSpec& s : lb_attribute_specs()) {
    if (key == s.key) return &s;
  }
  return nullptr;
}

bool lb_value_accepted(const LbAttributeSpec& spec, const std::string& value) {
  switch (spec.kind) {
    case LbValueKind::kBool:
      return value == "true" || value == "false";
    case LbValueKind::kText:
      return value.size() <= 1024;
    case LbValueKind::kRange: {
      if (value.empty() || value.size() > 9 ||
          !std::all_of(value.begin(), value.end(),
                       [](unsigned char c) { return std::isdigit(c); })) {
        return false;
      }
      const long long n = std::stoll(value);
      return n >= spec.min && n <= spec.max;
    }
    case LbValueKind::kChoice:
      return std::find(spec.choices.begin(), spec.choices.end(), value) != spec.choices.end();
  }
  return false;
}

}  // namespace

void check_load_balancer_name(const std::string& name) {
  if (name.empty() || name.size() > 32) {
    lb_rule_invalid("The load balancer name '" + name +
                    "' must be between 1 and 32 characters long");
  }
  const bool allowed = std::all_of(name.begin(), name.end(),
                                   [](unsigned char c) { return std::isalnum(c) || c == '-'; });
  if (!allowed) {
    lb_rule_invalid("The load balancer name '" + name +
                    "' can only contain characters that are alphanumeric characters or hyphens(-)");
  }
  if (name.front() == '-' || name.back() == '-') {
    lb_rule_invalid("The load balancer name '" + name + "' cannot begin or end with a hyphen(-)");
  }
  if (name.starts_with("internal-")) {
    lb_rule_invalid("The load balancer name '" + name + "' cannot begin with 'internal-'");
  }
}

void check_load_balancer_type(const std::string& type) {
  if (type != "application" && type != "network" && type != "gateway") {
    lb_rule_invalid("1 validation error detected: Value '" + type +
                    "' at 'type' failed to satisfy constraint: Member must satisfy enum value set: "
                    "[application, network, gateway]");
  }
}

void check_load_balancer_scheme(const std::string& scheme) {
  if (scheme != "internet-facing" && scheme != "internal") {
    lb_rule_invalid("1 validation error detected: Value '" + scheme +
                    "' at 'scheme' failed to satisfy constraint: Member must satisfy enum value "
                    "set: [internet-facing, internal]");
  }
}

void check_ip_address_type(const std::string& type, const std::string& lb_type) {
  if (type != "ipv4" && type != "dualstack" && type != "dualstack-without-public-ipv4") {
    lb_rule_invalid("1 validation error detected: Value '" + type +
                    "' at 'ipAddressType' failed to satisfy constraint: Member must satisfy enum "
                    "value set: [ipv4, dualstack, dualstack-without-public-ipv4]");
  }
  if (type == "dualstack-without-public-ipv4" && lb_type != "application") {
    lb_rule_unsupported(
        "IP address type 'dualstack-without-public-ipv4' is only supported for "
        "application load balancers");
  }
}

std::string load_balancer_dns_name(const std::string& name, const std::string& type,
                                   const std::string& scheme, const std::string& region,
                                   const std::string& unique) {
  if (type == "gateway") return "";
  // Network load balancers' documented form has no "internal-" prefix, internal or not.
  if (type == "network") return name + "-" + unique + ".elb." + region + ".amazonaws.com";
  const std::string prefix = scheme == "internal" ? "internal-" : "";
  return prefix + name + "-" + unique + "." + region + ".elb.amazonaws.com";
}

std::string canonical_hosted_zone_id(const std::string& region, const std::string& type) {
  if (type == "gateway") return "";
  for (const LbHostedZones& z : kLbHostedZones) {
    if (region == z.region) return type == "network" ? z.network : z.application;
  }
  return "";
}

TagMap default_load_balancer_attributes(const std::string& type, const std::string& scheme) {
  TagMap out;
  const char letter = lb_type_letter(type);
  for (const LbAttributeSpec& s : lb_attribute_specs()) {
    if (std::string(s.types).find(letter) == std::string::npos) continue;
    std::string value;
    switch (s.kind) {
      case LbValueKind::kBool:
        value = "false";
        break;
      case LbValueKind::kRange:
        value = std::to_string(s.min);
        break;
      case LbValueKind::kChoice:
      case LbValueKind::kText:
        break;
    }
    out[s.key] = value;
  }
  if (type == "application") {
    out["client_keep_alive.seconds"] = "3600";
    out["idle_timeout.timeout_seconds"] = "60";
    out["load_balancing.cross_zone.enabled"] = "true";
    out["routing.http.desync_mitigation_mode"] = "defensive";
    out["routing.http.xff_header_processing.mode"] = "append";
    out["routing.http2.enabled"] = "true";
  }
  if (type == "network") out["dns_record.client_routing_policy"] = "any_availability_zone";
  // Internal load balancers block internet gateway traffic by default.
  if (out.contains("ipv6.deny_all_igw_traffic")) {
    out["ipv6.deny_all_igw_traffic"] = scheme == "internal" ? "true" : "false";
  }
  return out;
}

TagMap apply_load_balancer_attributes(const TagMap& current, const std::string& type,
                                      const TagList& changes) {
  TagMap out = current;
  for (const auto& [key, value] : changes) {
    const LbAttributeSpec* spec = find_lb_attribute(key);
    if (!spec) lb_rule_invalid("Load balancer attribute key '" + key + "' is not recognized");
    if (std::string(spec->types).find(lb_type_letter(type)) == std::string::npos) {
      lb_rule_unsupported("Load balancer attribute key '" + key +
                          "' is not supported on load balancers with type '" + type + "'");
    }
    if (!lb_value_accepted(*spec, value)) {
      lb_rule_invalid("Load balancer attribute value '" + value + "' is not valid for key '" + key +
                      "'");
    }
    if (type == "application" && key == "load_balancing.cross_zone.enabled" && value != "true") {
      lb_rule_unsupported(
          "Cross-zone load balancing cannot be disabled for application load "
          "balancers");
    }
    out[key] = value;
  }
  return out;
}

void check_listener_protocol(const std::string& protocol, const std::string& lb_type) {
  static const std::map<std::string, std::set<std::string>> allowed = {
      {"application", {"HTTP", "HTTPS"}},
      {"network", {"TCP", "TLS", "UDP", "TCP_UDP"}},
      {"gateway", {"GENEVE"}},
  };
  auto it = allowed.find(lb_type);
  if (it == allowed.end() || !it->second.contains(protocol)) {
    lb_rule_unsupported("Protocol '" + protocol +
                        "' is not supported with load balancers of type '" + lb_type + "'");
  }
}

TagMap default_listener_attributes(const std::string& lb_type, const std::string& protocol) {
  if (lb_type == "application") {
    TagMap out;
    out["routing.http.response.server.enabled"] = "true";
    for (const char* header : {"strict_transport_security", "access_control_allow_origin",
                               "access_control_allow_methods", "access_control_allow_headers",
                               "access_control_allow_credentials", "access_control_expose_headers",
                               "access_control_max_age", "content_security_policy",
                               "x_content_type_options", "x_frame_options"}) {
      out[std::string("routing.http.response.") + header + ".header_value"] = "";
    }
    if (protocol == "HTTPS") {  // the request headers an HTTPS listener adds, renamable
      const std::pair<const char*, const char*> renamable[] = {
          {"x_amzn_mtls_clientcert_serial_number", "X-Amzn-Mtls-Clientcert-Serial-Number"},
          {"x_amzn_mtls_clientcert_issuer", "X-Amzn-Mtls-Clientcert-Issuer"},
          {"x_amzn_mtls_clientcert_subject", "X-Amzn-Mtls-Clientcert-Subject"},
          {"x_amzn_mtls_clientcert_validity", "X-Amzn-Mtls-Clientcert-Validity"},
          {"x_amzn_mtls_clientcert_leaf", "X-Amzn-Mtls-Clientcert-Leaf"},
          {"x_amzn_mtls_clientcert", "X-Amzn-Mtls-Clientcert"},
          {"x_amzn_tls_version", "X-Amzn-Tls-Version"},
          {"x_amzn_tls_cipher_suite", "X-Amzn-Tls-Cipher-Suite"}};
      for (const auto& [key, header] : renamable) {
        out[std::string("routing.http.request.") + key + ".header_name"] = header;
      }
    }
    return out;
  }
  if (protocol == "UDP") return {};
  return {{"tcp.idle_timeout.seconds", "350"}};
}

TagMap apply_listener_attributes(const TagMap& current, const TagList& changes) {
  TagMap out = current;
  for (const auto& [key, value] : changes) {
    if (!current.contains(key)) {
      lb_rule_invalid("Listener attribute key '" + key + "' is not recognized");
    }
    if (key == "tcp.idle_timeout.seconds") {
      const bool digits =
          !value.empty() && value.size() < 6 &&
          std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); });
      if (!digits || std::stoll(value) < 60 || std::stoll(value) > 6000) {
        lb_rule_invalid(
            "Listener attribute 'tcp.idle_timeout.seconds' must be between 60 and "
            "6000");
      }
    }
    if (key == "routing.http.response.server.enabled" && value != "true" && value != "false") {
      lb_rule_invalid("Listener attribute value '" + value + "' is not valid for key '" + key +
                      "'");
    }
    out[key] = value;
  }
  return out;
}

}  // namespace cloudlife::autoscaling
