#include "server/state_snapshot.h"

#include <stdexcept>
#include <string>

#include "autoscaling/asg_snapshot.h"
#include "core/engine_snapshot.h"
#include "ec2/ec2_snapshot.h"
#include "ecs/ecs_snapshot.h"
#include "server/services.h"
#include "usage/usage_snapshot.h"

namespace cloudlife::server {

using nlohmann::json;

void save_state(Services& services, const std::function<void(json)>& emit) {
  services.engine.with_lock([&](const core::EngineLock& held) {
    // The usage meter's notes of changed records are not saved: nothing may be owed to it.
    services.engine.observe_pending(held);
    core::save_engine(held, services.engine, emit);
    core::save_faults(services.faults, emit);
    core::save_audit_log(services.audit, emit);
    core::save_service_events(services.service_events, emit);
    ec2::save_ec2(held, services.ec2, emit);
    autoscaling::save_autoscaling(held, services.autoscaling.model(), emit);
    ecs::save_ecs(held, services.ecs_model, services.ecs, emit);
    usage::save_usage(held, services.usage, emit);
  });
}

void StateLoader::apply(const json& record) {
  const std::string& section = record.at("s").get_ref<const std::string&>();
  services_.engine.with_lock([&](const core::EngineLock& held) {
    if (section == "engine") {
      core::load_engine_record(held, services_.engine, record, reader_);
      if (const std::optional<core::SavedClock> clock = core::saved_clock(record)) clock_ = *clock;
    } else if (section == "faults") {
      core::load_faults_record(services_.faults, record, reader_);
    } else if (section == "audit") {
      core::load_audit_log_record(services_.audit, record, reader_);
    } else if (section == "service-events") {
      core::load_service_events_record(services_.service_events, record, reader_);
    } else if (section == "ec2" || section == "ec2.model") {
      ec2::load_ec2_record(held, services_.ec2, record, reader_);
    } else if (section == "autoscaling" || section == "autoscaling.model") {
      autoscaling::load_autoscaling_record(held, services_.autoscaling.model(), record, reader_);
    } else if (section == ecs::kEcsModelSection || section == ecs::kEcsPartitionSection ||
               section == ecs::kEcsTokensSection) {
      ecs::load_ecs_record(held, services_.ecs_model, services_.ecs, record, reader_);
    } else if (section == "usage") {
      usage::load_usage_record(held, services_.usage, record, reader_);
    } else {
      throw std::runtime_error("snapshot record of unknown section \"" + section + "\"");
    }
  });
}

SnapshotClock StateLoader::finish() {
  services_.engine.with_lock([&](const core::EngineLock& held) {
    ec2::finish_ec2_load(held, services_.ec2);
    ecs::finish_ecs_load(held, services_.ecs_model, clock_.virtual_now);
    usage::finish_usage_load(held, services_.usage, clock_.virtual_now);
    services_.engine.clock(held).restore(core::ClockMode::kFrozen, clock_.virtual_now);
  });
  return clock_;
}

}  // namespace cloudlife::server
