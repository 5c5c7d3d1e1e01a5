// Auto Scaling's part of a snapshot (docs/architecture.md "Snapshots"): every partition (groups,
// launch configurations, activities, metrics, alarms, and the Classic ELB / ELBv2 state it extends)
// and the model-wide counters, as bounded JSON records, and back.
// Contract: save_autoscaling() emits, for each partition, the records of
// core::archive::save_section with `where` = {"s": "autoscaling", "k": [account, region]} (every
// member of AsgPartition and ElbPartition, by name), then one record {"s": "autoscaling.model",
// "schedule_serial": n, "last_launch_error": "…"}. load_autoscaling_record() applies one record of
// either section to a model that was just constructed or cleared, and returns false for a record
// of another section. Runs under the engine lock.
#pragma once

#include <functional>

#include <nlohmann/json.hpp>

#include "core/engine_lock.h"
#include "core/state_archive.h"

namespace cloudlife::autoscaling {

class AsgModel;

void save_autoscaling(core::LockProof held, AsgModel& model,
                      const std::function<void(nlohmann::json)>& emit);
bool load_autoscaling_record(core::LockProof held, AsgModel& model, const nlohmann::json& record,
                             core::archive::Reader& reader);

}  // namespace cloudlife::autoscaling
