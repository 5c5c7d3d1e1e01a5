// The ELBv2 front end for load balancers, listeners and rules: CreateLoadBalancer,
// DescribeLoadBalancers, DeleteLoadBalancer, Describe/ModifyLoadBalancerAttributes,
// SetSecurityGroups, SetSubnets, SetIpAddressType, DescribeCapacityReservation, CreateListener,
// DescribeListeners, ModifyListener, DeleteListener, Describe/ModifyListenerAttributes, CreateRule,
// DescribeRules, ModifyRule, DeleteRule, SetRulePriorities. Decoded and encoded by the generated
// codec (codegen/elbv2/load_balancers.ops); the rules are ElbModel's (elb_model.h). Members the
// model has and cloudlife does not (authentication actions, mutual TLS, IPAM pools, transforms …)
// are refused with ValidationError naming them, never ignored.
#include <string>

#include "autoscaling/api/asg_call.h"
#include "autoscaling/elb/elb_action_support.h"
#include "autoscaling/elb/elb_model.h"
#include "autoscaling/elb/elbv2_lb_actions.h"
#include "core/timing.h"
#include "elbv2_codec.h"  // generated from codegen/elbv2/*.ops
#include "protocol/aws_errors.h"
#include "protocol/aws_paging.h"

namespace cloudlife::autoscaling::api {
namespace {

namespace v2 = codec::elbv2;
using protocol::HttpResponse;

// DescribeLoadBalancers / DescribeListeners / DescribeRules: PageSize 1-400, Marker.
constexpr protocol::PageRule kElbv2LbPages{
    protocol::PageStyle::kQuery, "pageSize", 400, 1, 400, "", "Marker"};

TagList elbv2_attribute_changes(const auto& attributes) {
  TagList out;
  for (const auto& a : attributes) out.emplace_back(a.key.value_or(""), a.value.value_or(""));
  return out;
}

// --- load balancers ------------------------------------------------------------------------------

std::vector<LoadBalancerV2::Zone> v2_subnet_mappings_of(
    const AsgCall& call, const std::vector<std::string>& subnets,
    const std::vector<v2::SubnetMapping>& mappings) {
  if (!subnets.empty() && !mappings.empty()) {
    throw protocol::aws_error("ValidationError",
                              {"You can specify subnets or subnet mappings, but not both"});
  }
  std::vector<LoadBalancerV2::Zone> out;
  for (const std::string& s : subnets) out.push_back({"", s, "", "", ""});
  for (const v2::SubnetMapping& m : mappings) {
    refuse_elb_member(m.source_nat_ipv6_prefix.has_value(), call,
                      "SubnetMappings.member.N.SourceNatIpv6Prefix");
    if (!m.subnet_id) {
      throw protocol::aws_error("ValidationError", {"A subnet ID must be specified"});
    }
    out.push_back({"", *m.subnet_id, m.allocation_id.value_or(""),
                   m.private_i_pv4_address.value_or(""), m.i_pv6_address.value_or("")});
  }
  return out;
}

void v2_put_zone(v2::AvailabilityZoneWriter& w, const LoadBalancerV2::Zone& z) {
  w.zone_name(z.zone).subnet_id(z.subnet_id);
  w.load_balancer_addresses([&](auto& list) {
    if (z.allocation_id.empty() && z.private_ipv4.empty() && z.ipv6.empty()) return;
    list.item([&](v2::LoadBalancerAddressWriter& a) {
      if (!z.allocation_id.empty()) a.allocation_id(z.allocation_id);
      if (!z.private_ipv4.empty()) a.private_i_pv4_address(z.private_ipv4);
      if (!z.ipv6.empty()) a.i_pv6_address(z.ipv6);
    });
  });
}

void put_load_balancer_v2(v2::LoadBalancerWriter& w, const LoadBalancerV2& lb,
                          const std::string& state) {
  w.load_balancer_arn(lb.arn);
  if (!lb.dns_name.empty()) w.dns_name(lb.dns_name);
  if (!lb.canonical_hosted_zone_id.empty()) w.canonical_hosted_zone_id(lb.canonical_hosted_zone_id);
  w.created_time(lb.created)
      .load_balancer_name(lb.name)
      .scheme(lb.scheme)
      .vpc_id(lb.vpc_id)
      .state([&](v2::LoadBalancerStateWriter& s) { s.code(state); })
      .type(lb.type)
      .availability_zones(lb.zones, v2_put_zone);
  if (lb.type != "gateway") w.security_groups(lb.security_groups);
  w.ip_address_type(lb.ip_address_type);
  if (!lb.enforce_private_link_inbound.empty()) {
    w.enforce_security_group_inbound_rules_on_private_link_traffic(lb.enforce_private_link_inbound);
  }
}

HttpResponse create_load_balancer_v2(AsgCall& call) {
  const auto req = v2::CreateLoadBalancerRequest::decode(call.params);
  refuse_elb_member(req.customer_owned_ipv4_pool.has_value(), call, "CustomerOwnedIpv4Pool");
  refuse_elb_member(req.enable_prefix_for_ipv6_source_nat.has_value(), call,
                    "EnablePrefixForIpv6SourceNat");
  refuse_elb_member(req.ipam_pools.has_value(), call, "IpamPools");
  LoadBalancerV2Spec spec;
  spec.name = req.name;
  spec.type = req.type.value_or("application");
  spec.scheme = req.scheme.value_or("internet-facing");
  spec.ip_address_type = req.ip_address_type.value_or("ipv4");
  spec.subnet_mappings = v2_subnet_mappings_of(call, req.subnets, req.subnet_mappings);
  spec.subnets_given_as_mappings = !req.subnet_mappings.empty();
  spec.security_groups = req.security_groups;
  spec.tags = elbv2_request_tags(req.tags);
  struct Created {
    LoadBalancerV2 lb;
    std::string state;
  };
  const Created created = call.run([&](AsgPartition& part, core::TimeMs now) {
    ElbModel model = elb_model_of(call);
    const core::TimeMs provisioning =
        call.engine.timing().duration(core::TimingPhase::kLoadBalancerProvisioning);
    LoadBalancerV2 lb = model.create_load_balancer_v2(part, spec, now, provisioning);
    return Created{lb, model.load_balancer_state(lb, now)};
  });
  v2::CreateLoadBalancerResponse out(call.ctx.request_id);
  out.load_balancers([&](auto& list) {
    list.item(
        [&](v2::LoadBalancerWriter& w) { put_load_balancer_v2(w, created.lb, created.state); });
  });
  return out.finish();
}

HttpResponse describe_load_balancers_v2(AsgCall& call) {
  const auto req = v2::DescribeLoadBalancersRequest::decode(call.params);
  protocol::check_page_size(kElbv2LbPages, req.page_size);
  struct Row {
    LoadBalancerV2 lb;
    std::string state;
  };
  const std::vector<Row> rows = call.run([&](AsgPartition& part, core::TimeMs now) {
    ElbModel model = elb_model_of(call);
    std::vector<Row> out;
    for (LoadBalancerV2& lb :
         model.describe_load_balancers_v2(part, req.load_balancer_arns, req.names)) {
      const std::string state = model.load_balancer_state(lb, now);
      out.push_back({std::move(lb), state});
    }
    return out;
  });
  const protocol::Page page =
      protocol::aws_page(kElbv2LbPages, req.page_size, req.marker, rows.size());
  v2::DescribeLoadBalancersResponse out(call.ctx.request_id);
  out.load_balancers([&](auto& list) {
    for (std::size_t i = page.begin; i < page.end; ++i) {
      list.item(
          [&](v2::LoadBalancerWriter& w) { put_load_balancer_v2(w, rows[i].lb, rows[i].state); });
    }
  });
  if (!page.next_token.empty()) out.next_marker(page.next_token);
  return out.finish();
}

HttpResponse delete_load_balancer_v2(AsgCall& call) {
  const auto req = v2::DeleteLoadBalancerRequest::decode(call.params);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    elb_model_of(call).delete_load_balancer_v2(part, req.load_balancer_arn, now);
  });
  return v2::DeleteLoadBalancerResponse(call.ctx.request_id).finish();
}

template <class Response>
HttpResponse v2_load_balancer_attributes_response(const AsgCall& call, const TagMap& attributes) {
  Response out(call.ctx.request_id);
  out.attributes(attributes, [](v2::LoadBalancerAttributeWriter& w, const auto& kv) {
    w.key(kv.first).value(kv.second);
  });
  return out.finish();
}

HttpResponse v2_describe_load_balancer_attributes(AsgCall& call) {
  const auto req = v2::DescribeLoadBalancerAttributesRequest::decode(call.params);
  const TagMap attributes = call.run([&](AsgPartition& part, core::TimeMs) {
    return elb_model_of(call).describe_load_balancer_attributes(part, req.load_balancer_arn);
  });
  return v2_load_balancer_attributes_response<v2::DescribeLoadBalancerAttributesResponse>(
      call, attributes);
}

HttpResponse v2_modify_load_balancer_attributes(AsgCall& call) {
  const auto req = v2::ModifyLoadBalancerAttributesRequest::decode(call.params);
  const TagList changes = elbv2_attribute_changes(req.attributes);
  const TagMap attributes = call.run([&](AsgPartition& part, core::TimeMs) {
    return elb_model_of(call).modify_load_balancer_attributes(part, req.load_balancer_arn, changes);
  });
  // AWS answers the attributes the request changed.
  TagMap changed;
  for (const auto& kv : changes) changed[kv.first] = attributes.at(kv.first);
  return v2_load_balancer_attributes_response<v2::ModifyLoadBalancerAttributesResponse>(call,
                                                                                        changed);
}

HttpResponse v2_set_security_groups(AsgCall& call) {
  const auto req = v2::SetSecurityGroupsRequest::decode(call.params);
  const LoadBalancerV2 lb = call.run([&](AsgPartition& part, core::TimeMs) {
    return elb_model_of(call).set_security_groups(
        part, req.load_balancer_arn, req.security_groups,
        req.enforce_security_group_inbound_rules_on_private_link_traffic);
  });
  v2::SetSecurityGroupsResponse out(call.ctx.request_id);
  out.security_group_ids(lb.security_groups);
  if (!lb.enforce_private_link_inbound.empty()) {
    out.enforce_security_group_inbound_rules_on_private_link_traffic(
        lb.enforce_private_link_inbound);
  }
  return out.finish();
}

HttpResponse v2_set_subnets(AsgCall& call) {
  const auto req = v2::SetSubnetsRequest::decode(call.params);
  refuse_elb_member(req.enable_prefix_for_ipv6_source_nat.has_value(), call,
                    "EnablePrefixForIpv6SourceNat");
  const auto mappings = v2_subnet_mappings_of(call, req.subnets, req.subnet_mappings);
  const LoadBalancerV2 lb = call.run([&](AsgPartition& part, core::TimeMs) {
    return elb_model_of(call).set_subnets(part, req.load_balancer_arn, mappings,
                                          req.ip_address_type);
  });
  v2::SetSubnetsResponse out(call.ctx.request_id);
  out.availability_zones(lb.zones, v2_put_zone).ip_address_type(lb.ip_address_type);
  return out.finish();
}

HttpResponse v2_set_ip_address_type(AsgCall& call) {
  const auto req = v2::SetIpAddressTypeRequest::decode(call.params);
  const LoadBalancerV2 lb = call.run([&](AsgPartition& part, core::TimeMs) {
    return elb_model_of(call).set_ip_address_type(part, req.load_balancer_arn, req.ip_address_type);
  });
  v2::SetIpAddressTypeResponse out(call.ctx.request_id);
  out.ip_address_type(lb.ip_address_type);
  return out.finish();
}

// No load balancer has a capacity reservation (ModifyCapacityReservation is not implemented):
// the answer has no minimum capacity and no zonal reservation states.
HttpResponse v2_describe_capacity_reservation(AsgCall& call) {
  const auto req = v2::DescribeCapacityReservationRequest::decode(call.params);
  call.run([&](AsgPartition& part, core::TimeMs) {  // LoadBalancerNotFound for an unknown ARN
    elb_model_of(call).describe_load_balancers_v2(part, {req.load_balancer_arn}, {});
  });
  return v2::DescribeCapacityReservationResponse(call.ctx.request_id).finish();
}

// --- listeners ----------------------------------------------------------------------------------

std::vector<ElbAction> v2_actions_of(const AsgCall& call, const std::vector<v2::Action>& in) {
  std::vector<ElbAction> out;
  for (const v2::Action& a : in) {
    refuse_elb_member(a.authenticate_oidc_config.has_value() || a.type == "authenticate-oidc", call,
                      "authenticate-oidc actions");
    refuse_elb_member(a.authenticate_cognito_config.has_value() || a.type == "authenticate-cognito",
                      call, "authenticate-cognito actions");
    refuse_elb_member(a.jwt_validation_config.has_value() || a.type == "jwt-validation", call,
                      "jwt-validation actions");
    ElbAction x;
    x.type = a.type;
    x.order = a.order.value_or(0);
    x.target_group_arn = a.target_group_arn.value_or("");
    if (a.forward_config) {
      x.has_forward_config = true;
      for (const v2::TargetGroupTuple& t : a.forward_config->target_groups) {
        x.forward_groups.push_back({t.target_group_arn.value_or(""), t.weight.value_or(1)});
      }
      if (const auto& st = a.forward_config->target_group_stickiness_config) {
        x.stickiness_enabled = st->enabled.value_or(false);
        x.stickiness_duration = st->duration_seconds.value_or(0);
      }
    }
    if (a.type == "forward" && x.forward_groups.empty() && !x.target_group_arn.empty()) {
      x.forward_groups.push_back({x.target_group_arn, 1});
    }
    if (a.type == "forward" && x.target_group_arn.empty() && x.forward_groups.size() == 1) {
      x.target_group_arn = x.forward_groups[0].arn;
    }
    if (a.redirect_config) {
      const v2::RedirectActionConfig& r = *a.redirect_config;
      x.redirect_protocol = r.protocol.value_or("#{protocol}");
      x.redirect_port = r.port.value_or("#{port}");
      x.redirect_host = r.host.value_or("#{host}");
      x.redirect_path = r.path.value_or("/#{path}");
      x.redirect_query = r.query.value_or("#{query}");
      x.redirect_status = r.status_code;
    } else if (a.type == "redirect") {
      throw protocol::aws_error(
          "ValidationError", {"A redirect configuration must be specified for redirect actions"});
    }
    if (a.fixed_response_config) {
      const v2::FixedResponseActionConfig& f = *a.fixed_response_config;
      x.fixed_status = f.status_code;
      x.has_fixed_content_type = f.content_type.has_value();
      x.fixed_content_type = f.content_type.value_or("");
      x.has_fixed_body = f.message_body.has_value();
      x.fixed_body = f.message_body.value_or("");
    } else if (a.type == "fixed-response") {
      throw protocol::aws_error(
          "ValidationError",
          {"A fixed-response configuration must be specified for fixed-response actions"});
    }
    out.push_back(std::move(x));
  }
  return out;
}

void v2_put_action(v2::ActionWriter& w, const ElbAction& a) {
  w.type(a.type);
  if (a.type == "forward" && !a.target_group_arn.empty()) w.target_group_arn(a.target_group_arn);
  if (a.order != 0) w.order(a.order);
  if (a.type == "redirect") {
    w.redirect_config([&](v2::RedirectActionConfigWriter& r) {
      r.protocol(a.redirect_protocol)
          .port(a.redirect_port)
          .host(a.redirect_host)
          .path(a.redirect_path)
          .query(a.redirect_query)
          .status_code(a.redirect_status);
    });
  }
  if (a.type == "fixed-response") {
    w.fixed_response_config([&](v2::FixedResponseActionConfigWriter& f) {
      if (a.has_fixed_body) f.message_body(a.fixed_body);
      f.status_code(a.fixed_status);
      if (a.has_fixed_content_type) f.content_type(a.fixed_content_type);
    });
  }
  if (a.type == "forward") {
    w.forward_config([&](v2::ForwardActionConfigWriter& f) {
      f.target_groups(a.forward_groups,
                      [](v2::TargetGroupTupleWriter& t, const ElbAction::WeightedGroup& g) {
                        t.target_group_arn(g.arn).weight(g.weight);
                      });
      f.target_group_stickiness_config([&](v2::TargetGroupStickinessConfigWriter& s) {
        s.enabled(a.stickiness_enabled);
        if (a.stickiness_duration != 0) s.duration_seconds(a.stickiness_duration);
      });
    });
  }
}

void v2_put_listener(v2::ListenerWriter& w, const ElbListener& l) {
  w.listener_arn(l.arn).load_balancer_arn(l.load_balancer_arn).port(l.port).protocol(l.protocol);
  if (!l.certificates.empty()) {
    w.certificates(l.certificates, [](v2::CertificateWriter& c, const std::string& arn) {
      c.certificate_arn(arn);
    });
  }
  if (!l.ssl_policy.empty()) w.ssl_policy(l.ssl_policy);
  w.default_actions(l.default_actions, v2_put_action);
  if (!l.alpn_policy.empty()) w.alpn_policy(l.alpn_policy);
}

ListenerSpec v2_listener_spec_of(const AsgCall& call, const auto& req, bool creating) {
  refuse_elb_member(req.mutual_authentication.has_value(), call, "MutualAuthentication");
  ListenerSpec spec;
  spec.protocol = req.protocol;
  spec.port = req.port;
  spec.ssl_policy = req.ssl_policy;
  if (!req.certificates.empty()) {
    std::vector<std::string> arns;
    for (const v2::Certificate& c : req.certificates) {
      if (!c.certificate_arn) {
        throw protocol::aws_error("ValidationError", {"A certificate ARN must be specified"});
      }
      arns.push_back(*c.certificate_arn);
    }
    spec.certificates = arns;
  }
  if (!req.alpn_policy.empty()) spec.alpn_policy = req.alpn_policy;
  if (creating || !req.default_actions.empty()) {
    spec.default_actions = v2_actions_of(call, req.default_actions);
  }
  return spec;
}

HttpResponse v2_create_listener(AsgCall& call) {
  const auto req = v2::CreateListenerRequest::decode(call.params);
  ListenerSpec spec = v2_listener_spec_of(call, req, true);
  spec.tags = elbv2_request_tags(req.tags);
  const ElbListener l = call.run([&](AsgPartition& part, core::TimeMs now) {
    return elb_model_of(call).create_listener(part, req.load_balancer_arn, spec, now);
  });
  v2::CreateListenerResponse out(call.ctx.request_id);
  out.listeners(
      [&](auto& list) { list.item([&](v2::ListenerWriter& w) { v2_put_listener(w, l); }); });
  return out.finish();
}

HttpResponse v2_modify_listener(AsgCall& call) {
  const auto req = v2::ModifyListenerRequest::decode(call.params);
  const ListenerSpec spec = v2_listener_spec_of(call, req, false);
  const ElbListener l = call.run([&](AsgPartition& part, core::TimeMs now) {
    return elb_model_of(call).modify_listener(part, req.listener_arn, spec, now);
  });
  v2::ModifyListenerResponse out(call.ctx.request_id);
  out.listeners(
      [&](auto& list) { list.item([&](v2::ListenerWriter& w) { v2_put_listener(w, l); }); });
  return out.finish();
}

HttpResponse v2_delete_listener(AsgCall& call) {
  const auto req = v2::DeleteListenerRequest::decode(call.params);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    elb_model_of(call).delete_listener(part, req.listener_arn, now);
  });
  return v2::DeleteListenerResponse(call.ctx.request_id).finish();
}

HttpResponse v2_describe_listeners(AsgCall& call) {
  const auto req = v2::DescribeListenersRequest::decode(call.params);
  protocol::check_page_size(kElbv2LbPages, req.page_size);
  const auto listeners = call.run([&](AsgPartition& part, core::TimeMs) {
    return elb_model_of(call).describe_listeners(part, req.load_balancer_arn, req.listener_arns);
  });
  const protocol::Page page =
      protocol::aws_page(kElbv2LbPages, req.page_size, req.marker, listeners.size());
  v2::DescribeListenersResponse out(call.ctx.request_id);
  out.listeners([&](auto& list) {
    for (std::size_t i = page.begin; i < page.end; ++i) {
      list.item([&](v2::ListenerWriter& w) { v2_put_listener(w, listeners[i]); });
    }
  });
  if (!page.next_token.empty()) out.next_marker(page.next_token);
  return out.finish();
}

template <class Response>
HttpResponse v2_listener_attributes_response(const AsgCall& call, const TagMap& attributes) {
  Response out(call.ctx.request_id);
  out.attributes(attributes, [](v2::ListenerAttributeWriter& w, const auto& kv) {
    w.key(kv.first).value(kv.second);
  });
  return out.finish();
}

HttpResponse v2_describe_listener_attributes(AsgCall& call) {
  const auto req = v2::DescribeListenerAttributesRequest::decode(call.params);
  const TagMap attributes = call.run([&](AsgPartition& part, core::TimeMs) {
    return elb_model_of(call).describe_listener_attributes(part, req.listener_arn);
  });
  return v2_listener_attributes_response<v2::DescribeListenerAttributesResponse>(call, attributes);
}

HttpResponse v2_modify_listener_attributes(AsgCall& call) {
  const auto req = v2::ModifyListenerAttributesRequest::decode(call.params);
  const TagList changes = elbv2_attribute_changes(req.attributes);
  const TagMap attributes = call.run([&](AsgPartition& part, core::TimeMs) {
    return elb_model_of(call).modify_listener_attributes(part, req.listener_arn, changes);
  });
  TagMap changed;
  for (const auto& kv : changes) changed[kv.first] = attributes.at(kv.first);
  return v2_listener_attributes_response<v2::ModifyListenerAttributesResponse>(call, changed);
}

// --- rules --------------------------------------------------------------------------------------

std::vector<ElbRuleCondition> v2_conditions_of(const AsgCall& call,
                                               const std::vector<v2::RuleCondition>& in) {
  std::vector<ElbRuleCondition> out;
  for (const v2::RuleCondition& c : in) {
    refuse_elb_member(!c.regex_values.empty(), call, "Conditions.member.N.RegexValues");
    ElbRuleCondition x;
    x.field = c.field.value_or("");
    x.values = c.values;
    auto take = [&](const std::vector<std::string>& values) {
      if (!values.empty()) x.values = values;
    };
    if (c.host_header_config) {
      refuse_elb_member(!c.host_header_config->regex_values.empty(), call,
                        "HostHeaderConfig.RegexValues");
      take(c.host_header_config->values);
    }
    if (c.path_pattern_config) {
      refuse_elb_member(!c.path_pattern_config->regex_values.empty(), call,
                        "PathPatternConfig.RegexValues");
      take(c.path_pattern_config->values);
    }
    if (c.http_header_config) {
      refuse_elb_member(!c.http_header_config->regex_values.empty(), call,
                        "HttpHeaderConfig.RegexValues");
      x.header_name = c.http_header_config->http_header_name.value_or("");
      take(c.http_header_config->values);
    }
    if (c.http_request_method_config) take(c.http_request_method_config->values);
    if (c.source_ip_config) {
      refuse_elb_member(c.source_ip_config->ip_address_type.has_value(), call,
                        "SourceIpConfig.IpAddressType");
      take(c.source_ip_config->values);
    }
    if (c.query_string_config) {
      for (const v2::QueryStringKeyValuePair& kv : c.query_string_config->values) {
        x.query.emplace_back(kv.key.value_or(""), kv.value.value_or(""));
      }
    }
    out.push_back(std::move(x));
  }
  return out;
}

void v2_put_condition(v2::RuleConditionWriter& w, const ElbRuleCondition& c) {
  w.field(c.field);
  if (c.field == "host-header" || c.field == "path-pattern") w.values(c.values);
  if (c.field == "host-header") {
    w.host_header_config([&](v2::HostHeaderConditionConfigWriter& h) { h.values(c.values); });
  } else if (c.field == "path-pattern") {
    w.path_pattern_config([&](v2::PathPatternConditionConfigWriter& h) { h.values(c.values); });
  } else if (c.field == "http-header") {
    w.http_header_config([&](v2::HttpHeaderConditionConfigWriter& h) {
      h.http_header_name(c.header_name).values(c.values);
    });
  } else if (c.field == "http-request-method") {
    w.http_request_method_config(
        [&](v2::HttpRequestMethodConditionConfigWriter& h) { h.values(c.values); });
  } else if (c.field == "source-ip") {
    w.source_ip_config([&](v2::SourceIpConditionConfigWriter& h) { h.values(c.values); });
  } else if (c.field == "query-string") {
    w.query_string_config([&](v2::QueryStringConditionConfigWriter& q) {
      q.values(c.query, [](v2::QueryStringKeyValuePairWriter& p, const auto& kv) {
        if (!kv.first.empty()) p.key(kv.first);
        p.value(kv.second);
      });
    });
  }
}

void v2_put_rule(v2::RuleWriter& w, const ElbRule& r) {
  w.rule_arn(r.arn).priority(r.priority);
  w.conditions(r.conditions, v2_put_condition);
  w.actions(r.actions, v2_put_action);
  w.is_default(r.is_default);
}

template <class Response>
HttpResponse v2_rules_response(const AsgCall& call, const std::vector<ElbRule>& rules) {
  Response out(call.ctx.request_id);
  out.rules(rules, v2_put_rule);
  return out.finish();
}

HttpResponse v2_create_rule(AsgCall& call) {
  const auto req = v2::CreateRuleRequest::decode(call.params);
  refuse_elb_member(!req.transforms.empty(), call, "Transforms");
  const auto conditions = v2_conditions_of(call, req.conditions);
  const auto actions = v2_actions_of(call, req.actions);
  const TagList tags = elbv2_request_tags(req.tags);
  const ElbRule rule = call.run([&](AsgPartition& part, core::TimeMs now) {
    return elb_model_of(call).create_rule(part, req.listener_arn, req.priority, conditions, actions,
                                          tags, now);
  });
  return v2_rules_response<v2::CreateRuleResponse>(call, {rule});
}

HttpResponse v2_modify_rule(AsgCall& call) {
  const auto req = v2::ModifyRuleRequest::decode(call.params);
  refuse_elb_member(!req.transforms.empty() || req.reset_transforms.has_value(), call,
                    "Transforms");
  std::optional<std::vector<ElbRuleCondition>> conditions;
  std::optional<std::vector<ElbAction>> actions;
  if (!req.conditions.empty()) conditions = v2_conditions_of(call, req.conditions);
  if (!req.actions.empty()) actions = v2_actions_of(call, req.actions);
  const ElbRule rule = call.run([&](AsgPartition& part, core::TimeMs now) {
    return elb_model_of(call).modify_rule(part, req.rule_arn, conditions, actions, now);
  });
  return v2_rules_response<v2::ModifyRuleResponse>(call, {rule});
}

HttpResponse v2_delete_rule(AsgCall& call) {
  const auto req = v2::DeleteRuleRequest::decode(call.params);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    elb_model_of(call).delete_rule(part, req.rule_arn, now);
  });
  return v2::DeleteRuleResponse(call.ctx.request_id).finish();
}

HttpResponse v2_describe_rules(AsgCall& call) {
  const auto req = v2::DescribeRulesRequest::decode(call.params);
  protocol::check_page_size(kElbv2LbPages, req.page_size);
  const auto rules = call.run([&](AsgPartition& part, core::TimeMs) {
    return elb_model_of(call).describe_rules(part, req.listener_arn, req.rule_arns);
  });
  const protocol::Page page =
      protocol::aws_page(kElbv2LbPages, req.page_size, req.marker, rules.size());
  v2::DescribeRulesResponse out(call.ctx.request_id);
  out.rules([&](auto& list) {
    for (std::size_t i = page.begin; i < page.end; ++i) {
      list.item([&](v2::RuleWriter& w) { v2_put_rule(w, rules[i]); });
    }
  });
  if (!page.next_token.empty()) out.next_marker(page.next_token);
  return out.finish();
}

HttpResponse v2_set_rule_priorities(AsgCall& call) {
  const auto req = v2::SetRulePrioritiesRequest::decode(call.params);
  std::vector<std::pair<std::string, long long>> set;
  for (const v2::RulePriorityPair& pair : req.rule_priorities) {
    if (!pair.rule_arn || !pair.priority) {
      throw protocol::aws_error("ValidationError",
                                {"Each rule priority pair needs a rule ARN and a priority"});
    }
    set.emplace_back(*pair.rule_arn, *pair.priority);
  }
  const auto rules = call.run([&](AsgPartition& part, core::TimeMs) {
    return elb_model_of(call).set_rule_priorities(part, set);
  });
  return v2_rules_response<v2::SetRulePrioritiesResponse>(call, rules);
}

}  // namespace

void register_elbv2_load_balancer_actions(AsgActionTable& t) {
  t["CreateLoadBalancer"] = create_load_balancer_v2;
  t["DescribeLoadBalancers"] = describe_load_balancers_v2;
  t["DeleteLoadBalancer"] = delete_load_balancer_v2;
  t["DescribeLoadBalancerAttributes"] = v2_describe_load_balancer_attributes;
  t["ModifyLoadBalancerAttributes"] = v2_modify_load_balancer_attributes;
  t["SetSecurityGroups"] = v2_set_security_groups;
  t["SetSubnets"] = v2_set_subnets;
  t["SetIpAddressType"] = v2_set_ip_address_type;
  t["DescribeCapacityReservation"] = v2_describe_capacity_reservation;
  t["CreateListener"] = v2_create_listener;
  t["DescribeListeners"] = v2_describe_listeners;
  t["ModifyListener"] = v2_modify_listener;
  t["DeleteListener"] = v2_delete_listener;
  t["DescribeListenerAttributes"] = v2_describe_listener_attributes;
  t["ModifyListenerAttributes"] = v2_modify_listener_attributes;
  t["CreateRule"] = v2_create_rule;
  t["DescribeRules"] = v2_describe_rules;
  t["ModifyRule"] = v2_modify_rule;
  t["DeleteRule"] = v2_delete_rule;
  t["SetRulePriorities"] = v2_set_rule_priorities;
}

}  // namespace cloudlife::autoscaling::api
