// The reconcile engine: convergence to desired capacity, AZ balance and rebalancing, health
// replacement, lifecycle hooks and warm pools, all driven by scheduler events on virtual time.
// The constructor defines every kind of event the model schedules (define_events, asg_model.h).
#include <algorithm>
#include <map>

#include <spdlog/spdlog.h>

#include "autoscaling/activity_text.h"
#include "autoscaling/asg_model.h"
#include "autoscaling/elb/elb_model.h"
#include "autoscaling/group_summary.h"
#include "autoscaling/instance_lifetime.h"
#include "autoscaling/placement.h"
#include "autoscaling/termination_policy.h"
#include "core/ids.h"
#include "core/instance_state.h"
#include "core/timing.h"

namespace cloudlife::autoscaling {
namespace {

using core::InstanceState;

constexpr const char* kLaunching = "autoscaling:EC2_INSTANCE_LAUNCHING";
constexpr const char* kTerminating = "autoscaling:EC2_INSTANCE_TERMINATING";
constexpr core::TimeMs kLaunchRetry = 60 * core::kSecond;

bool is_transitional(const Member& m) {
  return m.state != member_state::kInService && m.state != member_state::kStandby &&
         !m.state.starts_with("Warmed:");
}

// A member the health checks look at: in service, out of the warm pool, not yet unhealthy.
bool health_checked(const Member& m) {
  return !m.warm && m.state == member_state::kInService && m.health != member_state::kUnhealthy;
}

// An EC2 state as an event argument carries it (core::state_name).
InstanceState state_arg(const std::string& name) {
  return core::parse_state_name(name).value();
}

bool warm_ready(const Member& m) {
  return m.warm && (m.state == "Warmed:Stopped" || m.state == "Warmed:Running" ||
                    m.state == "Warmed:Hibernated");
}

}  // namespace

bool counts_toward_capacity(const Member& m) {
  using namespace member_state;
  return !m.warm && (m.state == kInService || m.state == kPending || m.state == kPendingWait ||
                     m.state == kPendingProceed);
}

Member& Group::add_member(Member m) {
  member_slots[m.instance_id] = members.size();
  members.push_back(std::move(m));
  return members.back();
}

void Group::erase_member(const std::string& instance_id) {
  const Member* m = find_member(instance_id);
  if (!m) return;
  members.erase(members.begin() + (m - members.data()));
  member_slots.erase(instance_id);
}

Member* Group::find_member(const std::string& id) {
  auto slot = member_slots.find(id);
  if (slot == member_slots.end() || members.empty()) return nullptr;
  // Walk back from where it was: past it only the erasures since then moved it.
  for (std::size_t i = std::min(slot->second, members.size() - 1);; --i) {
    if (members[i].instance_id == id) {
      slot->second = i;
      return &members[i];
    }
    if (i == 0) return nullptr;
  }
}

Group* AsgPartition::find_group(const std::string& name) {
  auto it = groups.find(name);
  return it == groups.end() ? nullptr : &it->second;
}

Activity* AsgPartition::find_activity(const std::string& id) {
  return activities.find(id);
}

AsgModel::AsgModel(core::Engine& engine, ec2::Ec2Model& ec2) : engine_(engine), ec2_(ec2) {
  define_events();
  ec2_.add_state_listener([this](ec2::Ec2Partition& p, ec2::Instance& instance,
                                 core::InstanceState previous, core::TimeMs at) {
    // Never act inside EC2's own call stack: note the change and handle it as an event at `at`.
    const core::PartitionKey key = p.key;
    const std::string id = instance.instance_id.str();
    const core::InstanceState current = instance.lifecycle.state();
    AsgPartition* part = partitions_.find(p, key);
    if (!part || !part->instance_group.contains(id)) return;
    engine_.scheduler().schedule(at, core::TimedEvent{ec2_state_kind_,
                                                      key,
                                                      id,
                                                      {std::string(core::state_name(previous)),
                                                       std::string(core::state_name(current))}});
  });
}

// The kinds of the model's timed events, each with the handler that acts on it.
void AsgModel::define_events() {
  core::Scheduler& s = engine_.scheduler();
  using Event = core::TimedEvent;
  ec2_state_kind_ = s.define("autoscaling.ec2-state", [this](const core::EngineLock& held,
                                                             core::TimeMs due, const Event& e) {
    on_ec2_state(held, e.part, e.subject, state_arg(e.arg(0)), state_arg(e.arg(1)), due);
  });
  reconcile_kind_ =
      s.define("autoscaling.reconcile", [this](const core::EngineLock& held, core::TimeMs due,
                                               const Event& e) { on_reconcile_due(held, due, e); });
  drained_kind_ =
      s.define("autoscaling.drained", [this](const core::EngineLock& held, core::TimeMs due,
                                             const Event& e) { on_drained(held, due, e); });
  hook_timeout_kind_ =
      s.define("autoscaling.hook-timeout",
               [this](const core::EngineLock& held, core::TimeMs due, const Event& e) {
                 if (AsgPartition* part = partitions_.find(held, e.part)) {
                   hook_timeout(*part, e.subject, e.arg(0), e.arg(1), due);
                 }
               });
  detached_kind_ =
      s.define("autoscaling.detached", [this](const core::EngineLock& held, core::TimeMs due,
                                              const Event& e) { on_detached(held, due, e); });
  entered_standby_kind_ = s.define("autoscaling.entered-standby",
                                   [this](const core::EngineLock& held, core::TimeMs due,
                                          const Event& e) { on_entered_standby(held, due, e); });
  health_pass_kind_ =
      s.define("autoscaling.health-pass", [this](const core::EngineLock& held, core::TimeMs due,
                                                 const Event& e) { on_health_pass(held, due, e); });
  refresh_step_kind_ =
      s.define("autoscaling.refresh-step",
               [this](const core::EngineLock& held, core::TimeMs due, const Event& e) {
                 step_refresh(held, e.part, e.subject, due);
               });
  scheduled_action_kind_ = s.define(
      "autoscaling.scheduled-action",
      [this](const core::EngineLock& held, core::TimeMs due, const Event& e) {
        run_scheduled_action(held, e.part, e.subject, e.arg(0), std::stoull(e.arg(1)), due);
      });
  alarm_tick_kind_ = s.define("autoscaling.alarm-tick",
                              [this](const core::EngineLock& held, core::TimeMs due,
                                     const Event& e) { evaluate_alarms(held, e.part, due); });
}

// --- activities ----------------------------------------------------------------------------------

Activity& AsgModel::new_activity(AsgPartition& p, const Group& g, std::string description,
                                 std::string cause, const Member* member, core::TimeMs now) {
  Activity a;
  a.id = core::uuid();
  a.group = g.name;
  a.group_arn = g.arn;
  a.description = std::move(description);
  a.cause = std::move(cause);
  if (member) a.details = text::details(member->subnet_id, member->zone);
  a.start = now;
  return p.activities.add(std::move(a));
}

void AsgModel::finish_activity(AsgPartition& p, const std::string& id, const std::string& status,
                               core::TimeMs now, const std::string& message) {
  Activity* a = p.find_activity(id);
  if (!a || a->end) return;
  a->status = status;
  a->progress = 100;
  a->end = now;
  if (!message.empty()) a->status_message = message;
  publish_activity_event(p, *a, now);
  if (Group* g = p.find_group(a->group)) {
    g->cooldown_until =
        std::max<core::TimeMs>(g->cooldown_until, now + g->default_cooldown * core::kSecond);
  }
}

// --- scheduling
// ------------------------------------------------------------------------------------

void AsgModel::request_reconcile(AsgPartition& p, const std::string& group, core::TimeMs at) {
  Group* g = p.find_group(group);
  if (!g) return;
  if (g->reconcile_event && engine_.scheduler().is_pending(g->reconcile_event)) return;
  g->reconcile_event =
      engine_.scheduler().schedule(at, core::TimedEvent{reconcile_kind_, p.key, group, {}});
}

void AsgModel::on_reconcile_due(core::LockProof held, core::TimeMs due,
                                const core::TimedEvent& event) {
  AsgPartition* part = partitions_.find(held, event.part);
  if (!part) return;
  if (Group* found = part->find_group(event.subject)) {
    found->reconcile_event = 0;
    reconcile(*part, *found, due);
  }
}

std::map<std::string, int> AsgModel::zone_counts(const Group& g,
                                                 bool include_pending_rebalance) const {
  std::map<std::string, int> counts;
  for (const std::string& z : g.zones) counts[z] = 0;
  for (const Member& m : g.members) {
    if (!counts_toward_capacity(m)) continue;
    if (m.rebalance_launch && m.state != member_state::kInService && !include_pending_rebalance) {
      continue;
    }
    ++counts[m.zone];
  }
  return counts;
}

long long AsgModel::warm_pool_target(const Group& g) const {
  if (!g.warm_pool || g.warm_pool->pending_delete) return 0;
  const long long prepared = g.warm_pool->max_group_prepared_capacity.value_or(-1) >= 0
                                 ? *g.warm_pool->max_group_prepared_capacity
                                 : g.max_size;
  return std::max(g.warm_pool->min_size, prepared - g.desired);
}

// --- the pass ------------------------------------------------------------------------------------
// One pass runs named steps in order on the same group: health, replacements, capacity (scale out,
// scale in or rebalance), then the warm pool. Steps find members again by ID after anything that
// may add members (launching appends to the member vector); the group itself stays in place for the
// whole pass (only maybe_finish_group_deletion erases it, and a deleting group takes no steps).

void AsgModel::reconcile(AsgPartition& p, Group& g, core::TimeMs now) {
  if (!g.pass_budget.admit(now, g.members.size())) {
    defer_unsettled_pass(p, g, now);
    return;
  }
  if (g.deleting) {
    maybe_finish_group_deletion(p, g.name, now);
    return;
  }
  if (!g.is_suspended("HealthCheck")) mark_unhealthy(p, g, now);
  if (!g.is_suspended("ReplaceUnhealthy")) replace_unhealthy(p, g, now);
  replace_expired(p, g.name, now);
  converge_capacity(p, g, now);
  if (g.warm_pool) size_warm_pool(p, g, now);
}

void AsgModel::defer_unsettled_pass(AsgPartition& p, Group& g, core::TimeMs now) {
  // A defect, never a rule: the passes at this instant would not settle. Say so, with the
  // group's state, and look again one retry interval later instead of spinning here.
  spdlog::error(
      "internal error: Auto Scaling reconcile of {} ({}/{}) ran {} passes at virtual time {} "
      "without settling; deferring it {} s. State: {}",
      g.name, p.key.account, p.key.region, g.pass_budget.passes(), now,
      kLaunchRetry / core::kSecond, group_state_summary(g));
  if (g.reconcile_event) engine_.scheduler().cancel(g.reconcile_event);
  g.reconcile_event = 0;
  request_reconcile(p, g.name, now + kLaunchRetry);
}

// The health checks of a pass: EC2's, then (HealthCheckType ELB) the target groups'.
void AsgModel::mark_unhealthy(AsgPartition& p, Group& g, core::TimeMs now) {
  check_ec2_health(p, g, now);
  if (g.health_check_type == "ELB" && !g.target_groups.empty()) check_elb_health(p, g, now);
}

// EC2 health check: a member in service whose instance is no longer pending or running is
// unhealthy. It looks at every member only when some instance began to leave running since it last
// ran (or more members are due than the group has); otherwise only at the members that came into
// service or were set Healthy since (Group::ec2_health_due). Either way it finds the same members
// a look at all of them would, without a lookup per member on every pass.
void AsgModel::check_ec2_health(AsgPartition& p, Group& g, core::TimeMs now) {
  const ec2::Ec2Partition& ep = ec2_partition(p);  // read only: notes no instance as changed
  auto check = [&](Member& m) {
    if (!health_checked(m)) return;
    const ec2::Instance* inst = ep.find_instance(m.instance_id);
    const InstanceState s = inst ? inst->lifecycle.state() : InstanceState::kTerminated;
    if (s == InstanceState::kRunning || s == InstanceState::kPending) return;
    m.health = member_state::kUnhealthy;
    m.unhealthy_since = now;
    m.health_cause = text::health_ec2(now);
  };
  const std::uint64_t departures = ec2_.departures_from_running();
  if (departures != g.ec2_health_departures || g.ec2_health_due.size() > g.members.size()) {
    for (Member& m : g.members) check(m);
  } else {
    for (const std::string& id : g.ec2_health_due) {
      if (Member* m = g.find_member(id)) check(*m);
    }
  }
  g.ec2_health_due.clear();
  g.ec2_health_departures = departures;
}

// After the grace period (counted from when the member came into service), a member one of the
// group's target groups reports `unhealthy` is unhealthy (docs/autoscaling.md "Target health over
// time").
void AsgModel::check_elb_health(AsgPartition& p, Group& g, core::TimeMs now) {
  for (Member& m : g.members) {
    if (!health_checked(m) || !elb_reports_unhealthy(p, g, m, now)) continue;
    const core::TimeMs grace_end = m.in_service_at + g.health_check_grace_period * core::kSecond;
    if (now < grace_end) {
      schedule_health_pass(p, g.name, grace_end);
      continue;
    }
    m.health = member_state::kUnhealthy;
    m.unhealthy_since = now;
    m.health_cause = text::health_elb(now);
  }
}

bool AsgModel::elb_reports_unhealthy(const AsgPartition& p, const Group& g, const Member& m,
                                     core::TimeMs now) const {
  const ElbModel elb(ec2_, engine_.timing().kind() == core::TimingProfileKind::kInstant);
  for (const std::string& arn : g.target_groups) {
    auto it = p.target_groups.find(arn);
    if (it == p.target_groups.end()) continue;
    if (elb.target_health(p, it->second, {m.instance_id, 0}, now).state == "unhealthy") return true;
  }
  return false;
}

// Unhealthy members past their grace period terminate; the capacity step replaces them.
void AsgModel::replace_unhealthy(AsgPartition& p, Group& g, core::TimeMs now) {
  std::vector<std::string> replace;
  for (const Member& m : g.members) {
    if (m.warm || m.health != member_state::kUnhealthy || m.state != member_state::kInService) {
      continue;
    }
    if (m.unhealthy_since > now) {
      request_reconcile(p, g.name, m.unhealthy_since);
      continue;
    }
    replace.push_back(m.instance_id);
  }
  for (const std::string& id : replace) {
    if (Member* m = g.find_member(id)) begin_termination(p, g, *m, m->health_cause, now);
  }
}

void AsgModel::converge_capacity(AsgPartition& p, Group& g, core::TimeMs now) {
  long long capacity = 0;
  bool rebalance_pending = false;
  std::vector<std::string> at_risk;  // CapacityRebalance: replaced before they terminate
  for (const Member& m : g.members) {
    if (!counts_toward_capacity(m)) continue;
    if (m.rebalance_at_risk) {
      at_risk.push_back(m.instance_id);
      continue;
    }
    if (m.rebalance_launch && m.state != member_state::kInService) {
      rebalance_pending = true;
      continue;
    }
    capacity += m.weight;  // capacity units (WeightedCapacity), 1 per instance without weights
  }
  // An instance refresh may run replacements beyond the desired capacity (refresh_surge).
  const long long target = g.desired + g.refresh_surge;
  if (!at_risk.empty() && capacity >= target && !g.is_suspended("Terminate") &&
      std::none_of(g.members.begin(), g.members.end(), [](const Member& m) {
        return !m.warm && !m.rebalance_at_risk && is_transitional(m);
      })) {
    // The replacements are in service: the at-risk members go.
    for (const std::string& id : at_risk) {
      if (Member* m = g.find_member(id); m && counts_toward_capacity(*m)) {
        begin_termination(p, g, *m, text::rebalance_recommendation_taken_out(now), now);
      }
    }
    return;
  }
  std::string prefix = g.cause_prefix;
  g.cause_prefix.clear();
  if (!at_risk.empty() && capacity < target && prefix.empty()) {
    prefix = text::rebalance_recommendation_launch(now);
  }
  if (capacity < target && !g.is_suspended("Launch")) {
    scale_out(p, g, capacity, target, prefix, now);
  } else if (capacity > target && !g.is_suspended("Terminate") && !rebalance_pending) {
    scale_in(p, g, capacity, target, prefix, now);
  } else if (capacity == target && !rebalance_pending && !g.is_suspended("AZRebalance") &&
             !g.is_suspended("Launch") && !g.is_suspended("Terminate") && g.refresh_surge == 0) {
    rebalance_zones(p, g, capacity, now);
  }
}

void AsgModel::scale_out(AsgPartition& p, Group& g, long long capacity, long long target,
                         const std::string& prefix, core::TimeMs now) {
  // Weighted members may overshoot the target by less than the largest weight, as AWS does.
  long long have = capacity;
  // Without warmed members, a launch changes the zone counts by its own member only: count once,
  // then add each launch (taking from a warm pool may change more, so count again each time).
  const bool warm =
      std::any_of(g.members.begin(), g.members.end(), [](const Member& m) { return m.warm; });
  std::map<std::string, int> counts = zone_counts(g, true);
  while (have < target) {
    if (warm) counts = zone_counts(g, true);
    const std::string zone = launch_zone(g.zones, counts);
    const std::string cause = text::join(prefix, text::started_for_capacity(now, capacity, target));
    if (Member* ready = warm ? ready_warm_member(g, zone) : nullptr) {
      have += ready->weight;
      take_from_warm_pool(p, g, *ready, cause, now);
      continue;
    }
    // balanced-only (AvailabilityZoneDistribution) keeps to the balanced zone and retries it.
    if (!launch_member(p, g, zone, false, cause, now) &&
        (g.capacity_distribution == kBalancedOnly ||
         !launch_in_other_zones(p, g, zone, cause, now))) {
      break;
    }
    const Member& launched = g.members.back();
    have += launched.weight;
    if (counts_toward_capacity(launched)) ++counts[launched.zone];
  }
}

// A zone out of capacity: like AWS, the group tries its other zones (fewest members first).
bool AsgModel::launch_in_other_zones(AsgPartition& p, Group& g, const std::string& failed_zone,
                                     const std::string& cause, core::TimeMs now) {
  std::vector<std::string> others = g.zones;
  std::erase(others, failed_zone);
  while (last_launch_error_ == "InsufficientInstanceCapacity" && !others.empty()) {
    const std::string next = launch_zone(others, zone_counts(g, true));
    std::erase(others, next);
    if (launch_member(p, g, next, false, cause, now)) return true;
  }
  return false;
}

// The ready warmed instance in `zone`, else any ready one, else none.
Member* AsgModel::ready_warm_member(Group& g, const std::string& zone) {
  Member* any = nullptr;
  for (Member& m : g.members) {
    if (!warm_ready(m)) continue;
    if (m.zone == zone) return &m;
    if (!any) any = &m;
  }
  return any;
}

void AsgModel::take_from_warm_pool(AsgPartition& p, Group& g, Member& m, const std::string& cause,
                                   core::TimeMs now) {
  const bool was_running = m.state == "Warmed:Running";
  m.warm = false;
  m.state = "Pending";
  m.protected_from_scale_in = g.new_instances_protected;
  Activity& a = new_activity(p, g, text::launching_from_warm_pool(m.instance_id), cause, &m, now);
  a.progress = 20;
  m.activity_id = a.id;
  if (was_running) {
    start_hooks(p, g, m, kLaunching, now);
    if (m.state == "Pending") enter_service(p, g, m, now);
    return;
  }
  try {
    ec2_.start_instances(ec2_partition(p), {m.instance_id}, false, now);
  } catch (const core::ServiceError&) {
    m.health = "Unhealthy";
  }
}

void AsgModel::scale_in(AsgPartition& p, Group& g, long long capacity, long long target,
                        const std::string& prefix, core::TimeMs now) {
  std::vector<TerminationCandidate> candidates;
  for (const Member& m : g.members) {
    if (!counts_toward_capacity(m)) continue;
    if (m.state != "InService" && m.state != "Pending") continue;
    TerminationCandidate c;
    c.instance_id = m.instance_id;
    c.zone = m.zone;
    c.launched_at = m.launched_at;
    c.protected_from_scale_in = m.protected_from_scale_in;
    c.config_age = m.config_age;
    if (!g.launch_configuration.empty()) {
      c.uses_current_config = m.launch_configuration == g.launch_configuration;
    } else if (g.launch_template && m.launch_template) {
      c.uses_current_config = m.launch_template->id == g.launch_template->id;
    }
    candidates.push_back(c);
  }
  // The termination policies rank every candidate; a mixed instances group first takes from the
  // purchase option further above its share, and a weighted member is only taken when the group
  // stays at or above the target without it.
  const auto ranked = choose_for_termination(candidates, zone_counts(g, false),
                                             g.termination_policies, candidates.size(), now);
  std::vector<const Member*> ranked_members;
  long long on_demand = 0, spot = 0;
  for (const Member& m : g.members) {
    if (counts_toward_capacity(m)) (m.spot ? spot : on_demand) += m.weight;
  }
  for (std::size_t i : ranked) ranked_members.push_back(g.find_member(candidates[i].instance_id));
  std::vector<std::string> chosen;
  long long left = capacity;
  std::vector<bool> taken(ranked_members.size(), false);
  while (left > target) {
    const bool want_spot =
        g.mixed_instances && scale_in_takes_spot(g.distribution, on_demand, spot, target);
    std::optional<std::size_t> pick;
    for (int pass = 0; pass < 2 && !pick; ++pass) {
      for (std::size_t k = 0; k < ranked_members.size() && !pick; ++k) {
        const Member* m = ranked_members[k];
        if (taken[k] || !m || left - m->weight < target) continue;
        if (pass == 0 && g.mixed_instances && m->spot != want_spot) continue;
        pick = k;
      }
    }
    if (!pick) break;
    taken[*pick] = true;
    const Member* m = ranked_members[*pick];
    left -= m->weight;
    (m->spot ? spot : on_demand) -= m->weight;
    chosen.push_back(m->instance_id);
  }
  long long from = capacity;
  for (const std::string& id : chosen) {
    Member* m = g.find_member(id);
    if (!m) continue;
    const long long weight = m->weight;
    const std::string cause =
        text::join(prefix, text::taken_out_for_capacity(now, from, from - weight, id));
    const bool reuse =
        g.warm_pool && g.warm_pool->reuse_on_scale_in && !g.warm_pool->pending_delete && !m->spot;
    if (reuse) {
      return_to_warm_pool(p, g, *m, cause, now);
    } else {
      begin_termination(p, g, *m, cause, now);
    }
    from -= weight;
  }
}

// Rebalancing launches first and may take the group past MaxSize by its allowance; it only moves a
// member it may terminate afterwards (unprotected, in service), and only once the group is settled.
void AsgModel::rebalance_zones(AsgPartition& p, Group& g, long long capacity, core::TimeMs now) {
  const bool settled = std::none_of(g.members.begin(), g.members.end(),
                                    [](const Member& m) { return !m.warm && is_transitional(m); });
  const bool room = capacity + 1 <= g.max_size + rebalance_allowance(g.max_size);
  if (!settled || !room) return;
  std::map<std::string, int> movable;
  for (const Member& m : g.members) {
    if (counts_toward_capacity(m) && m.state == "InService" && !m.protected_from_scale_in) {
      ++movable[m.zone];
    }
  }
  if (auto gap = imbalance(g.zones, zone_counts(g, false), movable)) {
    Member* m =
        launch_member(p, g, gap->first, false, text::rebalance_launch(now, gap->first), now);
    if (m) m->rebalance_launch = true;
  }
}

// The warm pool grows to its target (launching into the zone with fewest warm members), sheds its
// excess ready members, and goes away once a pending delete has no warm member left.
void AsgModel::size_warm_pool(AsgPartition& p, Group& g, core::TimeMs now) {
  long long warm_count = 0;
  for (const Member& m : g.members) warm_count += m.warm ? 1 : 0;
  const long long target = warm_pool_target(g);
  if (!g.is_suspended("Launch")) {
    for (long long k = warm_count; k < target; ++k) {
      std::map<std::string, int> warm_zones;
      for (const std::string& z : g.zones) warm_zones[z] = 0;
      for (const Member& m : g.members) {
        if (m.warm) ++warm_zones[m.zone];
      }
      if (!launch_member(p, g, launch_zone(g.zones, warm_zones), true, text::warm_pool_launch(now),
                         now)) {
        break;
      }
    }
  }
  if (warm_count > target) {
    std::vector<std::string> excess;
    for (const Member& m : g.members) {
      if (warm_ready(m) && static_cast<long long>(excess.size()) < warm_count - target) {
        excess.push_back(m.instance_id);
      }
    }
    for (const std::string& id : excess) {
      if (Member* m = g.find_member(id)) {
        begin_termination(p, g, *m, text::taken_out_for_capacity(now, warm_count, target, id), now);
      }
    }
  }
  if (g.warm_pool && g.warm_pool->pending_delete &&
      std::none_of(g.members.begin(), g.members.end(), [](const Member& m) { return m.warm; })) {
    g.warm_pool.reset();
  }
}

// MaxInstanceLifetime: one expired member at a time is terminated; the capacity step replaces it.
void AsgModel::replace_expired(AsgPartition& p, const std::string& name, core::TimeMs now) {
  Group* g = p.find_group(name);
  if (!g || !g->max_instance_lifetime || g->is_suspended("Terminate")) return;
  std::vector<LifetimeCandidate> candidates;
  bool replacing = false;
  for (const Member& m : g->members) {
    replacing = replacing || m.lifetime_replacement;
    candidates.push_back({m.instance_id, m.launched_at,
                          !m.warm && m.state == "InService" && !m.protected_from_scale_in});
  }
  const long long lifetime = *g->max_instance_lifetime;
  if (auto due = next_expiry(candidates, lifetime, now)) request_reconcile(p, name, *due);
  if (replacing) return;
  const auto expired = next_expired(candidates, lifetime, now);
  Member* m = expired ? g->find_member(*expired) : nullptr;
  if (!m) return;
  m->lifetime_replacement = true;
  begin_termination(p, *g, *m, text::lifetime_reached(now, lifetime), now);
}

// --- Capacity Rebalancing ---------------------------------------------------------------------

void AsgModel::on_rebalance_recommendation(core::LockProof held, const core::PartitionKey& key,
                                           const std::string& instance_id, core::TimeMs now) {
  AsgPartition* p = partitions_.find(held, key);
  if (!p) return;
  auto owner = p->instance_group.find(instance_id);
  Group* g = owner == p->instance_group.end() ? nullptr : p->find_group(owner->second);
  Member* m = g ? g->find_member(instance_id) : nullptr;
  if (!g || !m || !g->capacity_rebalance || !m->spot || m->warm || m->state != "InService" ||
      m->rebalance_at_risk) {
    return;
  }
  m->rebalance_at_risk = true;
  request_reconcile(*p, g->name, now);
}

// --- launching -----------------------------------------------------------------------------------

Member* AsgModel::launch_member(AsgPartition& p, Group& g, const std::string& zone, bool warm,
                                const std::string& cause, core::TimeMs now) {
  ec2::Ec2Partition& ep = ec2_partition(p);
  Member m;
  m.zone = zone;
  ec2::ReservationView view;
  std::optional<core::ServiceError> failure;
  try {
    // A mixed instances group falls back to its next override when a pool has no capacity.
    const LaunchPlan plan = plan_launch(p, g, zone, now);
    if (plan.choices.empty()) throw core::ServiceError("ValidationError", plan.no_match);
    for (const auto& choice : plan.choices) {
      m = Member{};
      m.zone = zone;
      try {
        const ec2::RunInstancesRequest request = launch_request(p, g, m, zone, choice, plan.spot);
        view = ec2_.run_instances(ep, request, now);
        failure.reset();
        break;
      } catch (const core::ServiceError& e) {
        failure = e;
        if (e.code() != "InsufficientInstanceCapacity") break;
      }
    }
  } catch (const core::ServiceError& e) {
    failure = e;
  }
  if (failure) {
    const core::ServiceError& e = *failure;
    last_launch_error_ = e.code();
    Activity& a = new_activity(p, g,
                               "Launching a new EC2 instance.  Status Reason: " + e.message() +
                                   ". Launching EC2 instance failed.",
                               cause, nullptr, now);
    a.status = "Failed";
    a.status_message = e.message() + ". Launching EC2 instance failed.";
    a.progress = 100;
    a.end = now;
    publish_activity_event(p, a, now);
    request_reconcile(p, g.name, now + kLaunchRetry);
    if (!warm) refresh_launch_failed(p, g, a.status_message, now);
    return nullptr;
  }
  const ec2::Instance& launched = view.instances.front();
  m.instance_id = launched.instance_id;
  m.subnet_id = launched.subnet_id;
  m.instance_type = launched.instance_type;
  m.spot = launched.spot;
  m.state = warm ? "Warmed:Pending" : "Pending";
  m.warm = warm;
  m.launched_at = now;
  m.protected_from_scale_in = !warm && g.new_instances_protected;
  if (m.launch_template) {
    m.launch_template->id = launched.extras().launch_template_id;
    m.launch_template->name = launched.extras().launch_template_name;
    m.launch_template->version = launched.extras().launch_template_version;
  }
  if (ec2::Instance* inst = ep.find_instance(m.instance_id)) {
    inst->tags.set("aws:autoscaling:groupName", g.name);
  }
  Activity& a = new_activity(
      p, g, warm ? text::launching_into_warm_pool(m.instance_id) : text::launching(m.instance_id),
      cause, &m, now);
  a.progress = 20;
  m.activity_id = a.id;
  p.instance_group[m.instance_id] = g.name;
  return &g.add_member(std::move(m));
}

void AsgModel::enter_service(AsgPartition& p, Group& g, Member& m, core::TimeMs now) {
  m.state = member_state::kInService;
  m.in_service_at = now;
  g.ec2_health_check_due(m.instance_id);
  m.actions.clear();
  finish_activity(p, m.activity_id, "Successful", now);
  m.activity_id.clear();
  if (!g.is_suspended("AddToLoadBalancer")) register_with_load_balancers(p, g, m.instance_id, now);
  request_reconcile(p, g.name, now);
}

// --- terminating ---------------------------------------------------------------------------------

void AsgModel::begin_termination(AsgPartition& p, Group& g, Member& m, const std::string& cause,
                                 core::TimeMs now) {
  // A launch still in progress ends here.
  if (!m.activity_id.empty()) finish_activity(p, m.activity_id, "Cancelled", now);
  for (PendingAction& a : m.actions) {
    if (a.timeout_event) engine_.scheduler().cancel(a.timeout_event);
  }
  m.actions.clear();
  m.state = "Terminating";
  Activity& a = new_activity(p, g, text::terminating(m.instance_id), cause, &m, now);
  m.activity_id = a.id;
  const std::string id = m.instance_id;
  // The instance leaves its load balancers first; a target group in use drains it for its
  // deregistration delay before the terminating hooks and EC2 take over (docs/autoscaling.md).
  const core::TimeMs drained_at = deregister_from_load_balancers(p, g, id, now);
  if (drained_at <= now) {
    terminate_after_draining(p, g, id, now);
    return;
  }
  a.status = "WaitingForELBConnectionDraining";
  engine_.scheduler().schedule(drained_at, core::TimedEvent{drained_kind_, p.key, g.name, {id}});
}

// The drain of `event.arg(0)` (a member of group `event.subject`) ended.
void AsgModel::on_drained(core::LockProof held, core::TimeMs due, const core::TimedEvent& event) {
  AsgPartition* part = partitions_.find(held, event.part);
  Group* cur = part ? part->find_group(event.subject) : nullptr;
  if (cur) terminate_after_draining(*part, *cur, event.arg(0), due);
}

void AsgModel::terminate_after_draining(AsgPartition& p, Group& g, const std::string& instance_id,
                                        core::TimeMs now) {
  Member* m = g.find_member(instance_id);
  if (!m || m->state != "Terminating") return;  // gone, or terminated behind our back meanwhile
  if (Activity* a = p.find_activity(m->activity_id)) a->status = "InProgress";
  if (!m->warm) start_hooks(p, g, *m, kTerminating, now);
  Group* cur = p.find_group(g.name);
  Member* again = cur ? cur->find_member(instance_id) : nullptr;
  if (again && again->state == "Terminating") proceed_termination(p, *cur, instance_id, now);
}

void AsgModel::return_to_warm_pool(AsgPartition& p, Group& g, Member& m, const std::string& cause,
                                   core::TimeMs now) {
  if (!m.activity_id.empty()) finish_activity(p, m.activity_id, "Cancelled", now);
  deregister_from_load_balancers(p, g, m.instance_id, now);
  m.warm = true;
  m.protected_from_scale_in = false;
  m.state = "Warmed:Pending";
  Activity& a = new_activity(p, g, text::returning_to_warm_pool(m.instance_id), cause, &m, now);
  a.progress = 20;
  m.activity_id = a.id;
  ec2::Ec2Partition& ep = ec2_partition(p);
  ec2::Instance* inst = ep.find_instance(m.instance_id);
  const bool running_pool = g.warm_pool->pool_state == "Running";
  if (running_pool || !inst) {
    m.state = "Warmed:Running";
    finish_activity(p, m.activity_id, "Successful", now);
    m.activity_id.clear();
    return;
  }
  try {  // stopped: on_ec2_state settles it as Warmed:Stopped / Warmed:Hibernated
    const bool hibernate = g.warm_pool->pool_state == "Hibernated" && inst->hibernation_configured;
    ec2_.stop_instances(ep, {m.instance_id}, hibernate, false, false, now);
  } catch (const core::ServiceError&) {
    m.state = "Warmed:Running";
    finish_activity(p, m.activity_id, "Successful", now);
    m.activity_id.clear();
  }
}

void AsgModel::proceed_termination(AsgPartition& p, Group& g, const std::string& instance_id,
                                   core::TimeMs now) {
  Member* m = g.find_member(instance_id);
  if (!m) return;
  ec2::Ec2Partition& ep = ec2_partition(p);
  ec2::Instance* inst = ep.find_instance(instance_id);
  if (!inst || inst->lifecycle.state() == InstanceState::kTerminated) {
    finish_activity(p, m->activity_id, "Successful", now);
    remove_member(p, g, instance_id);
    request_reconcile(p, g.name, now);
    return;
  }
  ec2_.terminate_instances(ep, {instance_id}, false, false, now, /*ignore_protection=*/true);
}

void AsgModel::remove_member(AsgPartition& p, Group& g, const std::string& instance_id) {
  if (Member* m = g.find_member(instance_id)) {
    for (PendingAction& a : m->actions) {
      if (a.timeout_event) engine_.scheduler().cancel(a.timeout_event);
    }
  }
  g.erase_member(instance_id);
  p.instance_group.erase(instance_id);
}

// --- EC2 says … ----------------------------------------------------------------------------------

void AsgModel::on_ec2_state(core::LockProof held, const core::PartitionKey& key,
                            const std::string& instance_id, core::InstanceState previous,
                            core::InstanceState current, core::TimeMs at) {
  (void)previous;
  AsgPartition* p = partitions_.find(held, key);
  if (!p) return;
  auto owner = p->instance_group.find(instance_id);
  if (owner == p->instance_group.end()) return;
  Group* g = p->find_group(owner->second);
  Member* m = g ? g->find_member(instance_id) : nullptr;
  if (!m) return;
  ec2::Ec2Partition& ep = ec2_partition(*p);

  if (current == InstanceState::kTerminated) {
    if (!m->state.starts_with("Terminating") && m->state != "Warmed:Terminating") {
      // Terminated behind Auto Scaling's back: an EC2 health check replaces it.
      const bool counted = counts_toward_capacity(*m);
      if (!m->activity_id.empty()) finish_activity(*p, m->activity_id, "Cancelled", at);
      m->activity_id.clear();
      Activity& a =
          new_activity(*p, *g, text::terminating(instance_id), text::health_ec2(at), m, at);
      a.progress = 100;
      a.status = "Successful";
      a.end = at;
      deregister_from_load_balancers(*p, *g, instance_id, at);
      if (!counted && m->state == "Standby") {
        // A standby instance leaves without a replacement.
      }
    } else {
      finish_activity(*p, m->activity_id, "Successful", at);
    }
    const std::string name = g->name;
    remove_member(*p, *g, instance_id);
    request_reconcile(*p, name, at);
    maybe_finish_group_deletion(*p, name, at);
    return;
  }
  if (current == InstanceState::kRunning) {
    if (m->state == "Warmed:Pending") {
      if (g->warm_pool && g->warm_pool->pool_state == "Running") {
        m->state = "Warmed:Running";
        finish_activity(*p, m->activity_id, "Successful", at);
        m->activity_id.clear();
      } else {
        const bool hibernate = g->warm_pool && g->warm_pool->pool_state == "Hibernated";
        try {
          ec2_.stop_instances(ep, {instance_id},
                              hibernate && ep.find_instance(instance_id)->hibernation_configured,
                              false, false, at);
        } catch (const core::ServiceError&) {
          m->state = "Warmed:Running";
          finish_activity(*p, m->activity_id, "Successful", at);
        }
      }
      return;
    }
    if (m->state == "Pending") {
      start_hooks(*p, *g, *m, kLaunching, at);
      if (m->state == "Pending") enter_service(*p, *g, *m, at);
    }
    return;
  }
  if (current == InstanceState::kStopped) {
    if (m->state == "Warmed:Pending") {
      m->state = (g->warm_pool && g->warm_pool->pool_state == "Hibernated") ? "Warmed:Hibernated"
                                                                            : "Warmed:Stopped";
      finish_activity(*p, m->activity_id, "Successful", at);
      m->activity_id.clear();
      return;
    }
    if (!m->warm) request_reconcile(*p, g->name, at);  // the health check notices
  }
}

// --- lifecycle hooks -----------------------------------------------------------------------------

void AsgModel::start_hooks(AsgPartition& p, Group& g, Member& m, const std::string& transition,
                           core::TimeMs now) {
  std::vector<const LifecycleHook*> hooks;
  for (const auto& [name, hook] : g.hooks) {
    if (hook.transition == transition) hooks.push_back(&hook);
  }
  if (hooks.empty()) return;
  m.state = transition == kLaunching ? "Pending:Wait" : "Terminating:Wait";
  if (Activity* a = p.find_activity(m.activity_id)) {
    a->status = "MidLifecycleAction";
    a->progress = 50;
  }
  for (const LifecycleHook* hook : hooks) {
    PendingAction action;
    action.hook_name = hook->name;
    action.token = core::uuid();
    action.deadline = now + hook->heartbeat_timeout * core::kSecond;
    action.global_deadline =
        now + std::min<long long>(100 * hook->heartbeat_timeout, 172800) * core::kSecond;
    action.timeout_event = engine_.scheduler().schedule(
        action.deadline,
        core::TimedEvent{hook_timeout_kind_, p.key, g.name, {m.instance_id, hook->name}});
    publish_lifecycle_event(p, g, m, *hook, action.token, now);
    m.actions.push_back(std::move(action));
  }
}

void AsgModel::hook_timeout(AsgPartition& p, const std::string& group,
                            const std::string& instance_id, const std::string& hook,
                            core::TimeMs at) {
  Group* g = p.find_group(group);
  Member* m = g ? g->find_member(instance_id) : nullptr;
  if (!m) return;
  auto it = std::find_if(m->actions.begin(), m->actions.end(),
                         [&](const PendingAction& a) { return a.hook_name == hook; });
  if (it == m->actions.end()) return;
  it->timeout_event = 0;
  const core::TimeMs due = std::min(it->deadline, it->global_deadline);
  if (due > at) {  // a heartbeat moved the deadline
    it->timeout_event = engine_.scheduler().schedule(
        due, core::TimedEvent{hook_timeout_kind_, p.key, group, {instance_id, hook}});
    return;
  }
  auto h = g->hooks.find(hook);
  finish_hook(p, *g, *m, hook, h == g->hooks.end() ? "ABANDON" : h->second.default_result, at);
}

void AsgModel::finish_hook(AsgPartition& p, Group& g, Member& m, const std::string& hook,
                           const std::string& result, core::TimeMs now) {
  auto it = std::find_if(m.actions.begin(), m.actions.end(),
                         [&](const PendingAction& a) { return a.hook_name == hook; });
  if (it == m.actions.end()) return;
  if (it->timeout_event) engine_.scheduler().cancel(it->timeout_event);
  const std::string token = it->token;
  m.actions.erase(it);
  const bool launching = m.state == "Pending:Wait";
  if (launching && result == "ABANDON") {
    for (PendingAction& a : m.actions) {
      if (a.timeout_event) engine_.scheduler().cancel(a.timeout_event);
    }
    m.actions.clear();
    finish_activity(p, m.activity_id, "Cancelled", now,
                    "Instance failed to complete user's Lifecycle Action: Lifecycle Action with "
                    "token " +
                        token + " was abandoned: Lifecycle Action Completed with ABANDON Result");
    m.activity_id.clear();
    m.state = "Pending";  // not in service yet: terminate without terminating hooks' wait
    begin_termination(p, g, m, text::hook_abandoned(now, m.instance_id), now);
    return;
  }
  if (!m.actions.empty()) return;
  if (launching) {
    m.state = "Pending:Proceed";
    enter_service(p, g, m, now);
  } else {
    m.state = "Terminating:Proceed";
    if (Activity* a = p.find_activity(m.activity_id)) a->status = "InProgress";
    proceed_termination(p, g, m.instance_id, now);
  }
}

// --- deletion ------------------------------------------------------------------------------------

void AsgModel::maybe_finish_group_deletion(AsgPartition& p, const std::string& name,
                                           core::TimeMs now) {
  (void)now;
  Group* g = p.find_group(name);
  if (!g || !g->deleting || !g->members.empty()) return;
  if (g->reconcile_event) engine_.scheduler().cancel(g->reconcile_event);
  p.groups.erase(name);
}

}  // namespace cloudlife::autoscaling
