#include "autoscaling/elb/target_group_rules.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <set>
#include <string_view>

#include "protocol/aws_errors.h"

namespace cloudlife::autoscaling {
namespace {

using protocol::aws_error;

constexpr std::array<std::string_view, 7> kProtocols = {"HTTP", "HTTPS",   "TCP",   "TLS",
                                                        "UDP",  "TCP_UDP", "GENEVE"};

bool application(const std::string& protocol) {  // an Application Load Balancer's protocols
  return protocol == "HTTP" || protocol == "HTTPS";
}

[[noreturn]] void bad_value(const std::string& key, const std::string& value) {
  throw aws_error("ValidationError", {"The value '" + value +
                                      "' is not valid for target group "
                                      "attribute '" +
                                      key + "'"});
}

bool integer_in(const std::string& value, long long lo, long long hi) {
  long long n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  return ec == std::errc() && end == value.data() + value.size() && n >= lo && n <= hi;
}

bool one_of(const std::string& value, std::initializer_list<std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

bool ends_with(const std::string& s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The value rule of one attribute key (the key is known to exist for the protocol).
void check_attribute_value(const std::string& key, const std::string& value,
                           const std::string& protocol) {
  bool ok = true;
  if (ends_with(key, ".enabled") && key != "load_balancing.cross_zone.enabled") {
    ok = one_of(value, {"true", "false"});
  } else if (key == "load_balancing.cross_zone.enabled") {
    ok = one_of(value, {"true", "false", "use_load_balancer_configuration"});
  } else if (key == "deregistration_delay.timeout_seconds") {
    ok = integer_in(value, 0, 3600);
  } else if (key == "stickiness.lb_cookie.duration_seconds" ||
             key == "stickiness.app_cookie.duration_seconds") {
    ok = integer_in(value, 1, 604800);
  } else if (key == "slow_start.duration_seconds") {
    ok = value == "0" || integer_in(value, 30, 900);
  } else if (key == "stickiness.type") {
    ok = application(protocol)  ? one_of(value, {"lb_cookie", "app_cookie"})
         : protocol == "GENEVE" ? one_of(value, {"source_ip_dest_ip", "source_ip_dest_ip_proto"})
                                : value == "source_ip";
  } else if (key == "load_balancing.algorithm.type") {
    ok = one_of(value, {"round_robin", "least_outstanding_requests", "weighted_random"});
  } else if (key == "load_balancing.algorithm.anomaly_mitigation") {
    ok = one_of(value, {"on", "off"});
  } else if (ends_with(key, ".minimum_healthy_targets.count")) {
    ok = value == "off" || integer_in(value, 1, 1000000);
  } else if (ends_with(key, ".minimum_healthy_targets.percentage")) {
    ok = value == "off" || integer_in(value, 1, 100);
  } else if (key == "target_health_state.unhealthy.draining_interval_seconds") {
    ok = integer_in(value, 0, 360000);
  } else if (key == "target_failover.on_deregistration" || key == "target_failover.on_unhealthy") {
    ok = one_of(value, {"rebalance", "no_rebalance"});
  } else if (key == "stickiness.app_cookie.cookie_name") {
    ok = value.size() <= 256;
  }
  if (!ok) bad_value(key, value);
}

}  // namespace

void check_target_group_name(const std::string& name) {
  const std::string quoted = "Target group name '" + name + "' ";
  if (name.size() > 32) {
    throw aws_error("ValidationError", {quoted + "cannot be longer than '32' characters"});
  }
  const bool allowed = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
  if (!allowed) {
    throw aws_error(
        "ValidationError",
        {quoted + "can only contain characters that are alphanumeric characters or hyphens(-)"});
  }
  if (name.front() == '-' || name.back() == '-') {
    throw aws_error("ValidationError", {quoted + "cannot begin or end with '-'"});
  }
}

void check_target_group_protocol(const std::string& protocol) {
  if (std::find(kProtocols.begin(), kProtocols.end(), protocol) != kProtocols.end()) return;
  throw aws_error("ValidationError",
                  {"1 validation error detected: Value '" + protocol +
                   "' at 'protocol' failed to satisfy constraint: Member must satisfy enum value "
                   "set: [HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, GENEVE]"});
}

void check_target_group_port(long long port) {
  if (port >= 1 && port <= 65535) return;
  throw aws_error("ValidationError",
                  {"1 validation error detected: Value '" + std::to_string(port) +
                   "' at 'port' failed to satisfy constraint: Member must have value " +
                   (port < 1 ? "greater than or equal to 1" : "less than or equal to 65535")});
}

void check_target_group_ip_address_type(const std::string& type) {
  if (type == "ipv4" || type == "ipv6") return;
  throw aws_error("ValidationError",
                  {"1 validation error detected: Value '" + type +
                   "' at 'ipAddressType' failed to satisfy constraint: Member must satisfy enum "
                   "value set: [ipv6, ipv4]"});
}

TagMap default_target_group_attributes(const std::string& protocol) {
  TagMap a = {
      {"deregistration_delay.timeout_seconds", "300"},
      {"stickiness.enabled", "false"},
      {"load_balancing.cross_zone.enabled", "use_load_balancer_configuration"},
      {"target_group_health.dns_failover.minimum_healthy_targets.count", "1"},
      {"target_group_health.dns_failover.minimum_healthy_targets.percentage", "off"},
      {"target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", "1"},
      {"target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage", "off"},
  };
  if (application(protocol)) {
    a.insert({{"stickiness.type", "lb_cookie"},
              {"stickiness.lb_cookie.duration_seconds", "86400"},
              {"stickiness.app_cookie.cookie_name", ""},
              {"stickiness.app_cookie.duration_seconds", "86400"},
              {"load_balancing.algorithm.type", "round_robin"},
              {"load_balancing.algorithm.anomaly_mitigation", "off"},
              {"slow_start.duration_seconds", "0"}});
  } else if (protocol == "GENEVE") {
    a.erase("load_balancing.cross_zone.enabled");
    a.insert({{"stickiness.type", "source_ip_dest_ip_proto"},
              {"target_failover.on_deregistration", "no_rebalance"},
              {"target_failover.on_unhealthy", "no_rebalance"}});
  } else {  // TCP, TLS, UDP, TCP_UDP: a Network Load Balancer's
    a.insert({{"stickiness.type", "source_ip"},
              {"deregistration_delay.connection_termination.enabled", "false"},
              {"proxy_protocol_v2.enabled", "false"},
              {"preserve_client_ip.enabled", "true"},
              {"target_health_state.unhealthy.connection_termination.enabled", "true"},
              {"target_health_state.unhealthy.draining_interval_seconds", "0"}});
  }
  return a;
}

TagMap apply_target_group_attributes(const TagMap& current, const std::string& protocol,
                                     const TagList& changes) {
  TagMap out = current;
  for (const auto& [key, value] : changes) {
    if (!current.contains(key)) {
      throw aws_error("ValidationError",
                      {"Target group attribute key '" + key + "' is not recognized"});
    }
    check_attribute_value(key, value, protocol);
    out[key] = value;
  }
  return out;
}

void check_tag_list(const TagList& tags) {
  std::set<std::string> seen;
  for (const auto& [key, value] : tags) {
    if (key.empty() || key.size() > 128) {
      throw aws_error("ValidationError",
                      {"1 validation error detected: Value '" + key +
                       "' at 'tags.member.key' failed to satisfy constraint: Member must have "
                       "length between 1 and 128"});
    }
    if (value.size() > 256) {
      throw aws_error("ValidationError",
                      {"1 validation error detected: Value '" + value +
                       "' at 'tags.member.value' failed to satisfy constraint: Member must have "
                       "length less than or equal to 256"});
    }
    if (!seen.insert(key).second) throw aws_error("DuplicateTagKeys");
  }
}

TagMap merge_tags(const TagMap& current, const TagList& add, bool classic) {
  TagMap out = current;
  for (const auto& [key, value] : add) out[key] = value;
  const auto counted = std::count_if(out.begin(), out.end(),
                                     [](const auto& kv) { return kv.first.rfind("aws:", 0) != 0; });
  if (static_cast<std::size_t>(counted) > kMaxElbTags) {
    throw aws_error(
        "TooManyTags",
        {classic ? "The quota for the number of tags that can be assigned to a load "
                   "balancer has been reached."
                 : "You've reached the limit on the number of tags for this resource."});
  }
  return out;
}

}  // namespace cloudlife::autoscaling
