// ElbModel: ELBv2 listeners and their rules, which target groups they put in use, and the
// control plane's target failures. Protocol and attribute rules: load_balancer_rules.h.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "autoscaling/elb/elb_model.h"
#include "autoscaling/elb/load_balancer_rules.h"
#include "core/ids.h"
#include "protocol/aws_errors.h"

namespace cloudlife::autoscaling {
namespace {

using protocol::aws_error;

constexpr long long kMaxRulePriority = 50000;

ElbListener& require_elb_listener(ElbPartition& p, const std::string& arn) {
  auto it = p.listeners.find(arn);
  if (it == p.listeners.end()) throw aws_error("ListenerNotFound");
  return it->second;
}

const ElbListener& require_elb_listener(const ElbPartition& p, const std::string& arn) {
  return require_elb_listener(const_cast<ElbPartition&>(p), arn);
}

ElbRule& require_elb_rule(ElbPartition& p, const std::string& arn) {
  auto it = p.rules.find(arn);
  if (it == p.rules.end()) throw aws_error("RuleNotFound");
  return it->second;
}

const LoadBalancerV2& elb_listener_lb(const ElbPartition& p, const ElbListener& l) {
  return p.v2_load_balancers.at(l.load_balancer_arn);
}

// "arn:…:loadbalancer/app/name/id" → "arn:…:<kind>/app/name/id"
std::string lb_child_arn(const std::string& parent, const std::string& from,
                         const std::string& kind) {
  const std::size_t at = parent.find(from);
  return parent.substr(0, at) + kind + parent.substr(at + from.size()) + "/" + core::random_hex(16);
}

// The target groups one action forwards to.
std::vector<std::string> elb_forwarded_groups(const ElbAction& a) {
  std::vector<std::string> out;
  if (a.type != "forward") return out;
  if (!a.target_group_arn.empty()) out.push_back(a.target_group_arn);
  for (const auto& g : a.forward_groups) {
    if (std::find(out.begin(), out.end(), g.arn) == out.end()) out.push_back(g.arn);
  }
  return out;
}

bool listener_protocol_has_certificates(const std::string& protocol) {
  return protocol == "HTTPS" || protocol == "TLS";
}

// Checks a listener's protocol and port for its load balancer's type.
void check_listener_endpoint(const LoadBalancerV2& lb, const std::optional<std::string>& protocol,
                             const std::optional<long long>& port) {
  if (lb.type == "gateway") {
    if (protocol || port) {
      throw aws_error("ValidationError",
                      {"Protocol and port cannot be specified for listeners of gateway load "
                       "balancers"});
    }
    return;
  }
  if (!protocol) throw aws_error("ValidationError", {"A listener protocol must be specified"});
  if (!port) throw aws_error("ValidationError", {"A listener port must be specified"});
  check_listener_protocol(*protocol, lb.type);
  if (*port < 1 || *port > 65535) {
    throw aws_error("ValidationError",
                    {"1 validation error detected: Value '" + std::to_string(*port) +
                     "' at 'port' failed to satisfy constraint: Member must have value less than "
                     "or equal to 65535"});
  }
}

}  // namespace

// --- which target groups are in use --------------------------------------------------------------

std::vector<std::string> ElbModel::load_balancers_using(const ElbPartition& p,
                                                        const std::string& tg_arn) const {
  std::set<std::string> out;
  auto scan = [&](const std::vector<ElbAction>& actions, const std::string& listener_arn) {
    for (const ElbAction& a : actions) {
      const auto groups = elb_forwarded_groups(a);
      if (std::find(groups.begin(), groups.end(), tg_arn) == groups.end()) continue;
      auto l = p.listeners.find(listener_arn);
      if (l != p.listeners.end()) out.insert(l->second.load_balancer_arn);
    }
  };
  for (const auto& [arn, l] : p.listeners) scan(l.default_actions, arn);
  for (const auto& [arn, r] : p.rules) {
    if (!r.is_default) scan(r.actions, r.listener_arn);
  }
  return {out.begin(), out.end()};
}

void ElbModel::refresh_target_group_use(ElbPartition& p, core::TimeMs now) {
  for (auto& [arn, tg] : p.target_groups) {
    const std::vector<std::string> lbs = load_balancers_using(p, arn);
    if (lbs.empty()) {
      tg.in_use_since = 0;
      continue;
    }
    if (tg.in_use_since != 0) continue;
    core::TimeMs active = now;
    for (const std::string& lb : lbs)
      active = std::max(active, p.v2_load_balancers.at(lb).active_at);
    tg.in_use_since = std::max<core::TimeMs>(active, 1);
  }
}

void ElbModel::check_actions(const ElbPartition& p, const LoadBalancerV2& lb,
                             const std::vector<ElbAction>& actions) const {
  if (actions.empty())
    throw aws_error("ValidationError", {"At least one action must be specified"});
  for (const ElbAction& a : actions) {
    if (a.type == "forward") {
      if (a.target_group_arn.empty() && a.forward_groups.empty()) {
        throw aws_error("ValidationError",
                        {"A target group ARN must be specified for a forward action"});
      }
      if (a.forward_groups.size() > 5) {
        throw aws_error("ValidationError", {"A forward action can have at most 5 target groups"});
      }
      if (!a.target_group_arn.empty() && a.has_forward_config &&
          (a.forward_groups.size() != 1 || a.forward_groups[0].arn != a.target_group_arn)) {
        throw aws_error("ValidationError",
                        {"You cannot specify both a target group ARN and a forward config with a "
                         "different target group"});
      }
      for (const auto& g : a.forward_groups) {
        if (g.weight < 0 || g.weight > 999) {
          throw aws_error("ValidationError", {"Target group weights must be between 0 and 999"});
        }
      }
      for (const std::string& tg_arn : elb_forwarded_groups(a)) {
        auto it = p.target_groups.find(tg_arn);
        if (it == p.target_groups.end()) throw aws_error("TargetGroupNotFound");
        const TargetGroup& tg = it->second;
        const bool app = tg.protocol == "HTTP" || tg.protocol == "HTTPS";
        const bool compatible = lb.type == "application" ? app
                                : lb.type == "gateway"   ? tg.protocol == "GENEVE"
                                                         : !app && tg.protocol != "GENEVE";
        if (!compatible) {
          throw aws_error(
              "InvalidConfigurationRequest",
              {"The target group '" + tg_arn + "' has protocol '" + tg.protocol +
               "', which is not supported by load balancers of type '" + lb.type + "'"});
        }
        if (tg.vpc_id != lb.vpc_id) {
          throw aws_error(
              "InvalidConfigurationRequest",
              {"The target group '" + tg_arn + "' is not in the same VPC as the load balancer"});
        }
        for (const std::string& other : load_balancers_using(p, tg_arn)) {
          if (other != lb.arn) {
            throw aws_error("InvalidConfigurationRequest",
                            {"The following target groups cannot be associated with more than one "
                             "load balancer: " +
                             tg_arn});
          }
        }
      }
    } else if (a.type == "redirect" || a.type == "fixed-response") {
      if (lb.type != "application") {
        throw aws_error("InvalidLoadBalancerAction",
                        {"The action type '" + a.type +
                         "' is not supported for load balancers of type '" + lb.type + "'"});
      }
      if (a.type == "redirect" && a.redirect_status != "HTTP_301" &&
          a.redirect_status != "HTTP_302") {
        throw aws_error("ValidationError",
                        {"A redirect action's status code must be HTTP_301 or HTTP_302"});
      }
      if (a.type == "fixed-response") {
        const std::string& c = a.fixed_status;
        const bool code_ok = c.size() == 3 && (c[0] == '2' || c[0] == '4' || c[0] == '5') &&
                             std::isdigit(static_cast<unsigned char>(c[1])) &&
                             std::isdigit(static_cast<unsigned char>(c[2]));
        if (!code_ok) {
          throw aws_error("ValidationError",
                          {"A fixed-response action's status code must be 2XX, 4XX or 5XX"});
        }
        static const std::set<std::string> types = {"text/plain", "text/css", "text/html",
                                                    "application/javascript", "application/json"};
        if (a.has_fixed_content_type && !types.contains(a.fixed_content_type)) {
          throw aws_error("ValidationError",
                          {"Content type '" + a.fixed_content_type + "' is not valid"});
        }
        if (a.fixed_body.size() > 1024) {
          throw aws_error("ValidationError",
                          {"A fixed-response message body can have at most 1024 characters"});
        }
      }
    } else {
      throw aws_error("ValidationError",
                      {"1 validation error detected: Value '" + a.type +
                       "' at 'type' failed to satisfy constraint: Member must satisfy enum value "
                       "set: [forward, redirect, fixed-response]"});
    }
    if (a.order != 0 && (a.order < 1 || a.order > 50000)) {
      throw aws_error("ValidationError", {"Action order must be between 1 and 50000"});
    }
  }
}

// --- listeners ----------------------------------------------------------------------------------

ElbListener ElbModel::create_listener(ElbPartition& p, const std::string& lb_arn,
                                      const ListenerSpec& spec, core::TimeMs now) {
  auto lb_it = p.v2_load_balancers.find(lb_arn);
  if (lb_it == p.v2_load_balancers.end()) {
    throw aws_error("LoadBalancerNotFound", {"One or more load balancers not found"});
  }
  const LoadBalancerV2& lb = lb_it->second;
  check_listener_endpoint(lb, spec.protocol, spec.port);
  const std::vector<ElbAction> actions = spec.default_actions.value_or(std::vector<ElbAction>{});
  check_actions(p, lb, actions);
  check_tag_list(spec.tags);
  const TagMap tags = merge_tags({}, spec.tags);
  const std::string protocol = spec.protocol.value_or("GENEVE");
  const long long port = spec.port.value_or(6081);
  const auto certificates = spec.certificates.value_or(std::vector<std::string>{});
  if (listener_protocol_has_certificates(protocol) && certificates.empty()) {
    throw aws_error("ValidationError",
                    {"A certificate must be specified for " + protocol + " listeners"});
  }
  if (!listener_protocol_has_certificates(protocol) && (!certificates.empty() || spec.ssl_policy)) {
    throw aws_error("ValidationError",
                    {"Certificates and SSL policies can only be specified for HTTPS and TLS "
                     "listeners"});
  }
  if (spec.alpn_policy && !spec.alpn_policy->empty() && protocol != "TLS") {
    throw aws_error("ValidationError", {"An ALPN policy can only be specified for TLS listeners"});
  }
  for (const auto& [arn, l] : p.listeners) {
    if (l.load_balancer_arn == lb_arn && l.port == port && lb.type != "gateway") {
      throw aws_error("DuplicateListener", {lb_arn});
    }
  }
  ElbListener l;
  l.arn = lb_child_arn(lb_arn, ":loadbalancer/", ":listener/");
  l.load_balancer_arn = lb_arn;
  l.protocol = protocol;
  l.port = port;
  if (listener_protocol_has_certificates(protocol)) {
    l.ssl_policy = spec.ssl_policy.value_or("ELBSecurityPolicy-2016-08");
  }
  l.certificates = certificates;
  l.alpn_policy = spec.alpn_policy.value_or(std::vector<std::string>{});
  l.default_actions = actions;
  l.tags = tags;
  l.attributes = default_listener_attributes(lb.type, protocol);
  ElbRule rule;
  rule.arn = lb_child_arn(l.arn, ":listener/", ":listener-rule/");
  rule.listener_arn = l.arn;
  rule.priority = "default";
  rule.is_default = true;
  rule.actions = actions;
  p.rules.emplace(rule.arn, rule);
  p.listeners.emplace(l.arn, l);
  refresh_target_group_use(p, now);
  return l;
}

ElbListener ElbModel::modify_listener(ElbPartition& p, const std::string& arn,
                                      const ListenerSpec& spec, core::TimeMs now) {
  ElbListener& l = require_elb_listener(p, arn);
  const LoadBalancerV2& lb = elb_listener_lb(p, l);
  ElbListener next = l;
  if (spec.protocol) next.protocol = *spec.protocol;
  if (spec.port) next.port = *spec.port;
  if (lb.type != "gateway") {
    check_listener_endpoint(lb, next.protocol, next.port);
  } else if (spec.protocol || spec.port) {
    check_listener_endpoint(lb, spec.protocol, spec.port);
  }
  if (spec.default_actions) {
    check_actions(p, lb, *spec.default_actions);
    next.default_actions = *spec.default_actions;
  }
  if (spec.certificates) next.certificates = *spec.certificates;
  if (spec.ssl_policy) next.ssl_policy = *spec.ssl_policy;
  if (spec.alpn_policy) next.alpn_policy = *spec.alpn_policy;
  if (listener_protocol_has_certificates(next.protocol)) {
    if (next.certificates.empty()) {
      throw aws_error("ValidationError",
                      {"A certificate must be specified for " + next.protocol + " listeners"});
    }
    if (next.ssl_policy.empty()) next.ssl_policy = "ELBSecurityPolicy-2016-08";
  } else {
    if (spec.certificates && !spec.certificates->empty()) {
      throw aws_error("ValidationError",
                      {"Certificates can only be specified for HTTPS and TLS listeners"});
    }
    next.certificates.clear();
    next.ssl_policy.clear();
  }
  for (const auto& [other_arn, other] : p.listeners) {
    if (other_arn != arn && other.load_balancer_arn == l.load_balancer_arn &&
        other.port == next.port && lb.type != "gateway") {
      throw aws_error("DuplicateListener", {l.load_balancer_arn});
    }
  }
  if (next.protocol != l.protocol)
    next.attributes = default_listener_attributes(lb.type, next.protocol);
  l = next;
  for (auto& [rarn, r] : p.rules) {
    if (r.listener_arn == arn && r.is_default) r.actions = l.default_actions;
  }
  refresh_target_group_use(p, now);
  return l;
}

void ElbModel::delete_listener(ElbPartition& p, const std::string& arn, core::TimeMs now) {
  require_elb_listener(p, arn);
  std::erase_if(p.rules, [&](const auto& kv) { return kv.second.listener_arn == arn; });
  p.listeners.erase(arn);
  refresh_target_group_use(p, now);
}

std::vector<ElbListener> ElbModel::describe_listeners(const ElbPartition& p,
                                                      const std::optional<std::string>& lb_arn,
                                                      const std::vector<std::string>& arns) const {
  if (lb_arn && !arns.empty()) {
    throw aws_error("ValidationError",
                    {"Listener ARNs and a load balancer ARN cannot be specified at the same time"});
  }
  if (!lb_arn && arns.empty()) {
    throw aws_error("ValidationError",
                    {"You must specify either listener ARNs or a load balancer ARN"});
  }
  std::vector<ElbListener> out;
  if (lb_arn) {
    if (!p.v2_load_balancers.contains(*lb_arn)) {
      throw aws_error("LoadBalancerNotFound", {"One or more load balancers not found"});
    }
    for (const auto& [arn, l] : p.listeners) {
      if (l.load_balancer_arn == *lb_arn) out.push_back(l);
    }
    std::sort(out.begin(), out.end(),
              [](const ElbListener& a, const ElbListener& b) { return a.port < b.port; });
  }
  for (const std::string& arn : arns) out.push_back(require_elb_listener(p, arn));
  return out;
}

TagMap ElbModel::describe_listener_attributes(const ElbPartition& p, const std::string& arn) const {
  return require_elb_listener(p, arn).attributes;
}

TagMap ElbModel::modify_listener_attributes(ElbPartition& p, const std::string& arn,
                                            const TagList& changes) {
  ElbListener& l = require_elb_listener(p, arn);
  l.attributes = apply_listener_attributes(l.attributes, changes);
  return l.attributes;
}

// --- rules --------------------------------------------------------------------------------------

namespace {

void check_elb_rule_priority(long long priority) {
  if (priority < 1 || priority > kMaxRulePriority) {
    throw aws_error("ValidationError",
                    {"1 validation error detected: Value '" + std::to_string(priority) +
                     "' at 'priority' failed to satisfy constraint: Member must have value "
                     "between 1 and 50000"});
  }
}

void check_elb_rule_conditions(const std::vector<ElbRuleCondition>& conditions,
                               const std::string& lb_type) {
  if (lb_type != "application") {
    throw aws_error("InvalidConfigurationRequest",
                    {"Rules are only supported for listeners of application load balancers"});
  }
  if (conditions.empty()) {
    throw aws_error("ValidationError", {"A rule must have at least one condition"});
  }
  static const std::set<std::string> fields = {"host-header",         "path-pattern", "http-header",
                                               "http-request-method", "query-string", "source-ip"};
  std::size_t values = 0;
  for (const ElbRuleCondition& c : conditions) {
    if (!fields.contains(c.field)) {
      throw aws_error("ValidationError",
                      {"Condition field '" + c.field +
                       "' must be one of '[http-header, "
                       "http-request-method, host-header, path-pattern, query-string, "
                       "source-ip]'"});
    }
    const std::size_t n = c.field == "query-string" ? c.query.size() : c.values.size();
    if (n == 0) {
      throw aws_error("ValidationError",
                      {"A condition value must be specified for the field '" + c.field + "'"});
    }
    if (c.field == "http-header" && c.header_name.empty()) {
      throw aws_error("ValidationError", {"An HTTP header name must be specified"});
    }
    values += n;
  }
  if (values > 5) {
    throw aws_error("ValidationError", {"A rule can only have '5' condition values"});
  }
}

long long elb_rule_sort_priority(const ElbRule& r) {
  return r.is_default ? kMaxRulePriority + 1 : std::stoll(r.priority);
}

}  // namespace

ElbRule ElbModel::create_rule(ElbPartition& p, const std::string& listener_arn, long long priority,
                              const std::vector<ElbRuleCondition>& conditions,
                              const std::vector<ElbAction>& actions, const TagList& tags,
                              core::TimeMs now) {
  const ElbListener& l = require_elb_listener(p, listener_arn);
  const LoadBalancerV2& lb = elb_listener_lb(p, l);
  check_elb_rule_priority(priority);
  check_elb_rule_conditions(conditions, lb.type);
  check_actions(p, lb, actions);
  check_tag_list(tags);
  const TagMap tag_map = merge_tags({}, tags);
  for (const auto& [arn, r] : p.rules) {
    if (r.listener_arn == listener_arn && !r.is_default && std::stoll(r.priority) == priority) {
      throw aws_error("PriorityInUse", {std::to_string(priority)});
    }
  }
  ElbRule rule;
  rule.arn = lb_child_arn(listener_arn, ":listener/", ":listener-rule/");
  rule.listener_arn = listener_arn;
  rule.priority = std::to_string(priority);
  rule.conditions = conditions;
  rule.actions = actions;
  rule.tags = tag_map;
  p.rules.emplace(rule.arn, rule);
  refresh_target_group_use(p, now);
  return rule;
}

ElbRule ElbModel::modify_rule(ElbPartition& p, const std::string& arn,
                              const std::optional<std::vector<ElbRuleCondition>>& conditions,
                              const std::optional<std::vector<ElbAction>>& actions,
                              core::TimeMs now) {
  ElbRule& r = require_elb_rule(p, arn);
  const LoadBalancerV2& lb = elb_listener_lb(p, require_elb_listener(p, r.listener_arn));
  if (conditions) {
    if (r.is_default) {
      throw aws_error("OperationNotPermitted",
                      {"Conditions cannot be specified for the default rule '" + arn + "'"});
    }
    check_elb_rule_conditions(*conditions, lb.type);
  }
  if (actions) check_actions(p, lb, *actions);
  if (conditions) r.conditions = *conditions;
  if (actions) {
    r.actions = *actions;
    if (r.is_default) require_elb_listener(p, r.listener_arn).default_actions = *actions;
  }
  refresh_target_group_use(p, now);
  return r;
}

void ElbModel::delete_rule(ElbPartition& p, const std::string& arn, core::TimeMs now) {
  const ElbRule& r = require_elb_rule(p, arn);
  if (r.is_default) {
    throw aws_error("OperationNotPermitted", {"Default rule '" + arn + "' cannot be deleted"});
  }
  p.rules.erase(arn);
  refresh_target_group_use(p, now);
}

std::vector<ElbRule> ElbModel::describe_rules(const ElbPartition& p,
                                              const std::optional<std::string>& listener_arn,
                                              const std::vector<std::string>& arns) const {
  if (listener_arn && !arns.empty()) {
    throw aws_error("ValidationError",
                    {"Listener ARN and rule ARNs cannot be specified at the same time"});
  }
  if (!listener_arn && arns.empty()) {
    throw aws_error("ValidationError", {"You must specify either listener ARN or rule ARNs"});
  }
  std::vector<ElbRule> out;
  if (listener_arn) {
    require_elb_listener(p, *listener_arn);
    for (const auto& [arn, r] : p.rules) {
      if (r.listener_arn == *listener_arn) out.push_back(r);
    }
    std::sort(out.begin(), out.end(), [](const ElbRule& a, const ElbRule& b) {
      return elb_rule_sort_priority(a) < elb_rule_sort_priority(b);
    });
  }
  for (const std::string& arn : arns) {
    auto it = p.rules.find(arn);
    if (it == p.rules.end()) throw aws_error("RuleNotFound");
    out.push_back(it->second);
  }
  return out;
}

std::vector<ElbRule> ElbModel::set_rule_priorities(
    ElbPartition& p, const std::vector<std::pair<std::string, long long>>& set) {
  std::map<std::string, long long> next;  // rule ARN -> priority
  for (const auto& [arn, priority] : set) {
    const ElbRule& r = require_elb_rule(p, arn);
    if (r.is_default) {
      throw aws_error("OperationNotPermitted",
                      {"The default rule '" + arn + "' cannot be reprioritized"});
    }
    check_elb_rule_priority(priority);
    next[arn] = priority;
  }
  // No two rules of one listener may end up with one priority.
  std::map<std::pair<std::string, long long>, std::string> taken;
  for (const auto& [arn, r] : p.rules) {
    if (r.is_default) continue;
    auto it = next.find(arn);
    const long long priority = it != next.end() ? it->second : std::stoll(r.priority);
    if (!taken.emplace(std::make_pair(r.listener_arn, priority), arn).second) {
      throw aws_error("PriorityInUse", {std::to_string(priority)});
    }
  }
  std::vector<ElbRule> out;
  for (const auto& [arn, priority] : set) {
    ElbRule& r = p.rules.at(arn);
    r.priority = std::to_string(next.at(arn));
    out.push_back(r);
  }
  return out;
}

}  // namespace cloudlife::autoscaling
