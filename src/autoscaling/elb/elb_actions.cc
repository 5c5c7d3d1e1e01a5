// The Classic ELB and ELBv2 front end: CreateLoadBalancer, DescribeLoadBalancers, Register/
// DeregisterInstancesWithLoadBalancer, DescribeInstanceHealth, DeleteLoadBalancer, AddTags,
// RemoveTags, DescribeTags; and ELBv2
// CreateTargetGroup, DescribeTargetGroups, Register/DeregisterTargets, DescribeTargetHealth,
// DeleteTargetGroup, Describe/ModifyTargetGroupAttributes, ModifyTargetGroup, AddTags,
// RemoveTags, DescribeTags (every ELBv2 resource); the load balancer, listener and rule actions
// are in elbv2_lb_actions.cc. Decoded and encoded by the generated codec
// (codegen/elb/load_balancers.ops, codegen/elbv2/target_groups.ops); the rules are ElbModel's
// (elb_model.h). Members the model has and cloudlife does not (TLS, protocol versions …) are
// refused with ValidationError naming them, never ignored.
#include <algorithm>
#include <set>
#include <string>

#include "autoscaling/api/asg_call.h"
#include "autoscaling/elb/elb_action_support.h"
#include "autoscaling/elb/elb_model.h"
#include "autoscaling/elb/elbv2_lb_actions.h"
#include "core/timing.h"
#include "elb_codec.h"    // generated from codegen/elb/*.ops
#include "elbv2_codec.h"  // generated from codegen/elbv2/*.ops
#include "protocol/aws_errors.h"
#include "protocol/aws_paging.h"

namespace cloudlife::autoscaling::api {
namespace {

namespace elb = codec::elb;
namespace elbv2 = codec::elbv2;
using protocol::HttpResponse;

// DescribeLoadBalancers / DescribeTargetGroups: PageSize 1-400, Marker (docs/architecture.md).
constexpr protocol::PageRule kElbPages{
    protocol::PageStyle::kQuery, "pageSize", 400, 1, 400, "", "Marker"};

// --- Classic ELB -------------------------------------------------------------------------------

HttpResponse create_load_balancer(AsgCall& call) {
  const auto req = elb::CreateLoadBalancerRequest::decode(call.params);
  TagList tags;
  for (const elb::Tag& t : req.tags) tags.emplace_back(t.key, t.value.value_or(""));
  ClassicLoadBalancer lb;
  lb.name = req.load_balancer_name;
  lb.zones = req.availability_zones;
  lb.subnets = req.subnets;
  lb.security_groups = req.security_groups;
  lb.scheme = req.scheme.value_or("internet-facing");
  for (const elb::Listener& l : req.listeners) {
    refuse_elb_member(l.ssl_certificate_id.has_value(), call,
                      "Listeners.member.N.SSLCertificateId");
    lb.listeners.push_back({l.protocol, l.load_balancer_port,
                            l.instance_protocol.value_or(l.protocol), l.instance_port});
  }
  const std::string dns = call.run([&](AsgPartition& part, core::TimeMs now) {
    return elb_model_of(call).create_load_balancer(part, lb, now, tags);
  });
  elb::CreateLoadBalancerResponse out(call.ctx.request_id);
  out.dns_name(dns);
  return out.finish();
}

void put_load_balancer(elb::LoadBalancerDescriptionWriter& w, const ClassicLoadBalancer& lb) {
  w.load_balancer_name(lb.name).dns_name(lb.dns_name);
  w.listener_descriptions(
      lb.listeners, [](elb::ListenerDescriptionWriter& d, const ClassicLoadBalancer::Listener& l) {
        d.listener([&](elb::ListenerWriter& x) {
          x.protocol(l.protocol)
              .load_balancer_port(l.port)
              .instance_protocol(l.instance_protocol)
              .instance_port(l.instance_port);
        });
        d.policy_names([](elb::PolicyNamesWriter&) {});
      });
  w.instances(lb.instances,
              [](elb::InstanceWriter& i, const std::string& id) { i.instance_id(id); });
  w.availability_zones(lb.zones).subnets(lb.subnets);
  if (!lb.vpc_id.empty()) w.vpc_id(lb.vpc_id);
  w.source_security_group([&](elb::SourceSecurityGroupWriter& g) {
    g.owner_alias(lb.source_group_owner).group_name(lb.source_group_name);
  });
  w.security_groups(lb.security_groups).created_time(lb.created).scheme(lb.scheme);
}

HttpResponse describe_load_balancers(AsgCall& call) {
  const auto req = elb::DescribeLoadBalancersRequest::decode(call.params);
  protocol::check_page_size(kElbPages, req.page_size);
  const auto lbs = call.run([&](AsgPartition& part, core::TimeMs) {
    return elb_model_of(call).describe_load_balancers(part, req.load_balancer_names);
  });
  const protocol::Page page = protocol::aws_page(kElbPages, req.page_size, req.marker, lbs.size());
  elb::DescribeLoadBalancersResponse out(call.ctx.request_id);
  out.load_balancer_descriptions([&](elb::LoadBalancerDescriptionsWriter& list) {
    for (std::size_t i = page.begin; i < page.end; ++i) {
      list.item([&](elb::LoadBalancerDescriptionWriter& w) { put_load_balancer(w, lbs[i]); });
    }
  });
  if (!page.next_token.empty()) out.next_marker(page.next_token);
  return out.finish();
}

std::vector<std::string> instance_ids(const std::vector<elb::Instance>& instances) {
  std::vector<std::string> ids;
  for (const elb::Instance& i : instances) ids.push_back(i.instance_id.value_or(""));
  return ids;
}

template <class Response>
HttpResponse instances_response(const AsgCall& call, const std::vector<std::string>& ids) {
  Response out(call.ctx.request_id);
  out.instances(ids, [](elb::InstanceWriter& w, const std::string& id) { w.instance_id(id); });
  return out.finish();
}

HttpResponse register_instances(AsgCall& call) {
  const auto req = elb::RegisterInstancesWithLoadBalancerRequest::decode(call.params);
  const auto ids = instance_ids(req.instances);
  const auto registered = call.run([&](AsgPartition& part, core::TimeMs) {
    return elb_model_of(call).register_instances(part, req.load_balancer_name, ids);
  });
  return instances_response<elb::RegisterInstancesWithLoadBalancerResponse>(call, registered);
}

HttpResponse deregister_instances(AsgCall& call) {
  const auto req = elb::DeregisterInstancesFromLoadBalancerRequest::decode(call.params);
  const auto ids = instance_ids(req.instances);
  const auto remaining = call.run([&](AsgPartition& part, core::TimeMs) {
    return elb_model_of(call).deregister_instances(part, req.load_balancer_name, ids);
  });
  return instances_response<elb::DeregisterInstancesFromLoadBalancerResponse>(call, remaining);
}

HttpResponse describe_instance_health(AsgCall& call) {
  const auto req = elb::DescribeInstanceHealthRequest::decode(call.params);
  const auto ids = instance_ids(req.instances);
  const auto rows = call.run([&](AsgPartition& part, core::TimeMs) {
    return elb_model_of(call).describe_instance_health(part, req.load_balancer_name, ids);
  });
  elb::DescribeInstanceHealthResponse out(call.ctx.request_id);
  out.instance_states(rows, [](elb::InstanceStateWriter& w, const InstanceHealth& r) {
    w.instance_id(r.instance_id)
        .state(r.state)
        .reason_code(r.reason_code)
        .description(r.description);
  });
  return out.finish();
}

HttpResponse delete_load_balancer(AsgCall& call) {
  const auto req = elb::DeleteLoadBalancerRequest::decode(call.params);
  call.run([&](AsgPartition& part, core::TimeMs) {
    elb_model_of(call).delete_load_balancer(part, req.load_balancer_name);
  });
  return elb::DeleteLoadBalancerResponse(call.ctx.request_id).finish();
}

HttpResponse add_load_balancer_tags(AsgCall& call) {
  const auto req = elb::AddTagsRequest::decode(call.params);
  TagList tags;
  for (const elb::Tag& t : req.tags) tags.emplace_back(t.key, t.value.value_or(""));
  call.run([&](AsgPartition& part, core::TimeMs) {
    elb_model_of(call).add_load_balancer_tags(part, req.load_balancer_names, tags);
  });
  return elb::AddTagsResponse(call.ctx.request_id).finish();
}

HttpResponse remove_load_balancer_tags(AsgCall& call) {
  const auto req = elb::RemoveTagsRequest::decode(call.params);
  std::vector<std::string> keys;
  for (const elb::TagKeyOnly& t : req.tags) keys.push_back(t.key.value_or(""));
  call.run([&](AsgPartition& part, core::TimeMs) {
    elb_model_of(call).remove_load_balancer_tags(part, req.load_balancer_names, keys);
  });
  return elb::RemoveTagsResponse(call.ctx.request_id).finish();
}

HttpResponse describe_load_balancer_tags(AsgCall& call) {
  const auto req = elb::DescribeTagsRequest::decode(call.params);
  const auto rows = call.run([&](AsgPartition& part, core::TimeMs) {
    return elb_model_of(call).describe_load_balancer_tags(part, req.load_balancer_names);
  });
  elb::DescribeTagsResponse out(call.ctx.request_id);
  out.tag_descriptions(rows, [](elb::TagDescriptionWriter& w, const auto& row) {
    w.load_balancer_name(row.first).tags(
        row.second, [](elb::TagWriter& t, const auto& kv) { t.key(kv.first).value(kv.second); });
  });
  return out.finish();
}

// --- ELBv2 target groups -------------------------------------------------------------------------

void put_target_group(elbv2::TargetGroupWriter& w, const TargetGroup& tg) {
  w.target_group_arn(tg.arn)
      .target_group_name(tg.name)
      .protocol(tg.protocol)
      .port(tg.port)
      .vpc_id(tg.vpc_id)
      .health_check_protocol(tg.health_check_protocol)
      .health_check_port(tg.health_check_port)
      .health_check_enabled(tg.health_check_enabled)
      .health_check_interval_seconds(tg.health_check_interval_seconds)
      .health_check_timeout_seconds(tg.health_check_timeout_seconds)
      .healthy_threshold_count(tg.healthy_threshold_count)
      .unhealthy_threshold_count(tg.unhealthy_threshold_count)
      .health_check_path(tg.health_check_path)
      .matcher([&](elbv2::MatcherWriter& m) { m.http_code(tg.matcher_http_code); })
      .load_balancer_arns(tg.load_balancer_arns)
      .target_type(tg.target_type)
      .ip_address_type(tg.ip_address_type);
}

HttpResponse create_target_group(AsgCall& call) {
  const auto req = elbv2::CreateTargetGroupRequest::decode(call.params);
  refuse_elb_member(req.protocol_version.has_value(), call, "ProtocolVersion");
  refuse_elb_member(req.matcher && req.matcher->grpc_code, call, "Matcher.GrpcCode");
  refuse_elb_member(req.target_control_port.has_value(), call, "TargetControlPort");
  if (req.ip_address_type) check_target_group_ip_address_type(*req.ip_address_type);
  // No IPv6 addressing here: an ipv6 group could hold no target.
  refuse_elb_member(req.ip_address_type == "ipv6", call, "IpAddressType ipv6");
  TargetGroup tg;
  tg.ip_address_type = req.ip_address_type.value_or("ipv4");
  tg.name = req.name;
  tg.protocol = req.protocol.value_or("HTTP");
  tg.port = req.port.value_or(80);
  tg.vpc_id = req.vpc_id.value_or("");
  tg.target_type = req.target_type.value_or("instance");
  tg.health_check_protocol = req.health_check_protocol.value_or(tg.protocol);
  tg.health_check_path = req.health_check_path.value_or("/");
  tg.health_check_port = req.health_check_port.value_or(tg.health_check_port);
  tg.health_check_enabled = req.health_check_enabled.value_or(tg.health_check_enabled);
  tg.health_check_interval_seconds =
      req.health_check_interval_seconds.value_or(tg.health_check_interval_seconds);
  tg.health_check_timeout_seconds =
      req.health_check_timeout_seconds.value_or(tg.health_check_timeout_seconds);
  tg.healthy_threshold_count = req.healthy_threshold_count.value_or(tg.healthy_threshold_count);
  tg.unhealthy_threshold_count =
      req.unhealthy_threshold_count.value_or(tg.unhealthy_threshold_count);
  if (req.matcher && req.matcher->http_code) tg.matcher_http_code = *req.matcher->http_code;
  const TagList tags = elbv2_request_tags(req.tags);
  const TargetGroup created = call.run([&](AsgPartition& part, core::TimeMs) {
    return elb_model_of(call).create_target_group(part, tg, tags);
  });
  elbv2::CreateTargetGroupResponse out(call.ctx.request_id);
  out.target_groups([&](elbv2::TargetGroupsWriter& list) {
    list.item([&](elbv2::TargetGroupWriter& w) { put_target_group(w, created); });
  });
  return out.finish();
}

HttpResponse describe_target_groups(AsgCall& call) {
  const auto req = elbv2::DescribeTargetGroupsRequest::decode(call.params);
  protocol::check_page_size(kElbPages, req.page_size);
  const auto tgs = call.run([&](AsgPartition& part, core::TimeMs) {
    ElbModel model = elb_model_of(call);
    if (!req.load_balancer_arn) {
      return model.describe_target_groups(part, req.target_group_arns, req.names);
    }
    // The target groups the load balancer's listeners and rules forward to.
    if (!part.v2_load_balancers.contains(*req.load_balancer_arn)) {
      throw protocol::aws_error("LoadBalancerNotFound", {"One or more load balancers not found"});
    }
    std::vector<TargetGroup> used;
    for (TargetGroup& tg : model.describe_target_groups(part, req.target_group_arns, req.names)) {
      const auto& lbs = tg.load_balancer_arns;
      if (std::find(lbs.begin(), lbs.end(), *req.load_balancer_arn) != lbs.end()) {
        used.push_back(std::move(tg));
      }
    }
    return used;
  });
  const protocol::Page page = protocol::aws_page(kElbPages, req.page_size, req.marker, tgs.size());
  elbv2::DescribeTargetGroupsResponse out(call.ctx.request_id);
  out.target_groups([&](elbv2::TargetGroupsWriter& list) {
    for (std::size_t i = page.begin; i < page.end; ++i) {
      list.item([&](elbv2::TargetGroupWriter& w) { put_target_group(w, tgs[i]); });
    }
  });
  if (!page.next_token.empty()) out.next_marker(page.next_token);
  return out.finish();
}

std::vector<TargetGroup::Target> targets_of(const AsgCall& call,
                                            const std::vector<elbv2::TargetDescription>& in) {
  std::vector<TargetGroup::Target> out;
  for (const elbv2::TargetDescription& t : in) {
    refuse_elb_member(t.availability_zone.has_value(), call, "Targets.member.N.AvailabilityZone");
    refuse_elb_member(t.quic_server_id.has_value(), call, "Targets.member.N.QuicServerId");
    out.push_back({t.id, t.port.value_or(0)});
  }
  return out;
}

HttpResponse register_targets(AsgCall& call) {
  const auto req = elbv2::RegisterTargetsRequest::decode(call.params);
  const auto targets = targets_of(call, req.targets);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    elb_model_of(call).register_targets(part, req.target_group_arn, targets, now);
  });
  return elbv2::RegisterTargetsResponse(call.ctx.request_id).finish();
}

HttpResponse deregister_targets(AsgCall& call) {
  const auto req = elbv2::DeregisterTargetsRequest::decode(call.params);
  const auto targets = targets_of(call, req.targets);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    elb_model_of(call).deregister_targets(part, req.target_group_arn, targets, now);
  });
  return elbv2::DeregisterTargetsResponse(call.ctx.request_id).finish();
}

HttpResponse describe_target_health(AsgCall& call) {
  const auto req = elbv2::DescribeTargetHealthRequest::decode(call.params);
  refuse_elb_member(!req.include.empty(), call, "Include");
  const auto asked = targets_of(call, req.targets);
  const auto rows = call.run([&](AsgPartition& part, core::TimeMs now) {
    return elb_model_of(call).describe_target_health(part, req.target_group_arn, asked, now);
  });
  elbv2::DescribeTargetHealthResponse out(call.ctx.request_id);
  out.target_health_descriptions(
      rows, [](elbv2::TargetHealthDescriptionWriter& w, const TargetHealth& r) {
        w.target([&](elbv2::TargetDescriptionWriter& t) { t.id(r.target.id).port(r.target.port); });
        w.health_check_port(std::to_string(r.target.port));
        w.target_health([&](elbv2::TargetHealthWriter& h) {
          h.state(r.state);
          if (!r.reason.empty()) h.reason(r.reason);
          if (!r.description.empty()) h.description(r.description);
        });
      });
  return out.finish();
}

// An Auto Scaling group of the partition has the target group attached.
bool attached_to_group(const AsgPartition& part, const std::string& arn) {
  return std::any_of(part.groups.begin(), part.groups.end(), [&](const auto& kv) {
    const auto& tgs = kv.second.target_groups;
    return std::find(tgs.begin(), tgs.end(), arn) != tgs.end();
  });
}

HttpResponse modify_target_group(AsgCall& call) {
  const auto req = elbv2::ModifyTargetGroupRequest::decode(call.params);
  refuse_elb_member(req.matcher && req.matcher->grpc_code, call, "Matcher.GrpcCode");
  TargetGroup changes;
  std::set<std::string> given;
  changes.arn = req.target_group_arn;
  auto take = [&given](const auto& field, auto& into, const char* name) {
    if (!field) return;
    into = *field;
    given.insert(name);
  };
  take(req.health_check_protocol, changes.health_check_protocol, "HealthCheckProtocol");
  take(req.health_check_port, changes.health_check_port, "HealthCheckPort");
  take(req.health_check_path, changes.health_check_path, "HealthCheckPath");
  take(req.health_check_enabled, changes.health_check_enabled, "HealthCheckEnabled");
  take(req.health_check_interval_seconds, changes.health_check_interval_seconds,
       "HealthCheckIntervalSeconds");
  take(req.health_check_timeout_seconds, changes.health_check_timeout_seconds,
       "HealthCheckTimeoutSeconds");
  take(req.healthy_threshold_count, changes.healthy_threshold_count, "HealthyThresholdCount");
  take(req.unhealthy_threshold_count, changes.unhealthy_threshold_count, "UnhealthyThresholdCount");
  if (req.matcher && req.matcher->http_code) {
    changes.matcher_http_code = *req.matcher->http_code;
    given.insert("Matcher");
  }
  const TargetGroup tg = call.run([&](AsgPartition& part, core::TimeMs) {
    return elb_model_of(call).modify_target_group(part, changes, given);
  });
  elbv2::ModifyTargetGroupResponse out(call.ctx.request_id);
  out.target_groups([&](elbv2::TargetGroupsWriter& list) {
    list.item([&](elbv2::TargetGroupWriter& w) { put_target_group(w, tg); });
  });
  return out.finish();
}

HttpResponse delete_target_group(AsgCall& call) {
  const auto req = elbv2::DeleteTargetGroupRequest::decode(call.params);
  call.run([&](AsgPartition& part, core::TimeMs) {
    elb_model_of(call).delete_target_group(part, req.target_group_arn,
                                           attached_to_group(part, req.target_group_arn));
  });
  return elbv2::DeleteTargetGroupResponse(call.ctx.request_id).finish();
}

template <class Writer>
void put_attributes(Writer& out, const TagMap& attributes) {
  out.attributes(attributes, [](elbv2::TargetGroupAttributeWriter& w, const auto& kv) {
    w.key(kv.first).value(kv.second);
  });
}

HttpResponse describe_target_group_attributes(AsgCall& call) {
  const auto req = elbv2::DescribeTargetGroupAttributesRequest::decode(call.params);
  const TagMap attributes = call.run([&](AsgPartition& part, core::TimeMs) {
    return elb_model_of(call).describe_target_group_attributes(part, req.target_group_arn);
  });
  elbv2::DescribeTargetGroupAttributesResponse out(call.ctx.request_id);
  put_attributes(out, attributes);
  return out.finish();
}

HttpResponse modify_target_group_attributes(AsgCall& call) {
  const auto req = elbv2::ModifyTargetGroupAttributesRequest::decode(call.params);
  TagList changes;
  for (const elbv2::TargetGroupAttribute& a : req.attributes) {
    changes.emplace_back(a.key.value_or(""), a.value.value_or(""));
  }
  const TagMap attributes = call.run([&](AsgPartition& part, core::TimeMs) {
    return elb_model_of(call).modify_target_group_attributes(part, req.target_group_arn, changes);
  });
  elbv2::ModifyTargetGroupAttributesResponse out(call.ctx.request_id);
  put_attributes(out, attributes);
  return out.finish();
}

HttpResponse add_tags(AsgCall& call) {
  const auto req = elbv2::AddTagsRequest::decode(call.params);
  const TagList tags = elbv2_request_tags(req.tags);
  call.run([&](AsgPartition& part, core::TimeMs) {
    elb_model_of(call).add_tags(part, req.resource_arns, tags);
  });
  return elbv2::AddTagsResponse(call.ctx.request_id).finish();
}

HttpResponse remove_tags(AsgCall& call) {
  const auto req = elbv2::RemoveTagsRequest::decode(call.params);
  call.run([&](AsgPartition& part, core::TimeMs) {
    elb_model_of(call).remove_tags(part, req.resource_arns, req.tag_keys);
  });
  return elbv2::RemoveTagsResponse(call.ctx.request_id).finish();
}

HttpResponse describe_tags(AsgCall& call) {
  const auto req = elbv2::DescribeTagsRequest::decode(call.params);
  const auto rows = call.run([&](AsgPartition& part, core::TimeMs) {
    return elb_model_of(call).describe_tags(part, req.resource_arns);
  });
  elbv2::DescribeTagsResponse out(call.ctx.request_id);
  out.tag_descriptions(rows, [](elbv2::TagDescriptionWriter& w, const auto& row) {
    w.resource_arn(row.first).tags(
        row.second, [](elbv2::TagWriter& t, const auto& kv) { t.key(kv.first).value(kv.second); });
  });
  return out.finish();
}

}  // namespace

void register_elb_actions(AsgActionTable& t) {
  t["CreateLoadBalancer"] = create_load_balancer;
  t["DescribeLoadBalancers"] = describe_load_balancers;
  t["RegisterInstancesWithLoadBalancer"] = register_instances;
  t["DeregisterInstancesFromLoadBalancer"] = deregister_instances;
  t["DescribeInstanceHealth"] = describe_instance_health;
  t["DeleteLoadBalancer"] = delete_load_balancer;
  t["AddTags"] = add_load_balancer_tags;
  t["RemoveTags"] = remove_load_balancer_tags;
  t["DescribeTags"] = describe_load_balancer_tags;
}

void register_elbv2_actions(AsgActionTable& t) {
  t["CreateTargetGroup"] = create_target_group;
  t["DescribeTargetGroups"] = describe_target_groups;
  t["RegisterTargets"] = register_targets;
  t["DeregisterTargets"] = deregister_targets;
  t["DescribeTargetHealth"] = describe_target_health;
  t["DeleteTargetGroup"] = delete_target_group;
  t["DescribeTargetGroupAttributes"] = describe_target_group_attributes;
  t["ModifyTargetGroupAttributes"] = modify_target_group_attributes;
  t["AddTags"] = add_tags;
  t["RemoveTags"] = remove_tags;
  t["DescribeTags"] = describe_tags;
  t["ModifyTargetGroup"] = modify_target_group;
  register_elbv2_load_balancer_actions(t);
}

}  // namespace cloudlife::autoscaling::api
