// The load balancers, target groups and traffic sources attached to groups: Attach/Detach/
// DescribeLoadBalancers, Attach/Detach/DescribeLoadBalancerTargetGroups and Attach/Detach/
// DescribeTrafficSources, decoded and encoded by the generated codec
// (codegen/autoscaling/hooks_tags_pools.ops).
// A traffic source is a Classic ELB name or an ELBv2 target group ARN: an identifier starting
// with "arn:" is a target group, anything else a load balancer.
#include <algorithm>

#include "autoscaling/api/misc_actions.h"
#include "autoscaling/traffic_source_type.h"
#include "autoscaling_codec.h"
#include "protocol/aws_errors.h"
#include "protocol/aws_paging.h"

namespace cloudlife::autoscaling::api {
namespace {

namespace wire = codec::autoscaling;
using protocol::HttpResponse;

// DescribeLoadBalancers / DescribeLoadBalancerTargetGroups: 100 a page (MaxRecords 1..100);
// DescribeTrafficSources: 50 (1..50).
constexpr protocol::PageRule kAttachedBalancerPages{
    protocol::PageStyle::kQuery, "maxRecords", 100, 1, 100, "InvalidNextToken", "NextToken"};
constexpr protocol::PageRule kTrafficSourcePages{
    protocol::PageStyle::kQuery, "maxRecords", 50, 1, 50, "InvalidNextToken", "NextToken"};

constexpr std::string_view kClassicSourceType = "elb";
constexpr std::string_view kTargetGroupSourceType = "elbv2";

// What a group has attached, read under the engine lock.
struct GroupAttachments {
  std::vector<std::string> load_balancers;
  std::vector<std::string> target_groups;
  std::string state;  // of every attachment: InService once a member is in service, else Added
};

GroupAttachments attachments_of(AsgCall& call, const std::string& group) {
  return call.run([&](AsgPartition& part, core::TimeMs) {
    const Group& g = call.model.require_group(part, group);
    const bool in_service = std::any_of(g.members.begin(), g.members.end(),
                                        [](const Member& m) { return m.state == "InService"; });
    return GroupAttachments{g.load_balancers, g.target_groups, in_service ? "InService" : "Added"};
  });
}

// Traffic sources split into Classic load balancer names and target group ARNs.
struct SplitTrafficSources {
  std::vector<std::string> load_balancers;
  std::vector<std::string> target_groups;
};

SplitTrafficSources split_traffic_sources(const std::vector<wire::TrafficSourceIdentifier>& in) {
  SplitTrafficSources out;
  for (const wire::TrafficSourceIdentifier& ts : in) {
    const bool is_tg =
        traffic_source_kind(ts.identifier, ts.type) == TrafficSourceKind::kTargetGroup;
    (is_tg ? out.target_groups : out.load_balancers).push_back(ts.identifier);
  }
  return out;
}

HttpResponse attach_load_balancers(AsgCall& call) {
  const auto req = wire::AttachLoadBalancersRequest::decode(call.params);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.attach_load_balancers(part, req.auto_scaling_group_name, req.load_balancer_names,
                                     now);
  });
  return wire::AttachLoadBalancersResponse(call.ctx.request_id).finish();
}

HttpResponse detach_load_balancers(AsgCall& call) {
  const auto req = wire::DetachLoadBalancersRequest::decode(call.params);
  call.run([&](AsgPartition& part, core::TimeMs) {
    call.model.detach_load_balancers(part, req.auto_scaling_group_name, req.load_balancer_names);
  });
  return wire::DetachLoadBalancersResponse(call.ctx.request_id).finish();
}

HttpResponse attach_load_balancer_target_groups(AsgCall& call) {
  const auto req = wire::AttachLoadBalancerTargetGroupsRequest::decode(call.params);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.attach_target_groups(part, req.auto_scaling_group_name, req.target_group_ar_ns, now);
  });
  return wire::AttachLoadBalancerTargetGroupsResponse(call.ctx.request_id).finish();
}

HttpResponse detach_load_balancer_target_groups(AsgCall& call) {
  const auto req = wire::DetachLoadBalancerTargetGroupsRequest::decode(call.params);
  call.run([&](AsgPartition& part, core::TimeMs) {
    call.model.detach_target_groups(part, req.auto_scaling_group_name, req.target_group_ar_ns);
  });
  return wire::DetachLoadBalancerTargetGroupsResponse(call.ctx.request_id).finish();
}

HttpResponse attach_traffic_sources(AsgCall& call) {
  const auto req = wire::AttachTrafficSourcesRequest::decode(call.params);
  if (req.skip_zonal_shift_validation.value_or(false)) {  // no zonal shift is modelled
    throw protocol::aws_error("ValidationError",
                              {"SkipZonalShiftValidation is not supported by cloudlife "
                               "(docs/supported.md, \"Parameters refused rather than ignored\")."});
  }
  const SplitTrafficSources sources = split_traffic_sources(req.traffic_sources);
  const std::string& group = req.auto_scaling_group_name;
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.require_group(part, group);
    // Both kinds are checked before either is attached, so a bad source attaches nothing.
    AsgModel::require_known_load_balancers(part, sources.load_balancers);
    AsgModel::require_known_target_groups(part, sources.target_groups);
    if (!sources.load_balancers.empty()) {
      call.model.attach_load_balancers(part, group, sources.load_balancers, now);
    }
    if (!sources.target_groups.empty()) {
      call.model.attach_target_groups(part, group, sources.target_groups, now);
    }
  });
  return wire::AttachTrafficSourcesResponse(call.ctx.request_id).finish();
}

HttpResponse detach_traffic_sources(AsgCall& call) {
  const auto req = wire::DetachTrafficSourcesRequest::decode(call.params);
  const SplitTrafficSources sources = split_traffic_sources(req.traffic_sources);
  call.run([&](AsgPartition& part, core::TimeMs) {
    call.model.detach_load_balancers(part, req.auto_scaling_group_name, sources.load_balancers);
    call.model.detach_target_groups(part, req.auto_scaling_group_name, sources.target_groups);
  });
  return wire::DetachTrafficSourcesResponse(call.ctx.request_id).finish();
}

HttpResponse describe_attached_load_balancers(AsgCall& call) {
  const auto req = wire::DescribeLoadBalancersRequest::decode(call.params);
  const GroupAttachments a = attachments_of(call, req.auto_scaling_group_name);
  const protocol::Page page = protocol::aws_page(kAttachedBalancerPages, req.max_records,
                                                 req.next_token, a.load_balancers.size());
  wire::DescribeLoadBalancersResponse out(call.ctx.request_id);
  out.load_balancers([&](wire::LoadBalancerStatesWriter& list) {
    for (std::size_t i = page.begin; i < page.end; ++i) {
      list.item([&](wire::LoadBalancerStateWriter& w) {
        w.load_balancer_name(a.load_balancers[i]).state(a.state);
      });
    }
  });
  if (!page.next_token.empty()) out.next_token(page.next_token);
  return out.finish();
}

HttpResponse describe_attached_target_groups(AsgCall& call) {
  const auto req = wire::DescribeLoadBalancerTargetGroupsRequest::decode(call.params);
  const GroupAttachments a = attachments_of(call, req.auto_scaling_group_name);
  const protocol::Page page = protocol::aws_page(kAttachedBalancerPages, req.max_records,
                                                 req.next_token, a.target_groups.size());
  wire::DescribeLoadBalancerTargetGroupsResponse out(call.ctx.request_id);
  out.load_balancer_target_groups([&](wire::LoadBalancerTargetGroupStatesWriter& list) {
    for (std::size_t i = page.begin; i < page.end; ++i) {
      list.item([&](wire::LoadBalancerTargetGroupStateWriter& w) {
        w.load_balancer_target_group_arn(a.target_groups[i]).state(a.state);
      });
    }
  });
  if (!page.next_token.empty()) out.next_token(page.next_token);
  return out.finish();
}

HttpResponse describe_traffic_sources(AsgCall& call) {
  const auto req = wire::DescribeTrafficSourcesRequest::decode(call.params);
  const std::string only_type = req.traffic_source_type.value_or("");
  const GroupAttachments a = attachments_of(call, req.auto_scaling_group_name);
  struct TrafficSourceRow {
    std::string_view identifier, type;
  };
  std::vector<TrafficSourceRow> rows;
  if (only_type.empty() || only_type == kClassicSourceType) {
    for (const std::string& lb : a.load_balancers) rows.push_back({lb, kClassicSourceType});
  }
  if (only_type.empty() || only_type == kTargetGroupSourceType) {
    for (const std::string& tg : a.target_groups) rows.push_back({tg, kTargetGroupSourceType});
  }
  const protocol::Page page =
      protocol::aws_page(kTrafficSourcePages, req.max_records, req.next_token, rows.size());
  wire::DescribeTrafficSourcesResponse out(call.ctx.request_id);
  out.traffic_sources([&](wire::TrafficSourceStatesWriter& list) {
    for (std::size_t i = page.begin; i < page.end; ++i) {
      const TrafficSourceRow& row = rows[i];
      list.item([&](wire::TrafficSourceStateWriter& w) {
        w.traffic_source(row.identifier).state(a.state).identifier(row.identifier).type(row.type);
      });
    }
  });
  if (!page.next_token.empty()) out.next_token(page.next_token);
  return out.finish();
}

}  // namespace

void register_traffic_source_actions(AsgActionTable& t) {
  t["AttachLoadBalancers"] = attach_load_balancers;
  t["DetachLoadBalancers"] = detach_load_balancers;
  t["DescribeLoadBalancers"] = describe_attached_load_balancers;
  t["AttachLoadBalancerTargetGroups"] = attach_load_balancer_target_groups;
  t["DetachLoadBalancerTargetGroups"] = detach_load_balancer_target_groups;
  t["DescribeLoadBalancerTargetGroups"] = describe_attached_target_groups;
  t["AttachTrafficSources"] = attach_traffic_sources;
  t["DetachTrafficSources"] = detach_traffic_sources;
  t["DescribeTrafficSources"] = describe_traffic_sources;
}

}  // namespace cloudlife::autoscaling::api
