// Minimal load balancer bookkeeping so group registration is observable with real clients:
// Classic ELB (CreateLoadBalancer, DescribeLoadBalancers, Register/DeregisterInstancesWith-
// LoadBalancer, DescribeInstanceHealth, DeleteLoadBalancer) and ELBv2 target groups
// (CreateTargetGroup, DescribeTargetGroups, Register/DeregisterTargets, DescribeTargetHealth,
// DeleteTargetGroup). No traffic is routed; health follows the EC2 instance state.
#include <algorithm>

#include "autoscaling/api/asg_call.h"
#include "core/ids.h"
#include "core/time.h"

namespace cloudlife::autoscaling::api {
namespace {

using core::ServiceError;
using protocol::HttpResponse;
using protocol::QueryParams;
using protocol::XmlWriter;

bool instance_running(AsgCall& call, const core::PartitionKey& key, const std::string& id) {
  const ec2::Instance* inst = call.ec2.partition(key).find_instance(id);
  return inst && inst->lifecycle.state() == core::InstanceState::kRunning;
}

core::PartitionKey key_of(const AsgCall& call) {
  return {call.ctx.account, call.ctx.region};
}

ClassicLoadBalancer& require_lb(AsgPartition& p, const std::string& name) {
  auto it = p.load_balancers.find(name);
  if (it == p.load_balancers.end()) {
    throw ServiceError("LoadBalancerNotFound",
                       "There is no ACTIVE Load Balancer named '" + name + "'");
  }
  return it->second;
}

void check_instances_exist(AsgCall& call, const std::vector<std::string>& ids, bool v2) {
  ec2::Ec2Partition& ep = call.ec2.partition(key_of(call));
  for (const std::string& id : ids) {
    const ec2::Instance* inst = ep.find_instance(id);
    if (!inst || inst->lifecycle.state() == core::InstanceState::kTerminated) {
      if (v2) {
        throw ServiceError("InvalidTarget",
                           "The following targets are not in a running state "
                           "and cannot be registered: '" +
                               id + "'");
      }
      throw ServiceError("InvalidInstance", "The requested instance(s) are not valid: " + id);
    }
  }
}

// --- Classic ELB -------------------------------------------------------------------------------

HttpResponse create_load_balancer(AsgCall& call) {
  const QueryParams& p = call.params;
  ClassicLoadBalancer lb;
  lb.name = call.required("LoadBalancerName");
  lb.zones = p.list("AvailabilityZones.member");
  lb.subnets = p.list("Subnets.member");
  lb.security_groups = p.list("SecurityGroups.member");
  lb.scheme = p.str_or("Scheme", "internet-facing");
  for (const QueryParams& l : p.structs("Listeners.member")) {
    ClassicLoadBalancer::Listener listener;
    listener.protocol = l.str_or("Protocol", "HTTP");
    listener.port = l.integer("LoadBalancerPort").value_or(80);
    listener.instance_protocol = l.str_or("InstanceProtocol", listener.protocol);
    listener.instance_port = l.integer("InstancePort").value_or(listener.port);
    lb.listeners.push_back(listener);
  }
  const std::string dns = call.run([&](AsgPartition& part, core::TimeMs now) {
    if (auto it = part.load_balancers.find(lb.name); it != part.load_balancers.end()) {
      return it->second.dns_name;  // CreateLoadBalancer is idempotent for the same name
    }
    ClassicLoadBalancer created = lb;
    created.dns_name = created.name + "-" +
                       std::to_string(1000000000 + core::random_between(0, 899999999)) + "." +
                       part.key.region + ".elb.amazonaws.com";
    created.created = now;
    ec2::Ec2Partition& ep = call.ec2.partition(part.key);
    for (const std::string& s : created.subnets) {
      const ec2::Subnet* subnet = ep.network.find_subnet(s);
      if (!subnet) throw ServiceError("SubnetNotFound", "One or more subnets not found");
      created.vpc_id = subnet->vpc_id;
      created.zones.push_back(subnet->availability_zone);
    }
    if (created.zones.empty()) {
      throw ServiceError("ValidationError",
                         "Either AvailabilityZones or SubnetIds must be specified");
    }
    part.load_balancers.emplace(created.name, created);
    return created.dns_name;
  });
  XmlWriter xml = call.begin();
  xml.leaf("DNSName", dns);
  return call.finish(xml);
}

HttpResponse describe_load_balancers(AsgCall& call) {
  const auto names = call.params.list("LoadBalancerNames.member");
  const auto lbs = call.run([&](AsgPartition& part, core::TimeMs) {
    std::vector<ClassicLoadBalancer> out;
    for (const std::string& n : names) out.push_back(require_lb(part, n));
    if (names.empty()) {
      for (const auto& [n, lb] : part.load_balancers) out.push_back(lb);
    }
    return out;
  });
  XmlWriter xml = call.begin();
  xml.open("LoadBalancerDescriptions");
  for (const ClassicLoadBalancer& lb : lbs) {
    xml.open("member");
    xml.leaf("LoadBalancerName", lb.name).leaf("DNSName", lb.dns_name);
    xml.open("ListenerDescriptions");
    for (const auto& l : lb.listeners) {
      xml.open("member").open("Listener");
      xml.leaf("Protocol", l.protocol).leaf("LoadBalancerPort", l.port);
      xml.leaf("InstanceProtocol", l.instance_protocol).leaf("InstancePort", l.instance_port);
      xml.close().empty("PolicyNames").close();
    }
    xml.close();
    xml.open("Instances");
    for (const std::string& id : lb.instances) xml.open("member").leaf("InstanceId", id).close();
    xml.close();
    xml.open("AvailabilityZones");
    for (const std::string& z : lb.zones) xml.leaf("member", z);
    xml.close();
    xml.open("Subnets");
    for (const std::string& s : lb.subnets) xml.leaf("member", s);
    xml.close();
    xml.leaf_if("VPCId", lb.vpc_id);
    xml.open("SecurityGroups");
    for (const std::string& s : lb.security_groups) xml.leaf("member", s);
    xml.close();
    xml.leaf("CreatedTime", core::format_iso8601_ms(lb.created));
    xml.leaf("Scheme", lb.scheme);
    xml.close();
  }
  xml.close();
  return call.finish(xml);
}

HttpResponse write_instances(AsgCall& call, const std::vector<std::string>& ids) {
  XmlWriter xml = call.begin();
  xml.open("Instances");
  for (const std::string& id : ids) xml.open("member").leaf("InstanceId", id).close();
  xml.close();
  return call.finish(xml);
}

std::vector<std::string> instance_ids(const AsgCall& call) {
  std::vector<std::string> ids;
  for (const QueryParams& i : call.params.structs("Instances.member")) {
    ids.push_back(i.str_or("InstanceId", ""));
  }
  return ids;
}

HttpResponse register_instances(AsgCall& call) {
  const std::string name = call.required("LoadBalancerName");
  const auto ids = instance_ids(call);
  const auto now_registered = call.run([&](AsgPartition& part, core::TimeMs) {
    ClassicLoadBalancer& lb = require_lb(part, name);
    check_instances_exist(call, ids, false);
    for (const std::string& id : ids) {
      if (std::find(lb.instances.begin(), lb.instances.end(), id) == lb.instances.end()) {
        lb.instances.push_back(id);
      }
    }
    return lb.instances;
  });
  return write_instances(call, now_registered);
}

HttpResponse deregister_instances(AsgCall& call) {
  const std::string name = call.required("LoadBalancerName");
  const auto ids = instance_ids(call);
  const auto remaining = call.run([&](AsgPartition& part, core::TimeMs) {
    ClassicLoadBalancer& lb = require_lb(part, name);
    for (const std::string& id : ids) {
      if (std::find(lb.instances.begin(), lb.instances.end(), id) == lb.instances.end()) {
        throw ServiceError("InvalidInstance",
                           "The requested instance(s) are not registered: " + id);
      }
    }
    for (const std::string& id : ids) std::erase(lb.instances, id);
    return lb.instances;
  });
  return write_instances(call, remaining);
}

HttpResponse describe_instance_health(AsgCall& call) {
  const std::string name = call.required("LoadBalancerName");
  const auto asked = instance_ids(call);
  struct Row {
    std::string id, state, reason, description;
  };
  const auto rows = call.run([&](AsgPartition& part, core::TimeMs) {
    ClassicLoadBalancer& lb = require_lb(part, name);
    std::vector<Row> out;
    for (const std::string& id : asked.empty() ? lb.instances : asked) {
      const bool registered =
          std::find(lb.instances.begin(), lb.instances.end(), id) != lb.instances.end();
      if (!registered) {
        throw ServiceError("InvalidInstance",
                           "Could not find EC2 instance " + id + " registered with load balancer");
      }
      if (instance_running(call, part.key, id)) {
        out.push_back({id, "InService", "N/A", "N/A"});
      } else {
        out.push_back({id, "OutOfService", "Instance", "Instance is in stopped state."});
      }
    }
    return out;
  });
  XmlWriter xml = call.begin();
  xml.open("InstanceStates");
  for (const Row& r : rows) {
    xml.open("member");
    xml.leaf("InstanceId", r.id).leaf("State", r.state);
    xml.leaf("ReasonCode", r.reason).leaf("Description", r.description);
    xml.close();
  }
  xml.close();
  return call.finish(xml);
}

HttpResponse delete_load_balancer(AsgCall& call) {
  const std::string name = call.required("LoadBalancerName");
  call.run([&](AsgPartition& part, core::TimeMs) { part.load_balancers.erase(name); });
  return call.empty();
}

// --- ELBv2 target groups -------------------------------------------------------------------------

TargetGroup& require_tg(AsgPartition& p, const std::string& arn) {
  auto it = p.target_groups.find(arn);
  if (it == p.target_groups.end()) {
    throw ServiceError("TargetGroupNotFound", "One or more target groups not found");
  }
  return it->second;
}

void write_target_group(XmlWriter& xml, const TargetGroup& tg) {
  xml.open("member");
  xml.leaf("TargetGroupArn", tg.arn).leaf("TargetGroupName", tg.name);
  xml.leaf("Protocol", tg.protocol).leaf("Port", tg.port).leaf("VpcId", tg.vpc_id);
  xml.leaf("HealthCheckProtocol", tg.health_check_protocol);
  xml.leaf("HealthCheckPort", "traffic-port");
  xml.leaf("HealthCheckEnabled", true);
  xml.leaf("HealthCheckIntervalSeconds", 30).leaf("HealthCheckTimeoutSeconds", 5);
  xml.leaf("HealthyThresholdCount", 5).leaf("UnhealthyThresholdCount", 2);
  xml.leaf("HealthCheckPath", tg.health_check_path);
  xml.open("Matcher").leaf("HttpCode", "200").close();
  xml.empty("LoadBalancerArns");
  xml.leaf("TargetType", tg.target_type);
  xml.leaf("IpAddressType", "ipv4");
  xml.close();
}

HttpResponse create_target_group(AsgCall& call) {
  const QueryParams& p = call.params;
  TargetGroup tg;
  tg.name = call.required("Name");
  tg.protocol = p.str_or("Protocol", "HTTP");
  tg.port = p.integer("Port").value_or(80);
  tg.vpc_id = p.str_or("VpcId", "");
  tg.target_type = p.str_or("TargetType", "instance");
  tg.health_check_protocol = p.str_or("HealthCheckProtocol", tg.protocol);
  tg.health_check_path = p.str_or("HealthCheckPath", "/");
  const TargetGroup created = call.run([&](AsgPartition& part, core::TimeMs) {
    for (const auto& [arn, existing] : part.target_groups) {
      if (existing.name == tg.name) {
        if (existing.port != tg.port || existing.protocol != tg.protocol) {
          throw ServiceError("DuplicateTargetGroupName",
                             "A target group with the same name '" + tg.name +
                                 "' exists, but with different settings");
        }
        return existing;
      }
    }
    TargetGroup out = tg;
    ec2::Ec2Partition& ep = call.ec2.partition(part.key);
    if (out.vpc_id.empty()) {
      for (const auto& [id, vpc] : ep.network.vpcs) {
        if (vpc.is_default) out.vpc_id = id;
      }
    } else if (!ep.network.vpcs.contains(out.vpc_id)) {
      throw ServiceError("ValidationError", "The VPC ID '" + out.vpc_id + "' is not found");
    }
    out.arn = "arn:aws:elasticloadbalancing:" + part.key.region + ":" + part.key.account +
              ":targetgroup/" + out.name + "/" + core::random_hex(16);
    part.target_groups.emplace(out.arn, out);
    return out;
  });
  XmlWriter xml = call.begin();
  xml.open("TargetGroups");
  write_target_group(xml, created);
  xml.close();
  return call.finish(xml);
}

HttpResponse describe_target_groups(AsgCall& call) {
  const auto arns = call.params.list("TargetGroupArns.member");
  const auto names = call.params.list("Names.member");
  const auto tgs = call.run([&](AsgPartition& part, core::TimeMs) {
    std::vector<TargetGroup> out;
    for (const std::string& arn : arns) out.push_back(require_tg(part, arn));
    for (const std::string& n : names) {
      auto it = std::find_if(part.target_groups.begin(), part.target_groups.end(),
                             [&](const auto& kv) { return kv.second.name == n; });
      if (it == part.target_groups.end()) {
        throw ServiceError("TargetGroupNotFound", "One or more target groups not found");
      }
      out.push_back(it->second);
    }
    if (arns.empty() && names.empty()) {
      for (const auto& [arn, tg] : part.target_groups) out.push_back(tg);
    }
    return out;
  });
  XmlWriter xml = call.begin();
  xml.open("TargetGroups");
  for (const TargetGroup& tg : tgs) write_target_group(xml, tg);
  xml.close();
  return call.finish(xml);
}

std::vector<TargetGroup::Target> decode_targets(const AsgCall& call) {
  std::vector<TargetGroup::Target> out;
  for (const QueryParams& t : call.params.structs("Targets.member")) {
    out.push_back({t.str_or("Id", ""), t.integer("Port").value_or(0)});
  }
  return out;
}

HttpResponse register_targets(AsgCall& call) {
  const std::string arn = call.required("TargetGroupArn");
  const auto targets = decode_targets(call);
  call.run([&](AsgPartition& part, core::TimeMs) {
    TargetGroup& tg = require_tg(part, arn);
    std::vector<std::string> ids;
    for (const auto& t : targets) ids.push_back(t.id);
    check_instances_exist(call, ids, true);
    for (auto t : targets) {
      if (t.port == 0) t.port = tg.port;
      if (std::none_of(tg.targets.begin(), tg.targets.end(),
                       [&](const TargetGroup::Target& x) { return x.id == t.id; })) {
        tg.targets.push_back(t);
      }
    }
  });
  return call.empty();
}

HttpResponse deregister_targets(AsgCall& call) {
  const std::string arn = call.required("TargetGroupArn");
  const auto targets = decode_targets(call);
  call.run([&](AsgPartition& part, core::TimeMs) {
    TargetGroup& tg = require_tg(part, arn);
    for (const auto& t : targets) {
      std::erase_if(tg.targets, [&](const TargetGroup::Target& x) { return x.id == t.id; });
    }
  });
  return call.empty();
}

HttpResponse describe_target_health(AsgCall& call) {
  const std::string arn = call.required("TargetGroupArn");
  const auto asked = decode_targets(call);
  struct Row {
    TargetGroup::Target target;
    std::string state, reason, description;
  };
  const auto rows = call.run([&](AsgPartition& part, core::TimeMs) {
    TargetGroup& tg = require_tg(part, arn);
    std::vector<Row> out;
    auto row_for = [&](const TargetGroup::Target& t) {
      auto it = std::find_if(tg.targets.begin(), tg.targets.end(),
                             [&](const TargetGroup::Target& x) { return x.id == t.id; });
      if (it == tg.targets.end()) {
        return Row{{t.id, t.port ? t.port : tg.port},
                   "unused",
                   "Target.NotRegistered",
                   "Target is not registered to the target group"};
      }
      if (!instance_running(call, part.key, t.id)) {
        return Row{*it, "unused", "Target.InvalidState", "Target is in the stopped state"};
      }
      return Row{*it, "healthy", "", ""};
    };
    if (asked.empty()) {
      for (const auto& t : tg.targets) out.push_back(row_for(t));
    } else {
      for (const auto& t : asked) out.push_back(row_for(t));
    }
    return out;
  });
  XmlWriter xml = call.begin();
  xml.open("TargetHealthDescriptions");
  for (const Row& r : rows) {
    xml.open("member");
    xml.open("Target").leaf("Id", r.target.id).leaf("Port", r.target.port).close();
    xml.leaf("HealthCheckPort", std::to_string(r.target.port));
    xml.open("TargetHealth").leaf("State", r.state);
    xml.leaf_if("Reason", r.reason).leaf_if("Description", r.description);
    xml.close();
    xml.close();
  }
  xml.close();
  return call.finish(xml);
}

HttpResponse delete_target_group(AsgCall& call) {
  const std::string arn = call.required("TargetGroupArn");
  call.run([&](AsgPartition& part, core::TimeMs) {
    for (const auto& [name, g] : part.groups) {
      if (std::find(g.target_groups.begin(), g.target_groups.end(), arn) != g.target_groups.end()) {
        throw ServiceError("ResourceInUse", "Target group '" + arn +
                                                "' is currently in use by a listener or a rule");
      }
    }
    part.target_groups.erase(arn);
  });
  return call.empty();
}

}  // namespace

void register_elb_actions(AsgActionTable& t) {
  t["CreateLoadBalancer"] = create_load_balancer;
  t["DescribeLoadBalancers"] = describe_load_balancers;
  t["RegisterInstancesWithLoadBalancer"] = register_instances;
  t["DeregisterInstancesFromLoadBalancer"] = deregister_instances;
  t["DescribeInstanceHealth"] = describe_instance_health;
  t["DeleteLoadBalancer"] = delete_load_balancer;
}

void register_elbv2_actions(AsgActionTable& t) {
  t["CreateTargetGroup"] = create_target_group;
  t["DescribeTargetGroups"] = describe_target_groups;
  t["RegisterTargets"] = register_targets;
  t["DeregisterTargets"] = deregister_targets;
  t["DescribeTargetHealth"] = describe_target_health;
  t["DeleteTargetGroup"] = delete_target_group;
}

}  // namespace cloudlife::autoscaling::api
