#include "server/services.h"

#include "ec2/ec2_state_dump.h"
#include "usage/ec2_meter.h"
#include "usage/ecs_meter.h"

namespace cloudlife::server {

Services::Services(const core::EngineOptions& options)
    : engine(options),
      ec2(engine),
      ec2_frontend(engine, ec2),
      ecs_model(engine),
      ecs(engine, ecs_model),
      autoscaling(engine, ec2) {
  ec2.set_faults(&faults);
  ec2.set_service_events(&service_events);
  usage.add_meter(usage::UsageMeter::meter_of(ec2, usage::report_gone_ec2, usage::meter_ec2,
                                              usage::check_ec2, usage::note_all_ec2));
  usage.add_meter(usage::UsageMeter::meter_of(ecs_model, usage::report_gone_ecs, usage::meter_ecs,
                                              usage::check_ecs, usage::note_all_ecs));
  usage.attach(engine);
}

void Services::reset() {
  faults.clear();
  audit.clear();
  service_events.clear();
  engine.reset_with([&](const core::EngineLock& held) {
    ec2.clear(held);
    ecs_model.clear(held);
    ecs.clear(held);
    autoscaling.clear(held);
    usage.clear(held);
  });
}

nlohmann::json Services::dump_state() {
  return engine.transact([&](const core::EngineLock& held, core::TimeMs now) {
    nlohmann::json out;
    out["now"] = core::format_iso8601_ms(now);
    out["ec2"] = ec2::dump_state(held, ec2);
    out["ecs"] = ecs_model.dump(held, now);
    out["autoscaling"] = autoscaling.dump(held);
    return out;
  });
}

}  // namespace cloudlife::server
