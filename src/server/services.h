// Everything one running emulator holds: the engine and each cloud's model and front end.
// Contract: constructed once per server; reset() forgets all cloud state and puts the clock back on
// wall time (mode and timing stay); dump_state() snapshots every cloud under the lock.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/audit_log.h"
#include "core/engine.h"
#include "core/faults.h"
#include "core/service_events.h"
#include "ec2/api/ec2_frontend.h"
#include "ec2/ec2_model.h"
#include "server/access_control.h"
#include "server/fault_catalog.h"
#include "server/persistence.h"
#include "usage/usage_meter.h"

#include "autoscaling/autoscaling_service.h"
#include "ecs/ecs_service.h"

namespace cloudlife::server {

inline constexpr const char* kVersion = "0.1.0";

struct Services {
  explicit Services(const core::EngineOptions& options);

  core::Engine engine;
  core::FaultRegistry faults{cloud_fault_catalog()};
  core::AuditLog audit;
  core::ServiceEventLog service_events;  // /_cloudlife/service-events (issue 12 §5)
  AccessControl access;  // set before serving (flags --auth, --credentials, --allow-host)
  std::unique_ptr<Persistence> persistence;  // --state-dir; null when state lives in memory only
  ec2::Ec2Model ec2;
  ec2::api::Ec2Frontend ec2_frontend;
  ecs::EcsModel ecs_model;
  ecs::EcsService ecs;  // the ECS front end (Alibaba RPC), acting on ecs_model
  autoscaling::AutoScalingService autoscaling;
  usage::UsageMeter usage;  // usage, billing and leaks (/_cloudlife/usage, docs/teardown.md)

  // Forgets every resource, every fault rule, and puts the clock back on wall time.
  void reset();
  nlohmann::json dump_state();
};

}  // namespace cloudlife::server
