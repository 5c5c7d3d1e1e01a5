// Start, stop, reboot and terminate, and what happens when each transition settles. The timed
// events of instances, Spot requests and fleets are defined here (define_instance_events()): each
// settle event names the instance's partition and ID, and its handler finds the instance again.
#include <algorithm>
#include <map>
#include <set>

#include "core/ids.h"
#include "ec2/ec2_model.h"
#include "ec2/volumes.h"

namespace cloudlife::ec2 {
namespace {

using core::InstanceState;
using core::ServiceError;

std::string user_initiated_reason(core::TimeMs now) {
  return "User initiated (" + core::format_space_separated(now) + " GMT)";
}

std::string quoted_list(const std::vector<std::string>& ids) {
  std::string out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ", ";
    out += ids[i];
  }
  return out;
}

}  // namespace

Ec2Model::Ec2Model(core::Engine& engine) : engine_(engine) {
  resource_events_ = define_resource_events(*this);
  add_state_listener(
      [this](Ec2Partition& p, Instance& instance, InstanceState previous, core::TimeMs at) {
        on_spot_instance_settled(p, instance, previous, at);
        if (instance.lifecycle.state() == InstanceState::kTerminated) {
          on_fleet_instance_settled(p, instance, at);
        }
      });
  // Interfaces and Elastic IPs follow their instance (network_interfaces.h).
  add_state_listener([](Ec2Partition& p, Instance& instance, core::InstanceState, core::TimeMs at) {
    on_instance_state(p, instance, at);
  });
  define_instance_events();
}

void Ec2Model::define_instance_events() {
  core::Scheduler& s = engine_.scheduler();
  InstanceEventKinds& k = instance_events_;
  using core::EngineLock;
  using core::TimedEvent;
  using core::TimeMs;
  k.instance_running = s.define("ec2.instance-running",
                                [this](const EngineLock& held, TimeMs due, const TimedEvent& e) {
                                  settle_instance(held, due, e, &Ec2Model::on_running);
                                });
  k.instance_stopped = s.define("ec2.instance-stopped",
                                [this](const EngineLock& held, TimeMs due, const TimedEvent& e) {
                                  settle_instance(held, due, e, &Ec2Model::on_stopped);
                                });
  k.instance_terminated = s.define("ec2.instance-terminated",
                                   [this](const EngineLock& held, TimeMs due, const TimedEvent& e) {
                                     settle_instance(held, due, e, &Ec2Model::on_terminated);
                                   });
  k.terminated_instance_gone = s.define(
      "ec2.terminated-instance-gone", [this](const EngineLock& held, TimeMs, const TimedEvent& e) {
        forget_terminated_instance(held, e);
      });
  k.spot_interruption = s.define("ec2.spot-interruption",
                                 [this](const EngineLock& held, TimeMs at, const TimedEvent& e) {
                                   carry_out_spot_interruption(held, at, e);
                                 });
  k.instance_retirement = s.define("ec2.instance-retirement",
                                   [this](const EngineLock& held, TimeMs at, const TimedEvent& e) {
                                     carry_out_retirement(held, at, e);
                                   });
  k.metadata_options_applied = s.define(
      "ec2.metadata-options-applied", [this](const EngineLock& held, TimeMs, const TimedEvent& e) {
        on_metadata_options_applied(held, e);
      });
  k.spot_evaluation = s.define("ec2.spot-request-evaluation",
                               [this](const EngineLock& held, TimeMs when, const TimedEvent& e) {
                                 on_spot_evaluation_due(held, when, e);
                               });
  k.spot_price_interruption =
      s.define("ec2.spot-price-interruption",
               [this](const EngineLock& held, TimeMs at, const TimedEvent& e) {
                 on_spot_price_crossed(held, at, e);
               });
  k.fleet_retry =
      s.define("ec2.fleet-retry", [this](const EngineLock& held, TimeMs t, const TimedEvent& e) {
        on_fleet_retry_due(held, t, e);
      });
  k.fleet_replacement = s.define("ec2.fleet-replacement",
                                 [this](const EngineLock& held, TimeMs t, const TimedEvent& e) {
                                   if (Ec2Partition* part = partitions_.find(held, e.part)) {
                                     fulfil_fleet(*part, e.subject, t);
                                   }
                                 });
}

void Ec2Model::settle_instance(const core::EngineLock& held, core::TimeMs due,
                               const core::TimedEvent& event,
                               void (Ec2Model::*then)(Ec2Partition&, Instance&, core::TimeMs)) {
  Ec2Partition* part = partitions_.find(held, event.part);
  Instance* inst = part ? part->find_instance(event.subject) : nullptr;
  if (!inst) return;  // the instance is gone
  inst->lifecycle.settle_on_event(due);
  (this->*then)(*part, *inst, due);
}

bool Ec2Model::is_well_formed_instance_id(const std::string& id) {
  if (id.size() < 3 || id.compare(0, 2, "i-") != 0) return false;
  const std::size_t n = id.size() - 2;
  if (n != 8 && n != 17) return false;
  return std::all_of(id.begin() + 2, id.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::vector<Instance*> Ec2Model::require_instances(Ec2Partition& p,
                                                   const std::vector<std::string>& ids) {
  for (const std::string& id : ids) {
    if (!is_well_formed_instance_id(id)) {
      throw ServiceError("InvalidInstanceID.Malformed", "Invalid id: \"" + id + "\"");
    }
  }
  std::vector<Instance*> found;
  std::vector<std::string> missing;
  std::set<std::string> seen;
  for (const std::string& id : ids) {
    if (!seen.insert(id).second) continue;
    Instance* inst = p.find_instance(id);
    if (inst) {
      found.push_back(inst);
    } else {
      missing.push_back(id);
    }
  }
  if (missing.size() == 1) {
    throw ServiceError("InvalidInstanceID.NotFound",
                       "The instance ID '" + missing.front() + "' does not exist");
  }
  if (!missing.empty()) {
    throw ServiceError("InvalidInstanceID.NotFound",
                       "The instance IDs '" + quoted_list(missing) + "' do not exist");
  }
  return found;
}

void Ec2Model::notify(Ec2Partition& p, Instance& instance, InstanceState previous,
                      core::TimeMs at) {
  for (const StateListener& listener : listeners_) listener(p, instance, previous, at);
}

// --- boot ---------------------------------------------------------------------------------------

void Ec2Model::apply_stuck_faults(Ec2Partition& p, Instance& instance,
                                  const std::string& transition) {
  bool stuck = false;
  if (faults_) {
    core::FaultContext ctx;
    ctx.cloud = "ec2";
    ctx.account = p.key.account;
    ctx.region = p.key.region;
    ctx.zones = {instance.availability_zone};
    ctx.instance_types = {instance.instance_type};
    ctx.instance_ids = {instance.instance_id.str()};
    stuck = faults_->should_stick(ctx, transition);
  }
  instance.lifecycle.set_stuck(stuck);
}

void Ec2Model::begin_boot(Ec2Partition& p, Instance& instance, core::TimeMs now) {
  apply_stuck_faults(p, instance, "pending");
  publish_state(p, instance, InstanceState::kPending, now);
  instance.lifecycle.begin(
      engine_.scheduler(), now, InstanceState::kPending, InstanceState::kRunning,
      engine_.timing().duration("pending"),
      core::TimedEvent{instance_events_.instance_running, p.key, instance.instance_id.str(), {}});
}

void Ec2Model::on_running(Ec2Partition& p, Instance& instance, core::TimeMs at) {
  instance.state_reason.reset();
  if (instance.extra_parts) instance.extra_parts->state_transition_reason.clear();
  instance.booted_at = at;
  instance.status_checks_ok_at = at + engine_.timing().duration("status-checks");
  if (instance.extras().password_ready_at == 0 && instance.platform == "windows" &&
      !instance.key_name.empty()) {
    // Set once, on the first boot.
    instance.extras_mut().password_ready_at = instance.status_checks_ok_at;
  }
  publish_state(p, instance, InstanceState::kRunning, at);
  notify(p, instance, InstanceState::kPending, at);
}

std::vector<StateChange> Ec2Model::start_instances(Ec2Partition& p,
                                                   const std::vector<std::string>& ids,
                                                   bool dry_run, core::TimeMs now) {
  std::vector<Instance*> instances = require_instances(p, ids);
  for (Instance* inst : instances) {
    const InstanceState s = inst->lifecycle.state();
    if (s == InstanceState::kStopping || s == InstanceState::kShuttingDown ||
        s == InstanceState::kTerminated) {
      throw ServiceError("IncorrectInstanceState",
                         "The instance '" + inst->instance_id.str() +
                             "' is not in a state from which it can be started.");
    }
  }
  if (dry_run) throw dry_run_succeeded();
  require_start_capacity(p, instances);
  std::vector<StateChange> changes;
  for (Instance* inst : instances) {
    const InstanceState previous = inst->lifecycle.state();
    if (previous == InstanceState::kStopped) {
      // A stopped instance still holding an address has an Elastic IP (network_interfaces.h).
      if (inst->assign_public_ip && inst->public_ip.empty()) {
        inst->public_ip = p.network.allocate_public_ip();
      }
      if (inst->extra_parts) inst->extra_parts->state_transition_reason.clear();
      inst->state_reason.reset();
      inst->launch_time = now;
      begin_boot(p, *inst, now);
    }
    changes.push_back({inst->instance_id.str(), previous, inst->lifecycle.state()});
  }
  return changes;
}

// --- stop ---------------------------------------------------------------------------------------

void Ec2Model::begin_stop(Ec2Partition& p, Instance& instance, bool hibernate, bool force,
                          core::TimeMs now) {
  if (instance.lifecycle.state() == InstanceState::kRunning) {
    instance.extras_mut().state_transition_reason = user_initiated_reason(now);
    instance.state_reason =
        hibernate ? StateReason{"Client.UserInitiatedHibernate",
                                "Client.UserInitiatedHibernate: User initiated hibernate"}
                  : StateReason{"Client.UserInitiatedShutdown",
                                "Client.UserInitiatedShutdown: User initiated shutdown"};
  }
  if (force && instance.lifecycle.state() == InstanceState::kStopping) {
    if (instance.lifecycle.settle_now(engine_.scheduler(), now)) on_stopped(p, instance, now);
    return;
  }
  ++departures_from_running_;
  apply_stuck_faults(p, instance, "stopping");
  const core::TimeMs delay = engine_.timing().duration(force ? "stopping-forced" : "stopping");
  publish_state(p, instance, InstanceState::kStopping, now);
  instance.lifecycle.begin(
      engine_.scheduler(), now, InstanceState::kStopping, InstanceState::kStopped, delay,
      core::TimedEvent{instance_events_.instance_stopped, p.key, instance.instance_id.str(), {}});
}

void Ec2Model::on_stopped(Ec2Partition& p, Instance& instance, core::TimeMs at) {
  instance.public_ip.clear();  // a stopped instance gives its public address back
  instance.status_checks_ok_at = 0;
  publish_state(p, instance, InstanceState::kStopped, at);
  notify(p, instance, InstanceState::kStopping, at);
}

std::vector<StateChange> Ec2Model::stop_instances(Ec2Partition& p,
                                                  const std::vector<std::string>& ids,
                                                  bool hibernate, bool force, bool dry_run,
                                                  core::TimeMs now) {
  std::vector<Instance*> instances = require_instances(p, ids);
  for (Instance* inst : instances) {
    const std::string id = inst->instance_id.str();
    if (inst->root_device_type != "ebs") {
      throw ServiceError("UnsupportedOperation", "The instance '" + id +
                                                     "' does not have an 'ebs' root device type "
                                                     "and cannot be stopped.");
    }
    const InstanceState s = inst->lifecycle.state();
    if (s == InstanceState::kPending) {
      throw ServiceError(
          "IncorrectInstanceState",
          "Instance '" + id + "' cannot be stopped as it has never reached the 'running' state.");
    }
    if (s == InstanceState::kShuttingDown || s == InstanceState::kTerminated) {
      throw ServiceError(
          "IncorrectInstanceState",
          "This instance '" + id + "' is not in a state from which it can be stopped.");
    }
    if (hibernate && inst->spot) {
      throw ServiceError("UnsupportedOperation",
                         "You can't hibernate Spot Instances using the StopInstances API. To "
                         "hibernate Spot Instances, use the instance interruption behavior.");
    }
    if (hibernate && !inst->hibernation_configured) {
      throw ServiceError("UnsupportedHibernationConfiguration",
                         "The instance can't be hibernated because it was not configured at "
                         "launch for hibernation: " +
                             id);
    }
    if (inst->spot && inst->extras().spot_instance_type != "persistent") {
      throw ServiceError("UnsupportedOperation",
                         "You can't stop the Spot Instance '" + id +
                             "' because it is associated with a one-time Spot Instance request. "
                             "You can only stop Spot Instances associated with persistent Spot "
                             "Instance requests.");
    }
    if (inst->disable_api_stop && s == InstanceState::kRunning) {
      throw ServiceError("OperationNotPermitted",
                         "The instance '" + id +
                             "' may not be stopped. Modify its 'disableApiStop' instance "
                             "attribute and try again.");
    }
  }
  if (dry_run) throw dry_run_succeeded();
  std::vector<StateChange> changes;
  for (Instance* inst : instances) {
    const InstanceState previous = inst->lifecycle.state();
    if (previous == InstanceState::kRunning || (previous == InstanceState::kStopping && force)) {
      begin_stop(p, *inst, hibernate, force, now);
    }
    changes.push_back({inst->instance_id.str(), previous, inst->lifecycle.state()});
  }
  return changes;
}

// --- reboot -------------------------------------------------------------------------------------

// The API reference: "The operation succeeds if the instances are valid and belong to you.
// Requests to reboot terminated instances are ignored." Only a running instance reboots; in any
// other state the request is accepted and changes nothing.
void Ec2Model::reboot_instances(Ec2Partition& p, const std::vector<std::string>& ids, bool dry_run,
                                core::TimeMs now) {
  std::vector<Instance*> instances = require_instances(p, ids);
  if (dry_run) throw dry_run_succeeded();
  for (Instance* inst : instances) {
    // A reboot keeps the instance running (and its addresses); status checks start over.
    if (inst->lifecycle.state() == InstanceState::kRunning) {
      inst->status_checks_ok_at =
          now + engine_.timing().duration("rebooting") + engine_.timing().duration("status-checks");
    }
  }
}

// --- terminate ----------------------------------------------------------------------------------

void Ec2Model::begin_termination(Ec2Partition& p, Instance& instance, bool force,
                                 core::TimeMs now) {
  const InstanceState s = instance.lifecycle.state();
  if (s == InstanceState::kTerminated) return;
  if (s == InstanceState::kShuttingDown) {
    if (force && instance.lifecycle.settle_now(engine_.scheduler(), now)) {
      on_terminated(p, instance, now);
    }
    return;
  }
  instance.extras_mut().state_transition_reason = user_initiated_reason(now);
  instance.state_reason = StateReason{"Client.UserInitiatedShutdown",
                                      "Client.UserInitiatedShutdown: User initiated shutdown"};
  if (s == InstanceState::kStopped) {
    // A stopped instance has nothing to shut down: it is terminated at once.
    instance.lifecycle.move_to(engine_.scheduler(), InstanceState::kTerminated, now);
    on_terminated(p, instance, now);
    return;
  }
  ++departures_from_running_;
  apply_stuck_faults(p, instance, "shutting-down");
  const core::TimeMs delay =
      engine_.timing().duration(force ? "shutting-down-forced" : "shutting-down");
  publish_state(p, instance, InstanceState::kShuttingDown, now);
  instance.lifecycle.begin(
      engine_.scheduler(), now, InstanceState::kShuttingDown, InstanceState::kTerminated, delay,
      core::TimedEvent{
          instance_events_.instance_terminated, p.key, instance.instance_id.str(), {}});
}

void Ec2Model::on_terminated(Ec2Partition& p, Instance& instance, core::TimeMs at) {
  // Volumes: delete-on-termination ones go, the others become available again.
  for (const InstanceBlockDevice& bd : instance.block_devices) {
    auto it = p.volumes.find(bd.volume_id);
    if (it == p.volumes.end()) continue;
    // A Multi-Attach volume still attached elsewhere only loses this attachment.
    if (release_volume_attachment(it->second, instance.instance_id)) continue;
    if (it->second.pending_event) engine_.scheduler().cancel(it->second.pending_event);
    if (bd.delete_on_termination) {
      p.volumes.erase(it);
    } else {
      it->second.attachment.reset();
      it->second.state = "available";
      it->second.pending_event = 0;
    }
  }
  instance.block_devices.clear();
  instance.public_ip.clear();
  instance.private_ip.clear();
  instance.status_checks_ok_at = 0;
  // Terminated instances stay visible for a while (an hour on AWS), then disappear.
  engine_.scheduler().schedule(
      at + engine_.timing().duration("terminated-visible"),
      core::TimedEvent{
          instance_events_.terminated_instance_gone, p.key, instance.instance_id.str(), {}});
  publish_state(p, instance, InstanceState::kTerminated, at);
  notify(p, instance, InstanceState::kShuttingDown, at);
}

void Ec2Model::forget_terminated_instance(const core::EngineLock& held,
                                          const core::TimedEvent& event) {
  Ec2Partition* part = partitions_.find(held, event.part);
  if (!part) return;
  const core::CompactText id(event.subject);
  Instance* inst = part->find_instance(id);
  if (!inst || inst->lifecycle.state() != InstanceState::kTerminated) {
    return;
  }
  const std::string reservation_id = inst->reservation_id;
  part->instances.erase(id);
  auto seq = part->reservation_seq.find(reservation_id);
  if (seq == part->reservation_seq.end()) return;
  auto& members = part->reservations.at(seq->second).instance_ids;
  std::erase(members, id);
  if (members.empty()) {
    part->reservations.erase(seq->second);
    part->reservation_seq.erase(seq);
  }
}

TerminateOutcome Ec2Model::terminate_instances(Ec2Partition& p, const std::vector<std::string>& ids,
                                               bool force, bool dry_run, core::TimeMs now,
                                               bool ignore_protection) {
  if (ids.size() > 1000) {
    throw ServiceError("InvalidParameterValue",
                       "The maximum number of instance IDs per request is 1000; " +
                           std::to_string(ids.size()) + " were specified.");
  }
  std::vector<Instance*> instances = require_instances(p, ids);
  if (dry_run) throw dry_run_succeeded();

  // Termination protection is decided per Availability Zone: an AZ holding a protected instance
  // of this request terminates none of the request's instances (seed 000).
  std::map<std::string, std::vector<std::string>> protected_by_zone;
  if (!ignore_protection) {
    for (Instance* inst : instances) {
      const InstanceState s = inst->lifecycle.state();
      if (inst->disable_api_termination && s != InstanceState::kTerminated &&
          s != InstanceState::kShuttingDown) {
        protected_by_zone[inst->availability_zone].push_back(inst->instance_id.str());
      }
    }
  }
  TerminateOutcome outcome;
  for (Instance* inst : instances) {
    if (protected_by_zone.contains(inst->availability_zone)) continue;
    const InstanceState previous = inst->lifecycle.state();
    begin_termination(p, *inst, force, now);
    outcome.changes.push_back({inst->instance_id.str(), previous, inst->lifecycle.state()});
  }
  if (!protected_by_zone.empty()) {
    std::vector<std::string> protected_ids;
    for (const auto& [zone, zone_ids] : protected_by_zone) {
      protected_ids.insert(protected_ids.end(), zone_ids.begin(), zone_ids.end());
    }
    const std::string message =
        protected_ids.size() == 1
            ? "The instance '" + protected_ids.front() +
                  "' may not be terminated. Modify its 'disableApiTermination' instance "
                  "attribute and try again."
            : "The instances '" + quoted_list(protected_ids) +
                  "' may not be terminated. Modify their 'disableApiTermination' instance "
                  "attribute and try again.";
    outcome.refusal = ServiceError("OperationNotPermitted", message);
  }
  return outcome;
}

}  // namespace cloudlife::ec2
