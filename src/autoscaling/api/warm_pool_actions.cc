// PutWarmPool, DescribeWarmPool and DeleteWarmPool, decoded and encoded by the generated codec
// (codegen/autoscaling/hooks_tags_pools.ops).
#include "autoscaling/api/misc_actions.h"
#include "autoscaling_codec.h"
#include "protocol/aws_paging.h"

namespace cloudlife::autoscaling::api {
namespace {

namespace wire = codec::autoscaling;
using protocol::HttpResponse;

// DescribeWarmPool: 50 instances a page, MaxRecords 1..50.
constexpr protocol::PageRule kWarmPoolPages{protocol::PageStyle::kQuery, "maxRecords", 50, 1, 50,
                                            "InvalidNextToken",          "NextToken"};

HttpResponse put_warm_pool(AsgCall& call) {
  const auto req = wire::PutWarmPoolRequest::decode(call.params);
  WarmPool pool;
  if (req.max_group_prepared_capacity) {
    pool.max_group_prepared_capacity = *req.max_group_prepared_capacity;
  }
  pool.min_size = req.min_size.value_or(0);
  pool.pool_state = req.pool_state.value_or("Stopped");
  pool.reuse_on_scale_in =
      req.instance_reuse_policy && req.instance_reuse_policy->reuse_on_scale_in.value_or(false);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.put_warm_pool(part, req.auto_scaling_group_name, pool, now);
  });
  return wire::PutWarmPoolResponse(call.ctx.request_id).finish();
}

void put_warm_pool_configuration(wire::WarmPoolConfigurationWriter& w, const WarmPool& pool) {
  if (pool.max_group_prepared_capacity) {
    w.max_group_prepared_capacity(*pool.max_group_prepared_capacity);
  }
  w.min_size(pool.min_size).pool_state(pool.pool_state);
  if (pool.pending_delete) w.status("PendingDelete");
  w.instance_reuse_policy(
      [&](wire::InstanceReusePolicyWriter& r) { r.reuse_on_scale_in(pool.reuse_on_scale_in); });
}

void put_warm_pool_instance(wire::InstanceWriter& w, const Member& m) {
  w.instance_id(m.instance_id)
      .instance_type(m.instance_type)
      .availability_zone(m.zone)
      .lifecycle_state(m.state)
      .health_status(m.health);
  if (!m.launch_configuration.empty()) w.launch_configuration_name(m.launch_configuration);
  if (const auto& lt = m.launch_template) {
    w.launch_template([&](wire::LaunchTemplateSpecificationWriter& t) {
      if (!lt->id.empty()) t.launch_template_id(lt->id);
      if (!lt->name.empty()) t.launch_template_name(lt->name);
      if (!lt->version.empty()) t.version(lt->version);
    });
  }
  w.protected_from_scale_in(m.protected_from_scale_in);
  if (!m.weighted_capacity.empty()) w.weighted_capacity(m.weighted_capacity);
}

HttpResponse describe_warm_pool(AsgCall& call) {
  const auto req = wire::DescribeWarmPoolRequest::decode(call.params);
  struct WarmPoolView {
    std::optional<WarmPool> pool;
    std::vector<Member> members;
  };
  const WarmPoolView r = call.run([&](AsgPartition& part, core::TimeMs) {
    Group& g = call.model.require_group(part, req.auto_scaling_group_name);
    WarmPoolView out;
    out.pool = g.warm_pool;
    for (const Member& m : g.members) {
      if (m.warm) out.members.push_back(m);
    }
    return out;
  });
  const protocol::Page page =
      protocol::aws_page(kWarmPoolPages, req.max_records, req.next_token, r.members.size());
  wire::DescribeWarmPoolResponse out(call.ctx.request_id);
  if (r.pool) {
    out.warm_pool_configuration(
        [&](wire::WarmPoolConfigurationWriter& w) { put_warm_pool_configuration(w, *r.pool); });
  }
  out.instances([&](wire::InstancesWriter& list) {
    for (std::size_t i = page.begin; i < page.end; ++i) {
      list.item([&](wire::InstanceWriter& w) { put_warm_pool_instance(w, r.members[i]); });
    }
  });
  if (!page.next_token.empty()) out.next_token(page.next_token);
  return out.finish();
}

HttpResponse delete_warm_pool(AsgCall& call) {
  const auto req = wire::DeleteWarmPoolRequest::decode(call.params);
  const bool force = req.force_delete.value_or(false);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.delete_warm_pool(part, req.auto_scaling_group_name, force, now);
  });
  return wire::DeleteWarmPoolResponse(call.ctx.request_id).finish();
}

}  // namespace

void register_warm_pool_actions(AsgActionTable& t) {
  t["PutWarmPool"] = put_warm_pool;
  t["DescribeWarmPool"] = describe_warm_pool;
  t["DeleteWarmPool"] = delete_warm_pool;
}

}  // namespace cloudlife::autoscaling::api
