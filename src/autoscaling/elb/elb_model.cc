#include "autoscaling/elb/elb_model.h"

#include <algorithm>
#include <set>

#include "autoscaling/elb/target_health.h"
#include "core/ids.h"
#include "ec2/security_groups.h"
#include "protocol/aws_errors.h"

namespace cloudlife::autoscaling {
namespace {

using protocol::aws_error;

template <class Partition>
auto& require_lb(Partition& p, const std::string& name) {
  auto it = p.load_balancers.find(name);
  if (it == p.load_balancers.end()) {
    throw aws_error("LoadBalancerNotFound",
                    {"There is no ACTIVE Load Balancer named '" + name + "'"});
  }
  return it->second;
}

template <class Partition>
auto& require_tg(Partition& p, const std::string& arn) {
  auto it = p.target_groups.find(arn);
  if (it == p.target_groups.end()) throw aws_error("TargetGroupNotFound");
  return it->second;
}

bool registered(const ClassicLoadBalancer& lb, const std::string& id) {
  return std::find(lb.instances.begin(), lb.instances.end(), id) != lb.instances.end();
}

const TargetGroup::Target* find_target(const TargetGroup& tg, const std::string& id) {
  auto it = std::find_if(tg.targets.begin(), tg.targets.end(),
                         [&](const TargetGroup::Target& t) { return t.id == id; });
  return it == tg.targets.end() ? nullptr : &*it;
}

}  // namespace

bool ElbModel::running(const ElbPartition& p, const std::string& instance_id) const {
  const ec2::Instance* inst = ec2_.partition(p, p.key).find_instance(instance_id);
  return inst && inst->lifecycle.state() == core::InstanceState::kRunning;
}

void ElbModel::require_live_instances(const ElbPartition& p, const std::vector<std::string>& ids,
                                      bool v2) const {
  ec2::Ec2Partition& ep = ec2_.partition(p, p.key);
  for (const std::string& id : ids) {
    const ec2::Instance* inst = ep.find_instance(id);
    if (!inst || inst->lifecycle.state() == core::InstanceState::kTerminated) {
      if (v2) throw aws_error("InvalidTarget", {id});
      throw aws_error("InvalidInstance", {"The requested instance(s) are not valid: " + id});
    }
  }
}

// --- Classic ELB ---------------------------------------------------------------------------------

std::string ElbModel::create_load_balancer(ElbPartition& p, const ClassicLoadBalancer& spec,
                                           core::TimeMs now, const TagList& tags) {
  if (spec.listeners.empty()) throw aws_error("ValidationError", {"Listeners cannot be empty"});
  check_tag_list(tags);
  const TagMap tag_map = merge_tags({}, tags, true);
  if (auto it = p.load_balancers.find(spec.name); it != p.load_balancers.end()) {
    return it->second.dns_name;  // CreateLoadBalancer is idempotent for the same name
  }
  ClassicLoadBalancer created = spec;
  created.dns_name = created.name + "-" +
                     std::to_string(1000000000 + core::random_between(0, 899999999)) + "." +
                     p.key.region + ".elb.amazonaws.com";
  created.created = now;
  created.tags = tag_map;
  ec2::Ec2Partition& ep = ec2_.partition(p, p.key);
  for (const std::string& s : created.subnets) {
    const ec2::Subnet* subnet = ep.network.find_subnet(s);
    if (!subnet) throw aws_error("SubnetNotFound");
    created.vpc_id = subnet->vpc_id;
    created.zones.push_back(subnet->availability_zone);
  }
  if (created.zones.empty()) {
    throw aws_error("ValidationError", {"Either AvailabilityZones or SubnetIds must be specified"});
  }
  for (const std::string& g : created.security_groups) {
    const ec2::SecurityGroup* group = ec2::find_security_group(ep, g);
    if (!group || (!created.vpc_id.empty() && group->vpc_id != created.vpc_id)) {
      throw aws_error("InvalidSecurityGroup");
    }
  }
  if (!created.vpc_id.empty()) {
    if (created.security_groups.empty()) {
      const ec2::SecurityGroup* def = ec2::default_group_of_vpc(ep, created.vpc_id);
      if (def) created.security_groups.push_back(def->group_id);
    }
    if (!created.security_groups.empty()) {
      created.source_group_owner = p.key.account;
      created.source_group_name =
          ec2::find_security_group(ep, created.security_groups[0])->group_name;
    }
  }
  p.load_balancers.emplace(created.name, created);
  return created.dns_name;
}

std::vector<ClassicLoadBalancer> ElbModel::describe_load_balancers(
    const ElbPartition& p, const std::vector<std::string>& names) const {
  std::vector<ClassicLoadBalancer> out;
  for (const std::string& n : names) out.push_back(require_lb(p, n));
  if (names.empty()) {
    for (const auto& [n, lb] : p.load_balancers) out.push_back(lb);
  }
  return out;
}

std::vector<std::string> ElbModel::register_instances(ElbPartition& p, const std::string& name,
                                                      const std::vector<std::string>& ids) {
  ClassicLoadBalancer& lb = require_lb(p, name);
  require_live_instances(p, ids, false);
  for (const std::string& id : ids) {
    if (!registered(lb, id)) lb.instances.push_back(id);
  }
  return lb.instances;
}

std::vector<std::string> ElbModel::deregister_instances(ElbPartition& p, const std::string& name,
                                                        const std::vector<std::string>& ids) {
  ClassicLoadBalancer& lb = require_lb(p, name);
  for (const std::string& id : ids) {
    if (!registered(lb, id)) {
      throw aws_error("InvalidInstance", {"The requested instance(s) are not registered: " + id});
    }
  }
  for (const std::string& id : ids) std::erase(lb.instances, id);
  return lb.instances;
}

std::vector<InstanceHealth> ElbModel::describe_instance_health(
    const ElbPartition& p, const std::string& name, const std::vector<std::string>& ids) const {
  const ClassicLoadBalancer& lb = require_lb(p, name);
  std::vector<InstanceHealth> out;
  for (const std::string& id : ids.empty() ? lb.instances : ids) {
    if (!registered(lb, id)) {
      throw aws_error("InvalidInstance",
                      {"Could not find EC2 instance " + id + " registered with load balancer"});
    }
    if (running(p, id)) {
      out.push_back({id, "InService", "N/A", "N/A"});
    } else {
      out.push_back({id, "OutOfService", "Instance", "Instance is in stopped state."});
    }
  }
  return out;
}

void ElbModel::add_load_balancer_tags(ElbPartition& p, const std::vector<std::string>& names,
                                      const TagList& tags) {
  check_tag_list(tags);
  std::vector<std::pair<ClassicLoadBalancer*, TagMap>> merged;
  for (const std::string& n : names) {
    ClassicLoadBalancer& lb = require_lb(p, n);
    merged.emplace_back(&lb, merge_tags(lb.tags, tags, true));
  }
  for (auto& [lb, next] : merged) lb->tags = std::move(next);
}

void ElbModel::remove_load_balancer_tags(ElbPartition& p, const std::vector<std::string>& names,
                                         const std::vector<std::string>& keys) {
  std::vector<ClassicLoadBalancer*> lbs;
  for (const std::string& n : names) lbs.push_back(&require_lb(p, n));
  for (ClassicLoadBalancer* lb : lbs) {
    for (const std::string& k : keys) lb->tags.erase(k);
  }
}

std::vector<std::pair<std::string, TagMap>> ElbModel::describe_load_balancer_tags(
    const ElbPartition& p, const std::vector<std::string>& names) const {
  std::vector<std::pair<std::string, TagMap>> out;
  for (const std::string& n : names) out.emplace_back(n, require_lb(p, n).tags);
  return out;
}

void ElbModel::delete_load_balancer(ElbPartition& p, const std::string& name) {
  p.load_balancers.erase(name);
}

// --- ELBv2 target groups -------------------------------------------------------------------------

TargetGroup ElbModel::create_target_group(ElbPartition& p, const TargetGroup& spec,
                                          const TagList& tags) {
  check_target_group_name(spec.name);
  check_target_group_protocol(spec.protocol);
  check_target_group_port(spec.port);
  check_tag_list(tags);
  const TagMap tag_map = merge_tags({}, tags);
  for (const auto& [arn, existing] : p.target_groups) {
    if (existing.name == spec.name) {
      if (existing.port != spec.port || existing.protocol != spec.protocol) {
        throw aws_error("DuplicateTargetGroupName", {spec.name});
      }
      return existing;
    }
  }
  TargetGroup out = spec;
  ec2::Ec2Partition& ep = ec2_.partition(p, p.key);
  if (out.vpc_id.empty()) {
    for (const auto& [id, vpc] : ep.network.vpcs) {
      if (vpc.is_default) out.vpc_id = id;
    }
  } else if (!ep.network.vpcs.contains(out.vpc_id)) {
    throw aws_error("ValidationError", {"The VPC ID '" + out.vpc_id + "' is not found"});
  }
  out.tags = tag_map;
  out.attributes = default_target_group_attributes(out.protocol);
  out.arn = "arn:aws:elasticloadbalancing:" + p.key.region + ":" + p.key.account + ":targetgroup/" +
            out.name + "/" + core::random_hex(16);
  p.target_groups.emplace(out.arn, out);
  return out;
}

std::vector<TargetGroup> ElbModel::describe_target_groups(
    const ElbPartition& p, const std::vector<std::string>& arns,
    const std::vector<std::string>& names) const {
  std::vector<TargetGroup> out;
  for (const std::string& arn : arns) out.push_back(require_tg(p, arn));
  for (const std::string& n : names) {
    auto it = std::find_if(p.target_groups.begin(), p.target_groups.end(),
                           [&](const auto& kv) { return kv.second.name == n; });
    if (it == p.target_groups.end()) throw aws_error("TargetGroupNotFound");
    out.push_back(it->second);
  }
  if (arns.empty() && names.empty()) {
    for (const auto& [arn, tg] : p.target_groups) out.push_back(tg);
  }
  for (TargetGroup& tg : out) tg.load_balancer_arns = load_balancers_using(p, tg.arn);
  return out;
}

TargetGroup ElbModel::modify_target_group(ElbPartition& p, const TargetGroup& changes,
                                          const std::set<std::string>& given) {
  TargetGroup& tg = require_tg(p, changes.arn);
  TargetGroup next = tg;
  auto in_range = [](long long v, long long lo, long long hi, const char* member) {
    if (v < lo || v > hi) {
      throw aws_error("ValidationError",
                      {"1 validation error detected: Value '" + std::to_string(v) + "' at '" +
                       member + "' failed to satisfy constraint: Member must have value between " +
                       std::to_string(lo) + " and " + std::to_string(hi)});
    }
  };
  if (given.contains("HealthCheckProtocol")) {
    check_target_group_protocol(changes.health_check_protocol);
    next.health_check_protocol = changes.health_check_protocol;
  }
  if (given.contains("HealthCheckPort")) next.health_check_port = changes.health_check_port;
  if (given.contains("HealthCheckPath")) next.health_check_path = changes.health_check_path;
  if (given.contains("HealthCheckEnabled"))
    next.health_check_enabled = changes.health_check_enabled;
  if (given.contains("HealthCheckIntervalSeconds")) {
    in_range(changes.health_check_interval_seconds, 5, 300, "healthCheckIntervalSeconds");
    next.health_check_interval_seconds = changes.health_check_interval_seconds;
  }
  if (given.contains("HealthCheckTimeoutSeconds")) {
    in_range(changes.health_check_timeout_seconds, 2, 120, "healthCheckTimeoutSeconds");
    next.health_check_timeout_seconds = changes.health_check_timeout_seconds;
  }
  if (given.contains("HealthyThresholdCount")) {
    in_range(changes.healthy_threshold_count, 2, 10, "healthyThresholdCount");
    next.healthy_threshold_count = changes.healthy_threshold_count;
  }
  if (given.contains("UnhealthyThresholdCount")) {
    in_range(changes.unhealthy_threshold_count, 2, 10, "unhealthyThresholdCount");
    next.unhealthy_threshold_count = changes.unhealthy_threshold_count;
  }
  if (given.contains("Matcher")) next.matcher_http_code = changes.matcher_http_code;
  if (next.health_check_timeout_seconds >= next.health_check_interval_seconds) {
    throw aws_error("ValidationError", {"Health check interval must be greater than the timeout."});
  }
  tg = next;
  tg.load_balancer_arns = load_balancers_using(p, tg.arn);
  return tg;
}

void ElbModel::register_targets(ElbPartition& p, const std::string& arn,
                                const std::vector<TargetGroup::Target>& targets, core::TimeMs now) {
  TargetGroup& tg = require_tg(p, arn);
  std::vector<std::string> ids;
  for (const auto& t : targets) ids.push_back(t.id);
  require_live_instances(p, ids, true);
  for (TargetGroup::Target t : targets) {
    if (t.port == 0) t.port = tg.port;
    auto it = std::find_if(tg.targets.begin(), tg.targets.end(),
                           [&](const TargetGroup::Target& x) { return x.id == t.id; });
    if (it != tg.targets.end() && !it->draining) continue;  // registering twice is a no-op
    if (it != tg.targets.end()) tg.targets.erase(it);       // a draining target comes back
    t.registered_at = now;
    t.draining = false;
    tg.targets.push_back(t);
  }
}

void ElbModel::deregister_targets(ElbPartition& p, const std::string& arn,
                                  const std::vector<TargetGroup::Target>& targets,
                                  core::TimeMs now) {
  TargetGroup& tg = require_tg(p, arn);
  std::erase_if(tg.targets, [&](const TargetGroup::Target& x) {
    return x.draining && x.drain_until <= now;  // drained away
  });
  const core::TimeMs delay =
      checks(std::stoll(tg.attributes.count("deregistration_delay.timeout_seconds")
                            ? tg.attributes.at("deregistration_delay.timeout_seconds")
                            : std::string("300")) *
             core::kSecond);
  for (const auto& t : targets) {
    auto it = std::find_if(tg.targets.begin(), tg.targets.end(),
                           [&](const TargetGroup::Target& x) { return x.id == t.id; });
    if (it == tg.targets.end() || it->draining) continue;  // not registered: nothing to do
    if (tg.in_use_since != 0 && delay > 0) {
      it->draining = true;
      it->drain_until = now + delay;
    } else {
      tg.targets.erase(it);
    }
  }
}

TargetHealth ElbModel::target_health(const ElbPartition& p, const TargetGroup& tg,
                                     const TargetGroup::Target& t, core::TimeMs now) const {
  TargetHealthFacts facts;
  const TargetGroup::Target* found = find_target(tg, t.id);
  const bool drained = found && found->draining && found->drain_until <= now;
  facts.registered = found && !drained;
  TargetGroup::Target shown = found ? *found : TargetGroup::Target{t.id, t.port ? t.port : tg.port};
  if (facts.registered) {
    facts.draining = found->draining;
    facts.registered_at = found->registered_at;
    const ec2::Instance* inst = ec2_.partition(p, p.key).find_instance(t.id);
    const core::InstanceState s = inst ? inst->lifecycle.state() : core::InstanceState::kTerminated;
    switch (s) {
      case core::InstanceState::kRunning:
        facts.instance = TargetInstanceState::kRunning;
        facts.running_since = inst->lifecycle.since();
        break;
      case core::InstanceState::kPending:
        facts.instance = TargetInstanceState::kPending;
        break;
      case core::InstanceState::kStopped:
      case core::InstanceState::kStopping:
        facts.instance = TargetInstanceState::kStopped;
        break;
      default:
        facts.instance = TargetInstanceState::kTerminated;
    }
    facts.in_use = tg.in_use_since != 0;
    facts.in_use_since = tg.in_use_since;
    facts.health_check_enabled = tg.health_check_enabled;
    facts.interval = checks(tg.health_check_interval_seconds * core::kSecond);
    facts.healthy_threshold = tg.healthy_threshold_count;
    facts.unhealthy_threshold = tg.unhealthy_threshold_count;
    if (auto f = p.target_failures.find(t.id); f != p.target_failures.end()) {
      facts.failure =
          TargetHealthFacts::Failure{f->second.reason, f->second.since, f->second.recovered_at};
    }
  }
  const TargetHealthState h = target_health_at(facts, now);
  return TargetHealth{shown, h.state, h.reason, h.description};
}

std::vector<TargetHealth> ElbModel::describe_target_health(
    const ElbPartition& p, const std::string& arn, const std::vector<TargetGroup::Target>& asked,
    core::TimeMs now) const {
  const TargetGroup& tg = require_tg(p, arn);
  std::vector<TargetHealth> out;
  for (const auto& t : asked.empty() ? tg.targets : asked) {
    TargetHealth row = target_health(p, tg, t, now);
    if (asked.empty() && row.reason == "Target.NotRegistered") continue;  // drained away
    out.push_back(row);
  }
  return out;
}

std::vector<core::TimeMs> ElbModel::set_target_failure(ElbPartition& p,
                                                       const std::string& target_id, bool failing,
                                                       const std::string& reason,
                                                       core::TimeMs now) {
  static const std::set<std::string> reasons = {"Target.ResponseCodeMismatch", "Target.Timeout",
                                                "Target.FailedHealthChecks", "Elb.InternalError"};
  if (failing && !reasons.contains(reason)) {
    throw aws_error("ValidationError",
                    {"reason must be one of Target.ResponseCodeMismatch, Target.Timeout, "
                     "Target.FailedHealthChecks, Elb.InternalError"});
  }
  if (failing) {
    auto it = p.target_failures.find(target_id);
    if (it == p.target_failures.end() || it->second.recovered_at != 0) {
      p.target_failures[target_id] = TargetFailure{reason, now, 0};
    } else {
      it->second.reason = reason;
    }
  } else if (auto it = p.target_failures.find(target_id); it != p.target_failures.end()) {
    if (it->second.recovered_at == 0) it->second.recovered_at = now;
  }
  // When each group holding the target sees the change: UnhealthyThresholdCount (or
  // HealthyThresholdCount) intervals after its checks start failing (or passing).
  std::vector<core::TimeMs> due;
  for (const auto& [arn, tg] : p.target_groups) {
    const TargetGroup::Target* t = find_target(tg, target_id);
    if (!t || t->draining) continue;
    const core::TimeMs start = std::max({now, t->registered_at, tg.in_use_since});
    const long long n = failing ? tg.unhealthy_threshold_count : tg.healthy_threshold_count;
    due.push_back(start + n * checks(tg.health_check_interval_seconds * core::kSecond));
  }
  return due;
}
TagMap ElbModel::describe_target_group_attributes(const ElbPartition& p,
                                                  const std::string& arn) const {
  return require_tg(p, arn).attributes;
}

TagMap ElbModel::modify_target_group_attributes(ElbPartition& p, const std::string& arn,
                                                const TagList& changes) {
  TargetGroup& tg = require_tg(p, arn);
  tg.attributes = apply_target_group_attributes(tg.attributes, tg.protocol, changes);
  return tg.attributes;
}

// --- ELBv2 tags ----------------------------------------------------------------------------------

namespace {

// The tags of the ELBv2 resource an ARN names (target group, load balancer, listener, rule), or
// the NotFound of the kind it names.
TagMap& require_taggable(ElbPartition& p, const std::string& arn) {
  if (auto it = p.target_groups.find(arn); it != p.target_groups.end()) return it->second.tags;
  if (auto it = p.v2_load_balancers.find(arn); it != p.v2_load_balancers.end()) {
    return it->second.tags;
  }
  if (auto it = p.listeners.find(arn); it != p.listeners.end()) return it->second.tags;
  if (auto it = p.rules.find(arn); it != p.rules.end()) return it->second.tags;
  if (arn.find(":loadbalancer/") != std::string::npos) {
    throw aws_error("LoadBalancerNotFound", {"One or more load balancers not found"});
  }
  if (arn.find(":listener-rule/") != std::string::npos) throw aws_error("RuleNotFound");
  if (arn.find(":listener/") != std::string::npos) throw aws_error("ListenerNotFound");
  throw aws_error("TargetGroupNotFound");
}

const TagMap& require_taggable(const ElbPartition& p, const std::string& arn) {
  return require_taggable(const_cast<ElbPartition&>(p), arn);
}

}  // namespace

void ElbModel::add_tags(ElbPartition& p, const std::vector<std::string>& arns,
                        const TagList& tags) {
  check_tag_list(tags);
  std::vector<std::pair<TagMap*, TagMap>> merged;
  for (const std::string& arn : arns) {
    TagMap& current = require_taggable(p, arn);
    merged.emplace_back(&current, merge_tags(current, tags));
  }
  for (auto& [current, next] : merged) *current = std::move(next);
}

void ElbModel::remove_tags(ElbPartition& p, const std::vector<std::string>& arns,
                           const std::vector<std::string>& keys) {
  std::vector<TagMap*> resources;
  for (const std::string& arn : arns) resources.push_back(&require_taggable(p, arn));
  for (TagMap* tags : resources) {
    for (const std::string& k : keys) tags->erase(k);
  }
}

std::vector<std::pair<std::string, TagMap>> ElbModel::describe_tags(
    const ElbPartition& p, const std::vector<std::string>& arns) const {
  std::vector<std::pair<std::string, TagMap>> out;
  for (const std::string& arn : arns) out.emplace_back(arn, require_taggable(p, arn));
  return out;
}

void ElbModel::delete_target_group(ElbPartition& p, const std::string& arn, bool in_use) {
  if (in_use || !load_balancers_using(p, arn).empty()) {
    throw aws_error("ResourceInUse",
                    {"Target group '" + arn + "' is currently in use by a listener or a rule"});
  }
  p.target_groups.erase(arn);
}

}  // namespace cloudlife::autoscaling
