// Instance refresh: StartInstanceRefresh, DescribeInstanceRefreshes, CancelInstanceRefresh,
// RollbackInstanceRefresh. Decoding and encoding only; AsgModel (asg_refresh.cc) runs it.
#include <charconv>

#include "autoscaling/api/asg_call.h"
#include "autoscaling/api/paging.h"
#include "core/time.h"

namespace cloudlife::autoscaling::api {
namespace {

using protocol::HttpResponse;
using protocol::QueryParams;
using protocol::XmlWriter;

void refuse(const std::string& what) {
  throw core::ServiceError("ValidationError", what + " is not supported by cloudlife.");
}

RefreshStart decode_start(const QueryParams& p) {
  RefreshStart in;
  in.strategy = p.str_or("Strategy", "Rolling");
  const std::string pre = "Preferences.";
  RefreshPreferences& r = in.prefs;
  r.min_healthy = p.integer(pre + "MinHealthyPercentage").value_or(90);
  r.max_healthy = p.integer(pre + "MaxHealthyPercentage").value_or(100);
  r.instance_warmup = p.integer(pre + "InstanceWarmup");
  for (const std::string& c : p.list(pre + "CheckpointPercentages.member")) {
    long long v = 0;
    const auto [end, ec] = std::from_chars(c.data(), c.data() + c.size(), v);
    if (ec != std::errc() || end != c.data() + c.size()) {
      throw protocol::ParamError(protocol::ParamError::Kind::kNotInteger,
                                 p.full_name(pre + "CheckpointPercentages.member"), c);
    }
    r.checkpoints.push_back(v);
  }
  r.checkpoint_delay = p.integer(pre + "CheckpointDelay");
  r.skip_matching = p.boolean(pre + "SkipMatching").value_or(false);
  r.auto_rollback = p.boolean(pre + "AutoRollback").value_or(false);
  r.scale_in_protected = p.str_or(pre + "ScaleInProtectedInstances", "Ignore");
  r.standby = p.str_or(pre + "StandbyInstances", "Ignore");
  if (p.has_any(pre + "AlarmSpecification")) refuse("Preferences.AlarmSpecification");
  if (p.integer(pre + "BakeTime").value_or(0) != 0) refuse("Preferences.BakeTime");
  if (p.has_any("DesiredConfiguration.MixedInstancesPolicy") &&
      p.has_any("DesiredConfiguration.LaunchTemplate")) {
    throw core::ServiceError("ValidationError",
                             "If you specify a desired configuration, you must specify either a "
                             "LaunchTemplate or a MixedInstancesPolicy.");
  }
  if (p.has_any("DesiredConfiguration.MixedInstancesPolicy")) {
    in.desired_mixed = decode_group_settings(p.scope("DesiredConfiguration."));
  }
  if (p.has_any("DesiredConfiguration.LaunchTemplate")) {
    const std::string lt = "DesiredConfiguration.LaunchTemplate.";
    TemplateRef t;
    t.id = p.str_or(lt + "LaunchTemplateId", "");
    t.name = p.str_or(lt + "LaunchTemplateName", "");
    t.version = p.str_or(lt + "Version", "");
    if (t.id.empty() == t.name.empty()) {
      throw core::ServiceError("ValidationError",
                               "Valid requests must contain either LaunchTemplateId or "
                               "LaunchTemplateName.");
    }
    in.desired_template = t;
  }
  return in;
}

HttpResponse refresh_id_response(AsgCall& call, const std::string& id) {
  XmlWriter xml = call.begin();
  xml.leaf("InstanceRefreshId", id);
  return call.finish(xml);
}

HttpResponse start_instance_refresh(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  const RefreshStart in = decode_start(call.params);
  const std::string id = call.run([&](AsgPartition& part, core::TimeMs now) {
    return call.model.start_instance_refresh(part, group, in, now);
  });
  return refresh_id_response(call, id);
}

HttpResponse cancel_instance_refresh(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  const std::string id = call.run([&](AsgPartition& part, core::TimeMs now) {
    return call.model.cancel_instance_refresh(part, group, now);
  });
  return refresh_id_response(call, id);
}

HttpResponse rollback_instance_refresh(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  const std::string id = call.run([&](AsgPartition& part, core::TimeMs now) {
    return call.model.rollback_instance_refresh(part, group, now);
  });
  return refresh_id_response(call, id);
}

void write_progress(XmlWriter& xml, const char* element, long long percentage, long long left) {
  xml.open(element);
  xml.open("LivePoolProgress");
  xml.leaf("PercentageComplete", percentage).leaf("InstancesToUpdate", left);
  xml.close();
  xml.close();
}

void write_refresh(XmlWriter& xml, const std::string& group, const InstanceRefresh& r) {
  const long long left = static_cast<long long>(r.to_replace.size());
  const long long percentage = r.status == "Successful" || r.status == "RollbackSuccessful"
                                   ? 100
                                   : refresh_percentage(r.total, left);
  xml.leaf("InstanceRefreshId", r.id).leaf("AutoScalingGroupName", group);
  xml.leaf("Status", r.status).leaf_if("StatusReason", r.status_reason);
  xml.leaf("StartTime", core::format_iso8601_s(r.start));
  if (r.end) xml.leaf("EndTime", core::format_iso8601_s(*r.end));
  const bool rolling_back = r.rollback_start.has_value();
  xml.leaf("PercentageComplete", rolling_back ? r.percentage_on_rollback : percentage);
  xml.leaf("InstancesToUpdate", rolling_back ? 0LL : left);
  write_progress(xml, "ProgressDetails", rolling_back ? r.percentage_on_rollback : percentage,
                 rolling_back ? 0LL : left);
  const RefreshPreferences& p = r.prefs;
  xml.open("Preferences");
  xml.leaf("MinHealthyPercentage", p.min_healthy);
  if (p.instance_warmup) xml.leaf("InstanceWarmup", *p.instance_warmup);
  if (!p.checkpoints.empty()) {
    xml.open("CheckpointPercentages");
    for (long long c : p.checkpoints) xml.leaf("member", c);
    xml.close();
    xml.leaf("CheckpointDelay", p.checkpoint_delay.value_or(3600));
  }
  xml.leaf("SkipMatching", p.skip_matching).leaf("AutoRollback", p.auto_rollback);
  xml.leaf("ScaleInProtectedInstances", p.scale_in_protected);
  xml.leaf("StandbyInstances", p.standby);
  xml.leaf("MaxHealthyPercentage", p.max_healthy);
  xml.close();
  if (r.has_desired_configuration) {
    xml.open("DesiredConfiguration");
    if (r.desired_mixed) {
      write_mixed_policy(xml, *r.desired_mixed);
    } else {
      xml.open("LaunchTemplate");
      xml.leaf_if("LaunchTemplateId", r.desired_template_id);
      xml.leaf_if("LaunchTemplateName", r.desired_template_name);
      xml.leaf_if("Version", r.desired_template_version);
      xml.close();
    }
    xml.close();
  }
  if (rolling_back) {
    xml.open("RollbackDetails");
    xml.leaf("RollbackReason", r.rollback_reason);
    xml.leaf("RollbackStartTime", core::format_iso8601_s(*r.rollback_start));
    xml.leaf("PercentageCompleteOnRollback",
             r.status == "RollbackSuccessful" ? 100 : refresh_percentage(r.total, left));
    xml.leaf("InstancesToUpdateOnRollback", left);
    write_progress(xml, "ProgressDetailsOnRollback",
                   r.status == "RollbackSuccessful" ? 100 : refresh_percentage(r.total, left),
                   left);
    xml.close();
  }
  xml.leaf("Strategy", "Rolling");
}

HttpResponse describe_instance_refreshes(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  const auto ids = call.params.list("InstanceRefreshIds.member");
  const auto rows = call.run([&](AsgPartition& part, core::TimeMs) {
    return call.model.describe_instance_refreshes(part, group, ids);
  });
  const Page page = page_of(call.params, rows.size(), 50, 100);
  XmlWriter xml = call.begin();
  xml.open("InstanceRefreshes");
  for (std::size_t i = page.begin; i < page.end; ++i) {
    xml.open("member");
    write_refresh(xml, group, rows[i]);
    xml.close();
  }
  xml.close();
  xml.leaf_if("NextToken", page.next_token);
  return call.finish(xml);
}

}  // namespace

void register_refresh_actions(AsgActionTable& t) {
  t["StartInstanceRefresh"] = start_instance_refresh;
  t["DescribeInstanceRefreshes"] = describe_instance_refreshes;
  t["CancelInstanceRefresh"] = cancel_instance_refresh;
  t["RollbackInstanceRefresh"] = rollback_instance_refresh;
}

}  // namespace cloudlife::autoscaling::api
