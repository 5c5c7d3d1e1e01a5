// Instance refresh (Rolling) on the virtual clock. A refresh is a chain of steps, each an event:
// a step waits while members are launching or terminating, while replacements are inside their
// warm-up (InstanceWarmup, else the group's DefaultInstanceWarmup, else its health check grace
// period) and while a checkpoint's delay runs; otherwise it replaces the next batch
// (refresh_batch): with MaxHealthyPercentage 100 it terminates old instances and the reconcile
// pass launches their replacements; above 100 it first runs replacements beyond the desired
// capacity (Group::refresh_surge), then terminates as many old ones. A replacement that cannot
// launch fails the refresh, or rolls it back with AutoRollback. The group takes the desired
// configuration when the refresh starts; a rollback puts the previous one back and replaces what
// was launched with the new one.
#include <algorithm>

#include "autoscaling/activity_text.h"
#include "autoscaling/asg_model.h"
#include "core/ids.h"

namespace cloudlife::autoscaling {
namespace {

constexpr core::TimeMs kPoll = 5 * core::kSecond;  // re-check while members are transitional

bool transitional(const Member& m) {
  return !m.warm && m.state != "InService" && m.state != "Standby";
}

std::string taken_out_for_refresh(core::TimeMs t) {
  return text::at(t) + " an instance was taken out of service in response to an instance refresh.";
}

}  // namespace

InstanceRefresh* AsgModel::active_refresh(Group& g) {
  for (InstanceRefresh& r : g.refreshes) {
    if (r.active()) return &r;
  }
  return nullptr;
}

bool AsgModel::matches_group_configuration(AsgPartition& p, const Group& g, const Member& m) {
  if (!g.launch_configuration.empty()) return m.launch_configuration == g.launch_configuration;
  if (!g.launch_template || !m.launch_template) return false;
  ec2::Ec2Partition& ep = ec2_partition(p);
  std::string id = g.launch_template->id;
  if (id.empty()) {
    if (const ec2::LaunchTemplate* lt = ep.find_template_by_name(g.launch_template->name)) {
      id = lt->id;
    }
  }
  if (m.launch_template->id != id) return false;
  auto it = ep.launch_templates.find(id);
  if (it == ep.launch_templates.end()) return false;
  const std::string version =
      g.launch_template->version.empty() ? "$Default" : g.launch_template->version;
  const ec2::LaunchTemplateVersion* v = it->second.resolve(version);
  if (!v || std::to_string(v->number) != m.launch_template->version) return false;
  // A mixed instances group also wants the member's type among its overrides.
  if (!g.mixed_instances || g.overrides.empty()) return true;
  const ec2::InstanceTypeInfo* type = ec2::find_instance_type(m.instance_type);
  return std::any_of(g.overrides.begin(), g.overrides.end(), [&](const LaunchOverride& o) {
    return o.requirements ? type && ec2::meets_requirements(*type, *o.requirements)
                          : o.instance_type == m.instance_type;
  });
}

std::set<std::string> AsgModel::refresh_targets(AsgPartition& p, Group& g,
                                                const RefreshPreferences& prefs,
                                                bool skip_matching) {
  std::set<std::string> out;
  for (const Member& m : g.members) {
    if (m.warm || m.state.starts_with("Terminating") || m.state.starts_with("Detach")) continue;
    if (m.state == "Standby" && prefs.standby == "Ignore") continue;
    if (m.protected_from_scale_in && prefs.scale_in_protected == "Ignore") continue;
    if (skip_matching && matches_group_configuration(p, g, m)) continue;
    out.insert(m.instance_id);
  }
  return out;
}

std::string AsgModel::start_instance_refresh(AsgPartition& p, const std::string& group,
                                             const RefreshStart& in, core::TimeMs now) {
  Group& g = require_group(p, group);
  RefreshPreferences prefs = in.prefs;
  prefs.min_healthy = in.given_min_healthy.value_or(
      g.maintenance && g.maintenance->min_healthy ? *g.maintenance->min_healthy : 90);
  prefs.max_healthy = in.given_max_healthy.value_or(
      g.maintenance && g.maintenance->max_healthy ? *g.maintenance->max_healthy : 100);
  if (in.strategy != "Rolling") {
    throw validation_error("Strategy " + in.strategy + " is not supported by cloudlife (Rolling).");
  }
  if (const std::string problem = refresh_preferences_problem(prefs); !problem.empty()) {
    throw validation_error(problem);
  }
  if (active_refresh(g)) {
    throw core::ServiceError("InstanceRefreshInProgress",
                             "An Instance Refresh is already in progress and blocks the execution "
                             "of this Instance Refresh.");
  }
  if ((in.desired_template || in.desired_mixed) && !g.launch_template) {
    throw validation_error(
        "A launch template in DesiredConfiguration requires the Auto Scaling "
        "group to use a launch template.");
  }
  // Checked whole before anything changes.
  std::optional<MixedPolicy> mixed;
  if (in.desired_mixed) mixed = resolve_mixed_policy(p, *in.desired_mixed);
  InstanceRefresh r;
  r.id = core::uuid();
  r.start = now;
  r.prefs = prefs;
  r.previous_launch_configuration = g.launch_configuration;
  if (g.launch_template) {
    r.had_previous_template = true;
    r.previous_template_id = g.launch_template->id;
    r.previous_template_name = g.launch_template->name;
    r.previous_template_version = g.launch_template->version;
  }
  if (in.desired_template) {
    ec2::Ec2Partition& ep = ec2_partition(p);
    TemplateRef t = *in.desired_template;
    const ec2::LaunchTemplate* lt = t.id.empty() ? ep.find_template_by_name(t.name) : nullptr;
    if (!t.id.empty()) {
      auto it = ep.launch_templates.find(t.id);
      lt = it == ep.launch_templates.end() ? nullptr : &it->second;
    }
    if (!lt) {
      throw validation_error("The specified launch template " + (t.id.empty() ? t.name : t.id) +
                             " does not exist.");
    }
    if (!lt->resolve(t.version.empty() ? "$Default" : t.version)) {
      throw validation_error("The specified launch template version " + t.version +
                             " does not exist.");
    }
    r.has_desired_configuration = true;
    r.desired_template_id = t.id;
    r.desired_template_name = t.name;
    r.desired_template_version = t.version;
    t.id = lt->id;
    t.name = lt->name;
    g.launch_template = t;
  }
  if (mixed) {
    r.has_desired_configuration = true;
    MixedPolicy given = *mixed;
    given.launch_template = *in.desired_mixed->launch_template;  // described as given
    r.desired_mixed = std::make_shared<const MixedPolicy>(std::move(given));
    if (g.mixed_instances) {
      r.previous_mixed = std::make_shared<const MixedPolicy>(
          MixedPolicy{*g.launch_template, g.overrides, g.distribution});
    }
    g.launch_template = mixed->launch_template;
    g.mixed_instances = true;
    g.overrides = mixed->overrides;
    g.distribution = mixed->distribution;
  }
  r.to_replace = refresh_targets(p, g, r.prefs, r.prefs.skip_matching);
  r.total = static_cast<long long>(r.to_replace.size());
  g.refreshes.push_back(std::move(r));
  InstanceRefresh& stored = g.refreshes.back();
  arm_refresh(p, g, stored, now);
  return stored.id;
}

void AsgModel::arm_refresh(AsgPartition& p, const Group& g, InstanceRefresh& r, core::TimeMs at) {
  if (r.event && engine_.scheduler().is_pending(r.event)) engine_.scheduler().cancel(r.event);
  r.event =
      engine_.scheduler().schedule(at, core::TimedEvent{refresh_step_kind_, p.key, g.name, {}});
}

void AsgModel::step_refresh(core::LockProof held, const core::PartitionKey& key,
                            const std::string& group, core::TimeMs now) {
  AsgPartition* p = partitions_.find(held, key);
  Group* g = p ? p->find_group(group) : nullptr;
  InstanceRefresh* r = g ? active_refresh(*g) : nullptr;
  if (!r) return;
  r->event = 0;
  step_refresh_phase(*p, *g, *r, now);
}

void AsgModel::finish_refresh(Group& g, InstanceRefresh& r, const std::string& status,
                              const std::string& reason, core::TimeMs now) {
  r.status = status;
  r.status_reason = reason;
  r.end = now;
  r.checkpoint_until.reset();
  if (r.event) engine_.scheduler().cancel(r.event);
  r.event = 0;
  g.refresh_surge = 0;
}

void AsgModel::step_refresh_phase(AsgPartition& p, Group& g, InstanceRefresh& r, core::TimeMs now) {
  if (r.status == "Pending") r.status = "InProgress";
  const bool any_transitional = std::any_of(g.members.begin(), g.members.end(), transitional);
  if (r.status == "Cancelling") {
    if (any_transitional) return arm_refresh(p, g, r, now + kPoll);
    return finish_refresh(g, r, "Cancelled", "The instance refresh was cancelled.", now);
  }
  if (g.is_suspended("InstanceRefresh") || g.is_suspended("Launch") ||
      g.is_suspended("Terminate")) {
    r.status_reason = "Waiting for suspended processes to be resumed.";
    return arm_refresh(p, g, r, now + kPoll);
  }
  // Members that left the group by other means count as replaced.
  std::erase_if(r.to_replace, [&](const std::string& id) { return g.find_member(id) == nullptr; });
  if (any_transitional) return arm_refresh(p, g, r, now + kPoll);
  const long long warmup = r.prefs.instance_warmup.value_or(
      g.default_instance_warmup.value_or(g.health_check_grace_period));
  core::TimeMs warm_until = 0;
  for (const Member& m : g.members) {
    if (m.state == "InService" && !r.to_replace.contains(m.instance_id)) {
      warm_until = std::max<core::TimeMs>(warm_until, m.in_service_at + warmup * core::kSecond);
    }
  }
  if (warm_until > now) {
    r.status_reason = "Waiting for instances to warm up before continuing.";
    return arm_refresh(p, g, r, warm_until);
  }
  if (r.surged) {  // the replacements beyond desired are in service: retire as many old ones
    replace_batch(p, g, r, now);
    return arm_refresh(p, g, r, now + kPoll);
  }
  if (r.checkpoint_until && now < *r.checkpoint_until)
    return arm_refresh(p, g, r, *r.checkpoint_until);
  r.checkpoint_until.reset();
  const long long percentage =
      refresh_percentage(r.total, static_cast<long long>(r.to_replace.size()));
  const bool rolling_back = r.status == "RollbackInProgress";
  if (!rolling_back && r.next_checkpoint < r.prefs.checkpoints.size() &&
      percentage >= r.prefs.checkpoints[r.next_checkpoint]) {
    while (r.next_checkpoint < r.prefs.checkpoints.size() &&
           percentage >= r.prefs.checkpoints[r.next_checkpoint]) {
      ++r.next_checkpoint;
    }
    if (!r.to_replace.empty()) {
      const long long delay = r.prefs.checkpoint_delay.value_or(3600);
      r.checkpoint_until = now + delay * core::kSecond;
      r.status_reason = "Waiting for checkpoint delay of " + std::to_string(delay) +
                        " seconds at " + std::to_string(percentage) + "% complete.";
      return arm_refresh(p, g, r, *r.checkpoint_until);
    }
  }
  if (r.to_replace.empty()) {
    return finish_refresh(g, r, rolling_back ? "RollbackSuccessful" : "Successful", "", now);
  }
  r.status_reason.clear();
  replace_batch(p, g, r, now);
  arm_refresh(p, g, r, now + kPoll);
}

void AsgModel::replace_batch(AsgPartition& p, Group& g, InstanceRefresh& r, core::TimeMs now) {
  long long healthy = 0;
  for (const Member& m : g.members) {
    healthy += (m.state == "InService" && !m.warm && m.health == "Healthy") ? 1 : 0;
  }
  const long long batch =
      refresh_batch(g.desired, healthy, r.prefs.min_healthy, r.prefs.max_healthy,
                    static_cast<long long>(r.to_replace.size()));
  if (r.prefs.max_healthy > 100 && !r.surged) {
    r.surged = true;
    g.refresh_surge = batch;
    request_reconcile(p, g.name, now);
    return;
  }
  std::vector<std::string> chosen;
  for (const Member& m : g.members) {  // launch order: oldest first
    if (static_cast<long long>(chosen.size()) >= (r.surged ? g.refresh_surge : batch)) break;
    if (!r.to_replace.contains(m.instance_id)) continue;
    if (m.protected_from_scale_in && r.prefs.scale_in_protected == "Wait") continue;
    if (m.state == "Standby" && r.prefs.standby == "Wait") continue;
    if (m.state != "InService" && m.state != "Standby") continue;
    chosen.push_back(m.instance_id);
  }
  r.surged = false;
  g.refresh_surge = 0;
  for (const std::string& id : chosen) {
    Member* m = g.find_member(id);
    if (!m) continue;
    r.to_replace.erase(id);
    begin_termination(p, g, *m, taken_out_for_refresh(now), now);
  }
  if (chosen.empty()) r.status_reason = "Waiting for protected or standby instances.";
  request_reconcile(p, g.name, now);
}

void AsgModel::refresh_launch_failed(AsgPartition& p, Group& g, const std::string& reason,
                                     core::TimeMs now) {
  InstanceRefresh* r = active_refresh(g);
  if (!r) return;
  if (r->status == "RollbackInProgress") {
    return finish_refresh(g, *r, "RollbackFailed", reason, now);
  }
  if (r->status != "InProgress") return;
  if (r->prefs.auto_rollback && r->has_desired_configuration) {
    return begin_rollback(p, g, *r, "Instance refresh failed: " + reason, now);
  }
  finish_refresh(g, *r, "Failed", reason, now);
}

void AsgModel::begin_rollback(AsgPartition& p, Group& g, InstanceRefresh& r,
                              const std::string& reason, core::TimeMs now) {
  r.rollback_reason = reason;
  r.rollback_start = now;
  r.percentage_on_rollback =
      refresh_percentage(r.total, static_cast<long long>(r.to_replace.size()));
  r.status = "RollbackInProgress";
  r.status_reason = reason;
  r.checkpoint_until.reset();
  r.surged = false;
  g.refresh_surge = 0;
  g.launch_configuration = r.previous_launch_configuration;
  if (r.had_previous_template) {
    g.launch_template =
        TemplateRef{r.previous_template_id, r.previous_template_name, r.previous_template_version};
  }
  if (r.desired_mixed) {  // the refresh replaced the mixed instances policy: put the old one back
    g.mixed_instances = r.previous_mixed != nullptr;
    g.overrides = r.previous_mixed ? r.previous_mixed->overrides : std::vector<LaunchOverride>{};
    g.distribution = r.previous_mixed ? r.previous_mixed->distribution : InstancesDistribution{};
  }
  r.to_replace = refresh_targets(p, g, r.prefs, /*skip_matching=*/true);
  r.total = static_cast<long long>(r.to_replace.size());
  r.to_update_on_rollback = r.total;
  request_reconcile(p, g.name, now);  // a launch that was failing now uses the old configuration
  arm_refresh(p, g, r, now);
}

std::string AsgModel::cancel_instance_refresh(AsgPartition& p, const std::string& group,
                                              bool wait_for_transitioning, core::TimeMs now) {
  Group& g = require_group(p, group);
  InstanceRefresh* r = active_refresh(g);
  if (!r || r->status == "Cancelling") {
    throw core::ServiceError("ActiveInstanceRefreshNotFound",
                             "No in progress or pending Instance Refresh found for Auto Scaling "
                             "group " +
                                 group);
  }
  r->surged = false;
  g.refresh_surge = 0;
  request_reconcile(p, group, now);
  if (!wait_for_transitioning) {
    const std::string id = r->id;
    finish_refresh(g, *r, "Cancelled", "The instance refresh was cancelled.", now);
    return id;
  }
  r->status = "Cancelling";
  r->status_reason = "";
  arm_refresh(p, g, *r, now);
  return r->id;
}

std::string AsgModel::rollback_instance_refresh(AsgPartition& p, const std::string& group,
                                                core::TimeMs now) {
  Group& g = require_group(p, group);
  InstanceRefresh* r = active_refresh(g);
  if (!r || r->status == "Cancelling" || r->status == "RollbackInProgress") {
    throw core::ServiceError("ActiveInstanceRefreshNotFound",
                             "No in progress or pending Instance Refresh found for Auto Scaling "
                             "group " +
                                 group);
  }
  if (!r->has_desired_configuration) {
    throw core::ServiceError("IrreversibleInstanceRefresh",
                             "The instance refresh cannot be rolled back because it was started "
                             "without a desired configuration.");
  }
  begin_rollback(p, g, *r, "Rollback requested by user.", now);
  return r->id;
}

std::vector<InstanceRefresh> AsgModel::describe_instance_refreshes(
    AsgPartition& p, const std::string& group, const std::vector<std::string>& ids) {
  Group& g = require_group(p, group);
  std::vector<InstanceRefresh> out;
  for (auto it = g.refreshes.rbegin(); it != g.refreshes.rend(); ++it) {
    if (ids.empty() || std::find(ids.begin(), ids.end(), it->id) != ids.end()) out.push_back(*it);
  }
  return out;
}

}  // namespace cloudlife::autoscaling
