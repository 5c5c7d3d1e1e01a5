// Events the cloud itself causes: Spot interruptions, OS-initiated shutdowns, scheduled
// retirement. Reached through fault injection (POST /_cloudlife/faults). What is announced for
// later is a timed event naming the instance ("ec2.spot-interruption", "ec2.instance-retirement"),
// carried out only if the instance is still there (and running) then.
#include "core/ids.h"
#include "ec2/ec2_model.h"

namespace cloudlife::ec2 {
namespace {

using core::InstanceState;
using core::ServiceError;

Instance& require_running(Ec2Model& model, Ec2Partition& p, const std::string& id) {
  Instance* inst = model.require_instances(p, {id}).front();
  if (inst->lifecycle.state() != InstanceState::kRunning) {
    throw ServiceError("IncorrectInstanceState",
                       "The instance '" + id + "' is not running (it is " +
                           std::string(core::state_name(inst->lifecycle.state())) + ").");
  }
  return *inst;
}

std::string service_initiated(core::TimeMs at) {
  return "Service initiated (" + core::format_space_separated(at) + " GMT)";
}

}  // namespace

void Ec2Model::interrupt_spot(Ec2Partition& p, const std::string& instance_id, core::TimeMs notice,
                              core::TimeMs now) {
  Instance& inst = require_running(*this, p, instance_id);
  if (!inst.spot) {
    throw ServiceError("UnsupportedOperation",
                       "The instance '" + instance_id + "' is not a Spot Instance.");
  }
  inst.extras_mut().spot_interruption_at = now + notice;
  announce_spot_interruption(p, inst, now);
  engine_.scheduler().schedule(
      now + notice, core::TimedEvent{instance_events_.spot_interruption, p.key, instance_id, {}});
}

// "ec2.spot-interruption" (subject: the instance): the interruption interrupt_spot() announced.
void Ec2Model::carry_out_spot_interruption(const core::EngineLock& held, core::TimeMs at,
                                           const core::TimedEvent& event) {
  Ec2Partition* part = partitions_.find(held, event.part);
  if (!part) return;
  Instance* i = part->find_instance(event.subject);
  if (!i || i->lifecycle.state() != InstanceState::kRunning) return;
  const std::string behavior = i->spot_interruption_behavior;
  if (behavior == "stop" || behavior == "hibernate") {
    begin_stop(*part, *i, behavior == "hibernate", false, at);
    i->state_reason = StateReason{"Server.SpotInstanceShutdown",
                                  "Server.SpotInstanceShutdown: Spot instance shutdown"};
  } else {
    begin_termination(*part, *i, false, at);
    i->state_reason = StateReason{"Server.SpotInstanceTermination",
                                  "Server.SpotInstanceTermination: Spot instance termination"};
  }
  i->extras_mut().state_transition_reason = service_initiated(at);
}

void Ec2Model::os_initiated_shutdown(Ec2Partition& p, const std::string& instance_id,
                                     core::TimeMs now) {
  Instance& inst = require_running(*this, p, instance_id);
  if (inst.shutdown_behavior == "terminate") {
    begin_termination(p, inst, false, now);
  } else {
    begin_stop(p, inst, false, false, now);
  }
  inst.extras_mut().state_transition_reason = "User initiated";
  inst.state_reason = StateReason{"Client.InstanceInitiatedShutdown",
                                  "Client.InstanceInitiatedShutdown: Instance initiated shutdown"};
}

InstanceEvent Ec2Model::schedule_retirement(Ec2Partition& p, const std::string& instance_id,
                                            core::TimeMs not_before, core::TimeMs now) {
  Instance* inst = require_instances(p, {instance_id}).front();
  if (inst->lifecycle.state() == InstanceState::kTerminated ||
      inst->lifecycle.state() == InstanceState::kShuttingDown) {
    throw ServiceError("IncorrectInstanceState", "The instance '" + instance_id +
                                                     "' is not in a valid state for this "
                                                     "operation.");
  }
  if (not_before < now) not_before = now;
  InstanceEvent event;
  event.event_id = core::resource_id("instance-event");
  event.code = "instance-retirement";
  event.description = "The instance is running on degraded hardware";
  event.not_before = not_before;
  event.not_after = not_before + 7 * core::kDay;
  inst->extras_mut().events.push_back(event);
  engine_.scheduler().schedule(
      not_before,
      core::TimedEvent{instance_events_.instance_retirement, p.key, instance_id, {event.event_id}});
  return event;
}

// "ec2.instance-retirement" (subject: the instance; args: the retirement event's ID): the
// retirement schedule_retirement() announced.
void Ec2Model::carry_out_retirement(const core::EngineLock& held, core::TimeMs at,
                                    const core::TimedEvent& event) {
  Ec2Partition* part = partitions_.find(held, event.part);
  if (!part) return;
  const std::string& event_id = event.arg(0);
  Instance* i = part->find_instance(event.subject);
  if (!i) return;
  if (i->extra_parts) {
    std::erase_if(i->extra_parts->events,
                  [&](const InstanceEvent& e) { return e.event_id == event_id; });
  }
  const InstanceState s = i->lifecycle.state();
  if (s != InstanceState::kRunning) return;
  if (i->root_device_type == "ebs") {
    begin_stop(*part, *i, false, false, at);
    i->state_reason = StateReason{"Server.ScheduledStop",
                                  "Server.ScheduledStop: Stopped due to scheduled retirement"};
  } else {
    begin_termination(*part, *i, false, at);
    i->state_reason = StateReason{"Server.ScheduledStop",
                                  "Server.ScheduledStop: Terminated due to scheduled retirement"};
  }
  i->extras_mut().state_transition_reason = service_initiated(at);
}

}  // namespace cloudlife::ec2
