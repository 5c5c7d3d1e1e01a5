// Instance refresh: StartInstanceRefresh, DescribeInstanceRefreshes, CancelInstanceRefresh,
// RollbackInstanceRefresh (decoded and encoded by the generated codec:
// codegen/autoscaling/groups_policies.ops). AsgModel (asg_refresh.cc) runs the refresh.
#include "autoscaling/api/asg_call.h"
#include "autoscaling/api/mixed_policy_codec.h"
#include "autoscaling_codec.h"
#include "protocol/aws_errors.h"
#include "protocol/aws_paging.h"

namespace cloudlife::autoscaling::api {
namespace {

namespace wire = codec::autoscaling;
using protocol::HttpResponse;

// DescribeInstanceRefreshes: MaxRecords 1-100, 50 by default.
constexpr protocol::PageRule kRefreshDescribePages{
    protocol::PageStyle::kQuery, "maxRecords", 50, 1, 100, "InvalidNextToken", "NextToken"};

void refuse_refresh_member(const std::string& what) {
  throw protocol::aws_error("ValidationError", {what + " is not supported by cloudlife."});
}

// Instance refresh times are described to the second, as AWS does.
core::TimeMs refresh_whole_seconds(core::TimeMs t) {
  return t / 1000 * 1000;
}

RefreshPreferences refresh_preferences_of(const std::optional<wire::RefreshPreferences>& given) {
  RefreshPreferences r;
  if (!given) return r;
  r.instance_warmup = given->instance_warmup;
  r.checkpoints.assign(given->checkpoint_percentages.begin(), given->checkpoint_percentages.end());
  r.checkpoint_delay = given->checkpoint_delay;
  r.skip_matching = given->skip_matching.value_or(false);
  r.auto_rollback = given->auto_rollback.value_or(false);
  r.scale_in_protected = given->scale_in_protected_instances.value_or("Ignore");
  r.standby = given->standby_instances.value_or("Ignore");
  if (given->alarm_specification) refuse_refresh_member("Preferences.AlarmSpecification");
  if (given->bake_time.value_or(0) != 0) refuse_refresh_member("Preferences.BakeTime");
  return r;
}

RefreshStart refresh_start_of(const wire::StartInstanceRefreshRequest& req) {
  RefreshStart in;
  in.strategy = req.strategy.value_or("Rolling");
  in.prefs = refresh_preferences_of(req.preferences);
  if (req.preferences) {
    in.given_min_healthy = req.preferences->min_healthy_percentage;
    in.given_max_healthy = req.preferences->max_healthy_percentage;
  }
  if (!req.desired_configuration) return in;
  const wire::DesiredConfiguration& desired = *req.desired_configuration;
  if (desired.mixed_instances_policy && desired.launch_template) {
    throw protocol::aws_error("ValidationError",
                              {"If you specify a desired configuration, you must specify either a "
                               "LaunchTemplate or a MixedInstancesPolicy."});
  }
  if (desired.mixed_instances_policy) {
    GroupSettings mixed;
    apply_mixed_policy(*desired.mixed_instances_policy, mixed);
    in.desired_mixed = std::move(mixed);
  }
  if (desired.launch_template) {
    const TemplateRef t = template_ref_of(desired.launch_template);
    if (t.id.empty() == t.name.empty()) {
      throw protocol::aws_error("ValidationError",
                                {"Valid requests must contain either LaunchTemplateId or "
                                 "LaunchTemplateName."});
    }
    in.desired_template = t;
  }
  return in;
}

HttpResponse start_instance_refresh(AsgCall& call) {
  const auto req = wire::StartInstanceRefreshRequest::decode(call.params);
  const RefreshStart in = refresh_start_of(req);
  const std::string id = call.run([&](AsgPartition& part, core::TimeMs now) {
    return call.model.start_instance_refresh(part, req.auto_scaling_group_name, in, now);
  });
  wire::StartInstanceRefreshResponse out(call.ctx.request_id);
  out.instance_refresh_id(id);
  return out.finish();
}

HttpResponse cancel_instance_refresh(AsgCall& call) {
  const auto req = wire::CancelInstanceRefreshRequest::decode(call.params);
  const std::string id = call.run([&](AsgPartition& part, core::TimeMs now) {
    return call.model.cancel_instance_refresh(part, req.auto_scaling_group_name,
                                              req.wait_for_transitioning_instances.value_or(true),
                                              now);
  });
  wire::CancelInstanceRefreshResponse out(call.ctx.request_id);
  out.instance_refresh_id(id);
  return out.finish();
}

HttpResponse rollback_instance_refresh(AsgCall& call) {
  const auto req = wire::RollbackInstanceRefreshRequest::decode(call.params);
  const std::string id = call.run([&](AsgPartition& part, core::TimeMs now) {
    return call.model.rollback_instance_refresh(part, req.auto_scaling_group_name, now);
  });
  wire::RollbackInstanceRefreshResponse out(call.ctx.request_id);
  out.instance_refresh_id(id);
  return out.finish();
}

void put_refresh_progress(wire::InstanceRefreshProgressDetailsWriter& w, long long percentage,
                          long long left) {
  w.live_pool_progress([&](wire::InstanceRefreshLivePoolProgressWriter& p) {
    p.percentage_complete(percentage).instances_to_update(left);
  });
}

void put_refresh_preferences(wire::RefreshPreferencesWriter& w, const RefreshPreferences& p) {
  w.min_healthy_percentage(p.min_healthy);
  if (p.instance_warmup) w.instance_warmup(*p.instance_warmup);
  if (!p.checkpoints.empty()) {
    w.checkpoint_percentages(p.checkpoints).checkpoint_delay(p.checkpoint_delay.value_or(3600));
  }
  w.skip_matching(p.skip_matching)
      .auto_rollback(p.auto_rollback)
      .scale_in_protected_instances(p.scale_in_protected)
      .standby_instances(p.standby)
      .max_healthy_percentage(p.max_healthy);
}

void put_refresh_desired(wire::DesiredConfigurationWriter& w, const InstanceRefresh& r) {
  if (r.desired_mixed) {
    w.mixed_instances_policy(
        [&](wire::MixedInstancesPolicyWriter& p) { put_mixed_policy(p, *r.desired_mixed); });
    return;
  }
  w.launch_template([&](wire::LaunchTemplateSpecificationWriter& t) {
    put_template_ref(
        t, TemplateRef{r.desired_template_id, r.desired_template_name, r.desired_template_version});
  });
}

void put_refresh_rollback(wire::RollbackDetailsWriter& w, const InstanceRefresh& r,
                          long long left) {
  const long long percentage =
      r.status == "RollbackSuccessful" ? 100 : refresh_percentage(r.total, left);
  w.rollback_reason(r.rollback_reason)
      .rollback_start_time(refresh_whole_seconds(*r.rollback_start))
      .percentage_complete_on_rollback(percentage)
      .instances_to_update_on_rollback(left)
      .progress_details_on_rollback([&](wire::InstanceRefreshProgressDetailsWriter& p) {
        put_refresh_progress(p, percentage, left);
      });
}

void put_refresh(wire::InstanceRefreshWriter& w, const std::string& group,
                 const InstanceRefresh& r) {
  const long long left = static_cast<long long>(r.to_replace.size());
  const long long percentage = r.status == "Successful" || r.status == "RollbackSuccessful"
                                   ? 100
                                   : refresh_percentage(r.total, left);
  w.instance_refresh_id(r.id).auto_scaling_group_name(group).status(r.status);
  if (!r.status_reason.empty()) w.status_reason(r.status_reason);
  w.start_time(refresh_whole_seconds(r.start));
  if (r.end) w.end_time(refresh_whole_seconds(*r.end));
  const bool rolling_back = r.rollback_start.has_value();
  const long long shown_percentage = rolling_back ? r.percentage_on_rollback : percentage;
  const long long shown_left = rolling_back ? 0LL : left;
  w.percentage_complete(shown_percentage)
      .instances_to_update(shown_left)
      .progress_details([&](wire::InstanceRefreshProgressDetailsWriter& p) {
        put_refresh_progress(p, shown_percentage, shown_left);
      })
      .preferences([&](wire::RefreshPreferencesWriter& p) { put_refresh_preferences(p, r.prefs); });
  if (r.has_desired_configuration) {
    w.desired_configuration(
        [&](wire::DesiredConfigurationWriter& d) { put_refresh_desired(d, r); });
  }
  if (rolling_back) {
    w.rollback_details([&](wire::RollbackDetailsWriter& d) { put_refresh_rollback(d, r, left); });
  }
  w.strategy("Rolling");
}

HttpResponse describe_instance_refreshes(AsgCall& call) {
  const auto req = wire::DescribeInstanceRefreshesRequest::decode(call.params);
  const auto rows = call.run([&](AsgPartition& part, core::TimeMs) {
    return call.model.describe_instance_refreshes(part, req.auto_scaling_group_name,
                                                  req.instance_refresh_ids);
  });
  const protocol::Page page =
      protocol::aws_page(kRefreshDescribePages, req.max_records, req.next_token, rows.size());
  wire::DescribeInstanceRefreshesResponse out(call.ctx.request_id);
  out.instance_refreshes([&](auto& list) {
    for (std::size_t i = page.begin; i < page.end; ++i) {
      list.item([&](wire::InstanceRefreshWriter& w) {
        put_refresh(w, req.auto_scaling_group_name, rows[i]);
      });
    }
  });
  if (!page.next_token.empty()) out.next_token(page.next_token);
  return out.finish();
}

}  // namespace

void register_refresh_actions(AsgActionTable& t) {
  t["StartInstanceRefresh"] = start_instance_refresh;
  t["DescribeInstanceRefreshes"] = describe_instance_refreshes;
  t["CancelInstanceRefresh"] = cancel_instance_refresh;
  t["RollbackInstanceRefresh"] = rollback_instance_refresh;
}

}  // namespace cloudlife::autoscaling::api
