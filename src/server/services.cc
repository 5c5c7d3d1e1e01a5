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
  usage.add_meter([this](usage::Ledger& l, core::TimeMs now) { usage::meter_ec2(ec2, l, now); });
  usage.add_meter(
      [this](usage::Ledger& l, core::TimeMs now) { usage::meter_ecs(ecs_model, l, now); });
  usage.attach(engine);
}

void Services::reset() {
  faults.clear();
  audit.clear();
  service_events.clear();
  engine.reset_with([&] {
    ec2.clear();
    ecs_model.clear();
    ecs.clear();
    autoscaling.clear();
    usage.clear();
  });
}

nlohmann::json Services::dump_state() {
  return engine.transact([&](core::TimeMs now) {
    nlohmann::json out;
    out["now"] = core::format_iso8601_ms(now);
    out["ec2"] = ec2::dump_state(ec2);
    out["ecs"] = ecs_model.dump(now);
    out["autoscaling"] = autoscaling.dump();
    return out;
  });
}

}  // namespace cloudlife::server
