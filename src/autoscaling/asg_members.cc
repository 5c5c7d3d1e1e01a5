// Calls on individual members: terminate, detach, attach, standby, protection, health; lifecycle
// hook and warm pool configuration.
#include <algorithm>
#include <set>

#include "autoscaling/activity_text.h"
#include "autoscaling/asg_model.h"
#include "autoscaling/sns_notification.h"
#include "core/ids.h"
#include "core/instance_state.h"

namespace cloudlife::autoscaling {
namespace {

core::ServiceError not_managed(const std::string& id) {
  return validation_error("Instance Id not found - No managed instance found for instance ID: " +
                          id);
}

void check_id_count(const std::vector<std::string>& ids) {
  if (ids.size() > 20) {
    throw validation_error(
        "1 validation error detected: Value at 'instanceIds' failed to satisfy "
        "constraint: Member must have length less than or equal to 20");
  }
}

Member& require_member(Group& g, const std::string& id) {
  Member* m = g.find_member(id);
  if (!m || m->warm) {
    throw validation_error("The instance " + id + " is not part of Auto Scaling group " + g.name +
                           ".");
  }
  return *m;
}

}  // namespace

Activity AsgModel::terminate_instance(AsgPartition& p, const std::string& instance_id,
                                      bool decrement, core::TimeMs now) {
  auto owner = p.instance_group.find(instance_id);
  if (owner == p.instance_group.end()) throw not_managed(instance_id);
  Group& g = require_group(p, owner->second);
  Member* m = g.find_member(instance_id);
  if (!m) throw not_managed(instance_id);
  if (m->warm) {
    throw validation_error("The instance " + instance_id +
                           " is in a warm pool and cannot be terminated using this operation.");
  }
  if (m->state.starts_with("Terminating") || m->state == "Detaching") {
    throw core::ServiceError("ScalingActivityInProgress",
                             "Instance " + instance_id + " is already terminating.");
  }
  const bool counted = counts_toward_capacity(*m);
  const long long from = g.desired;
  if (decrement && counted && g.desired - 1 < g.min_size) {
    throw validation_error("Currently, desiredSize equals minSize (" + std::to_string(g.min_size) +
                           "). Terminating instance without replacement will violate group's min "
                           "size constraint. Either set shouldDecrementDesiredCapacity flag to "
                           "false or lower group's min size.");
  }
  if (decrement && counted) g.desired -= 1;
  begin_termination(
      p, g, *m, text::user_terminate(now, instance_id, from, g.desired, decrement && counted), now);
  request_reconcile(p, g.name, now);
  // The activity as the response shows it: just started.
  for (auto it = p.activities.rbegin(); it != p.activities.rend(); ++it) {
    if (it->group == g.name && it->description == text::terminating(instance_id)) return *it;
  }
  return p.activities.back();
}

std::vector<Activity> AsgModel::detach_instances(AsgPartition& p, const std::string& group,
                                                 const std::vector<std::string>& ids,
                                                 bool decrement, core::TimeMs now) {
  check_id_count(ids);
  Group& g = require_group(p, group);
  long long counted = 0;
  for (const std::string& id : ids) {
    Member& m = require_member(g, id);
    if (m.state != "InService" && m.state != "Standby") {
      throw validation_error("The instance " + id + " is not in InService or Standby.");
    }
    if (counts_toward_capacity(m)) ++counted;
  }
  if (decrement && g.desired - counted < g.min_size) {
    throw validation_error("Detaching " + std::to_string(counted) +
                           " instance(s) with ShouldDecrementDesiredCapacity=true would violate "
                           "the group's min size constraint (" +
                           std::to_string(g.min_size) + ").");
  }
  std::vector<Activity> out;
  for (const std::string& id : ids) {
    Member& m = *g.find_member(id);
    const bool was_counted = counts_toward_capacity(m);
    const long long from = g.desired;
    if (decrement && was_counted) g.desired -= 1;
    m.state = "Detaching";
    deregister_from_load_balancers(p, g, id, now);
    Activity& a = new_activity(p, g, text::detaching(id),
                               text::user_detach(now, id, from, g.desired, decrement), &m, now);
    a.progress = 50;
    m.activity_id = a.id;
    out.push_back(a);
    engine_.scheduler().schedule(now, core::TimedEvent{detached_kind_, p.key, g.name, {id, a.id}});
  }
  request_reconcile(p, group, now);
  return out;
}

// Member `event.arg(0)` of group `event.subject` leaves it; its activity `event.arg(1)` ends.
void AsgModel::on_detached(core::LockProof held, core::TimeMs due, const core::TimedEvent& event) {
  AsgPartition* part = partitions_.find(held, event.part);
  if (!part) return;
  const std::string& name = event.subject;
  const std::string& id = event.arg(0);
  finish_activity(*part, event.arg(1), "Successful", due);
  if (Group* cur = part->find_group(name)) {
    remove_member(*part, *cur, id);
    request_reconcile(*part, name, due);
  }
}

void AsgModel::attach_instances(AsgPartition& p, const std::string& group,
                                const std::vector<std::string>& ids, core::TimeMs now) {
  check_id_count(ids);
  Group& g = require_group(p, group);
  ec2::Ec2Partition& ep = ec2_partition(p);
  std::set<std::string> seen;
  for (const std::string& id : ids) {
    ec2::Instance* inst = ep.find_instance(id);
    if (!inst || inst->lifecycle.state() == core::InstanceState::kTerminated) {
      throw validation_error("Instance " + id + " is not in correct state");
    }
    if (inst->lifecycle.state() != core::InstanceState::kRunning) {
      throw validation_error("Instance " + id + " is not in correct state. Current state: " +
                             std::string(core::state_name(inst->lifecycle.state())));
    }
    if (p.instance_group.contains(id)) {
      throw validation_error("The instance " + id + " is already part of an Auto Scaling group.");
    }
    if (std::find(g.zones.begin(), g.zones.end(), inst->availability_zone) == g.zones.end()) {
      throw validation_error("Instance " + id + " is in Availability Zone " +
                             inst->availability_zone +
                             " which is not one of the Availability Zones of the group.");
    }
    seen.insert(id);
  }
  if (g.desired + static_cast<long long>(seen.size()) > g.max_size) {
    throw validation_error("Attaching " + std::to_string(static_cast<long long>(seen.size())) +
                           " instance(s) to " + g.name + " would exceed the group's max size of " +
                           std::to_string(g.max_size) + ".");
  }
  for (const std::string& id : ids) {
    if (!seen.erase(id)) continue;
    ec2::Instance* inst = ep.find_instance(id);
    Member m;
    m.instance_id = id;
    m.zone = inst->availability_zone;
    m.subnet_id = inst->subnet_id;
    m.instance_type = inst->instance_type;
    m.spot = inst->spot;
    m.state = "Pending";
    m.launched_at = inst->launch_time;
    m.protected_from_scale_in = g.new_instances_protected;
    if (!inst->extras().launch_template_id.empty()) {
      m.launch_template =
          TemplateRef{inst->extras().launch_template_id, inst->extras().launch_template_name,
                      inst->extras().launch_template_version};
    }
    inst->tags.set("aws:autoscaling:groupName", g.name);
    const long long from = g.desired;
    g.desired += 1;
    Activity& a = new_activity(p, g, text::attaching(id),
                               text::user_attach(now, id, from, g.desired), &m, now);
    a.progress = 50;
    m.activity_id = a.id;
    p.instance_group[id] = g.name;
    Member& added = g.add_member(std::move(m));
    start_hooks(p, g, added, "autoscaling:EC2_INSTANCE_LAUNCHING", now);
    if (added.state == "Pending") enter_service(p, g, added, now);
  }
  request_reconcile(p, group, now);
}

std::vector<Activity> AsgModel::enter_standby(AsgPartition& p, const std::string& group,
                                              const std::vector<std::string>& ids, bool decrement,
                                              core::TimeMs now) {
  check_id_count(ids);
  Group& g = require_group(p, group);
  for (const std::string& id : ids) {
    if (require_member(g, id).state != "InService") {
      throw validation_error("The instance " + id + " is not in InService.");
    }
  }
  if (decrement && g.desired - static_cast<long long>(ids.size()) < g.min_size) {
    throw validation_error("Cannot move instances to Standby: the desired capacity " +
                           std::to_string(g.desired - static_cast<long long>(ids.size())) +
                           " would be below the group's min size " + std::to_string(g.min_size) +
                           ".");
  }
  std::vector<Activity> out;
  for (const std::string& id : ids) {
    Member& m = *g.find_member(id);
    const long long from = g.desired;
    if (decrement) g.desired -= 1;
    m.state = "EnteringStandby";
    deregister_from_load_balancers(p, g, id, now);
    Activity& a = new_activity(p, g, text::to_standby(id),
                               text::user_standby(now, id, from, g.desired, decrement), &m, now);
    a.progress = 50;
    out.push_back(a);
    engine_.scheduler().schedule(
        now, core::TimedEvent{entered_standby_kind_, p.key, g.name, {id, a.id}});
  }
  request_reconcile(p, group, now);
  return out;
}

// Member `event.arg(0)` of group `event.subject` is in standby; its activity `event.arg(1)` ends.
void AsgModel::on_entered_standby(core::LockProof held, core::TimeMs due,
                                  const core::TimedEvent& event) {
  AsgPartition* part = partitions_.find(held, event.part);
  if (!part) return;
  const std::string& name = event.subject;
  const std::string& id = event.arg(0);
  finish_activity(*part, event.arg(1), "Successful", due);
  Group* cur = part->find_group(name);
  Member* mm = cur ? cur->find_member(id) : nullptr;
  if (mm && mm->state == "EnteringStandby") mm->state = "Standby";
  if (cur) request_reconcile(*part, name, due);
}

std::vector<Activity> AsgModel::exit_standby(AsgPartition& p, const std::string& group,
                                             const std::vector<std::string>& ids,
                                             core::TimeMs now) {
  check_id_count(ids);
  Group& g = require_group(p, group);
  for (const std::string& id : ids) {
    if (require_member(g, id).state != "Standby") {
      throw validation_error("The instance " + id + " is not in Standby.");
    }
  }
  if (g.desired + static_cast<long long>(ids.size()) > g.max_size) {
    throw validation_error("Cannot move instances out of Standby: the desired capacity " +
                           std::to_string(g.desired + static_cast<long long>(ids.size())) +
                           " would be above the group's max size " + std::to_string(g.max_size) +
                           ".");
  }
  std::vector<Activity> out;
  for (const std::string& id : ids) {
    Member& m = *g.find_member(id);
    const long long from = g.desired;
    g.desired += 1;
    m.state = "Pending";
    Activity& a = new_activity(p, g, text::from_standby(id),
                               text::user_exit_standby(now, id, from, g.desired), &m, now);
    a.progress = 30;
    m.activity_id = a.id;
    out.push_back(a);
    enter_service(p, g, m, now);
  }
  // enter_service completed the activities; the response shows them as they began.
  for (Activity& a : out) {
    a.status = "PreInService";
    a.progress = 30;
    a.end.reset();
  }
  request_reconcile(p, group, now);
  return out;
}

void AsgModel::set_instance_protection(AsgPartition& p, const std::string& group,
                                       const std::vector<std::string>& ids, bool protect,
                                       core::TimeMs now) {
  if (ids.size() > 50) {
    throw core::ServiceError("LimitExceeded", "You can specify up to 50 instances at a time.");
  }
  Group& g = require_group(p, group);
  for (const std::string& id : ids) require_member(g, id);
  for (const std::string& id : ids) g.find_member(id)->protected_from_scale_in = protect;
  request_reconcile(p, group, now);
}

void AsgModel::set_instance_health(AsgPartition& p, const std::string& instance_id,
                                   const std::string& status, bool respect_grace,
                                   core::TimeMs now) {
  if (status != "Healthy" && status != "Unhealthy") {
    throw validation_error("Valid health status values are Healthy and Unhealthy");
  }
  auto owner = p.instance_group.find(instance_id);
  if (owner == p.instance_group.end()) throw not_managed(instance_id);
  Group& g = require_group(p, owner->second);
  Member* m = g.find_member(instance_id);
  if (!m) throw not_managed(instance_id);
  m->health = status;
  if (status == "Healthy") g.ec2_health_check_due(instance_id);  // the EC2 check may disagree
  if (status == "Unhealthy") {
    const core::TimeMs grace_end = m->launched_at + g.health_check_grace_period * core::kSecond;
    m->unhealthy_since = respect_grace ? std::max<core::TimeMs>(now, grace_end) : now;
    m->health_cause = text::health_user(m->unhealthy_since);
  }
  request_reconcile(p, g.name, now);
}

std::vector<InstanceView> AsgModel::describe_instances(AsgPartition& p,
                                                       const std::vector<std::string>& ids) {
  std::vector<InstanceView> out;
  for (auto& [name, g] : p.groups) {
    for (const Member& m : g.members) {
      if (m.warm) continue;
      if (!ids.empty() && std::find(ids.begin(), ids.end(), m.instance_id) == ids.end()) continue;
      out.push_back({name, m});
    }
  }
  std::sort(out.begin(), out.end(), [](const InstanceView& a, const InstanceView& b) {
    return a.member.instance_id < b.member.instance_id;
  });
  return out;
}

// --- lifecycle hooks -----------------------------------------------------------------------------

void validate_lifecycle_hook(const LifecycleHook& hook) {
  if (hook.transition != "autoscaling:EC2_INSTANCE_LAUNCHING" &&
      hook.transition != "autoscaling:EC2_INSTANCE_TERMINATING") {
    throw validation_error("Invalid Lifecycle Transition: " + hook.transition);
  }
  if (hook.heartbeat_timeout < 30 || hook.heartbeat_timeout > 7200) {
    throw validation_error("Heartbeat timeout must be between 30 and 7200 seconds");
  }
  if (hook.default_result != "CONTINUE" && hook.default_result != "ABANDON") {
    throw validation_error("Valid values for DefaultResult are CONTINUE and ABANDON");
  }
  if (std::string problem = hook_target_problem(hook.notification_target_arn); !problem.empty()) {
    throw validation_error(problem);
  }
}

void AsgModel::put_lifecycle_hook(AsgPartition& p, const std::string& group, LifecycleHook hook,
                                  bool transition_given, core::TimeMs now) {
  Group& g = require_group(p, group);
  auto existing = g.hooks.find(hook.name);
  if (existing == g.hooks.end() && !transition_given) {
    throw validation_error(
        "1 validation error detected: Value null at 'lifecycleTransition' failed "
        "to satisfy constraint: Member must not be null");
  }
  if (existing != g.hooks.end() && !transition_given) hook.transition = existing->second.transition;
  validate_lifecycle_hook(hook);
  if (existing == g.hooks.end() && g.hooks.size() >= 50) {
    throw core::ServiceError("LimitExceeded", "Cannot have more than 50 lifecycle hooks per group");
  }
  const LifecycleHook& stored = g.hooks[hook.name] = std::move(hook);
  publish_hook_test_notification(p, g, stored, now);
}

void AsgModel::delete_lifecycle_hook(AsgPartition& p, const std::string& group,
                                     const std::string& name) {
  Group& g = require_group(p, group);
  if (!g.hooks.erase(name)) {
    throw validation_error("No Lifecycle Hook found with name " + name + " for group " + group);
  }
}

void AsgModel::complete_lifecycle_action(AsgPartition& p, const std::string& group,
                                         const std::string& hook, const std::string& instance_id,
                                         const std::string& token, const std::string& result,
                                         core::TimeMs now) {
  Group& g = require_group(p, group);
  if (result != "CONTINUE" && result != "ABANDON") {
    throw validation_error("Valid values for LifecycleActionResult are CONTINUE and ABANDON");
  }
  if (!g.hooks.contains(hook)) {
    throw validation_error("No Lifecycle Hook found with name " + hook + " for group " + group);
  }
  for (Member& m : g.members) {
    for (const PendingAction& a : m.actions) {
      if (a.hook_name != hook) continue;
      if ((!instance_id.empty() && m.instance_id == instance_id) ||
          (instance_id.empty() && !token.empty() && a.token == token)) {
        finish_hook(p, g, m, hook, result, now);
        return;
      }
    }
  }
  if (!instance_id.empty()) {
    throw validation_error("No active Lifecycle Action found with instance ID " + instance_id);
  }
  throw validation_error("No active Lifecycle Action found with token " + token);
}

void AsgModel::record_heartbeat(AsgPartition& p, const std::string& group, const std::string& hook,
                                const std::string& instance_id, const std::string& token,
                                core::TimeMs now) {
  Group& g = require_group(p, group);
  auto h = g.hooks.find(hook);
  if (h == g.hooks.end()) {
    throw validation_error("No Lifecycle Hook found with name " + hook + " for group " + group);
  }
  for (Member& m : g.members) {
    for (PendingAction& a : m.actions) {
      if (a.hook_name != hook) continue;
      if ((!instance_id.empty() && m.instance_id == instance_id) ||
          (instance_id.empty() && !token.empty() && a.token == token)) {
        a.deadline = now + h->second.heartbeat_timeout * core::kSecond;
        return;
      }
    }
  }
  if (!instance_id.empty()) {
    throw validation_error("No active Lifecycle Action found with instance ID " + instance_id);
  }
  throw validation_error("No active Lifecycle Action found with token " + token);
}

// --- warm pools ----------------------------------------------------------------------------------

void AsgModel::put_warm_pool(AsgPartition& p, const std::string& group, WarmPool pool,
                             core::TimeMs now) {
  Group& g = require_group(p, group);
  if (pool.pool_state != "Stopped" && pool.pool_state != "Running" &&
      pool.pool_state != "Hibernated") {
    throw validation_error("Invalid PoolState: " + pool.pool_state);
  }
  if (pool.min_size < 0) throw validation_error("MinSize must be greater than or equal to 0");
  if (pool.max_group_prepared_capacity && *pool.max_group_prepared_capacity != -1 &&
      *pool.max_group_prepared_capacity < g.desired) {
    throw validation_error(
        "MaxGroupPreparedCapacity must be greater than or equal to the desired "
        "capacity of the group.");
  }
  if (g.warm_pool && g.warm_pool->pending_delete) {
    throw validation_error("The warm pool is being deleted.");
  }
  g.warm_pool = pool;
  request_reconcile(p, group, now);
}

void AsgModel::delete_warm_pool(AsgPartition& p, const std::string& group, bool force,
                                core::TimeMs now) {
  Group& g = require_group(p, group);
  if (!g.warm_pool) {
    throw validation_error("No warm pool found for Auto Scaling group " + group + ".");
  }
  g.warm_pool->pending_delete = true;
  std::vector<std::string> ids;
  for (const Member& m : g.members) {
    if (m.warm && m.state != "Warmed:Terminating") ids.push_back(m.instance_id);
  }
  for (const std::string& id : ids) {
    Group* cur = p.find_group(group);
    if (Member* m = cur ? cur->find_member(id) : nullptr) {
      m->state = "Warmed:Terminating";
      begin_termination(p, *cur, *m,
                        text::at(now) + " instance " + id +
                            " was taken out of the warm pool in response to a user "
                            "request to delete the warm pool.",
                        now);
      if (Member* again = cur->find_member(id); again && again->state == "Terminating") {
        again->state = "Warmed:Terminating";
      }
    }
  }
  Group* cur = p.find_group(group);
  if (cur && force) {
    // ForceDelete: the pool and its instances leave the group now; EC2 finishes terminating them
    // without the group waiting (the instances' activities end with the request).
    std::vector<std::string> warm;
    for (const Member& m : cur->members) {
      if (m.warm) warm.push_back(m.instance_id);
    }
    for (const std::string& id : warm) {
      if (Member* m = cur->find_member(id)) finish_activity(p, m->activity_id, "Successful", now);
      remove_member(p, *cur, id);
    }
  }
  if (cur && std::none_of(cur->members.begin(), cur->members.end(),
                          [](const Member& m) { return m.warm; })) {
    cur->warm_pool.reset();
  }
  request_reconcile(p, group, now);
}

}  // namespace cloudlife::autoscaling
