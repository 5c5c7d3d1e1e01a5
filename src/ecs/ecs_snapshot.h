// The ECS state in snapshots (docs/architecture.md, "Snapshots"): the model's partitions and
// model-wide members, and the front end's ClientTokens, as JSON records.
// Contract: save_ecs() emits, in this order, the "ecs.model" records (the model-wide members:
// resource homes, launch sequence, address counter), one "ecs" section per partition (where =
// {"s":"ecs","k":[account, region]}, core::archive::save_section), then "ecs.tokens" records
// ({"s":"ecs.tokens","i":[[key, entry]...]}, at most core::archive::kChunkItems entries each).
// load_ecs_record() applies one record of any of the three sections, in the order saved, to a
// freshly constructed or cleared model and service; it throws (std::exception) on a malformed
// record or one of another section. finish_ecs_load() then rebuilds what is derived and never
// saved (each partition's `listed` and `index`, EcsPartition::relist) and empties the change
// notes of the tracked maps (loading is no change the usage meter should see). Pending timed
// events are the engine's (Scheduler::pending_events / restore_pending): records carry their IDs
// only. Everything runs with the engine lock held.
#pragma once

#include <functional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/engine_lock.h"
#include "core/state_archive.h"
#include "core/time.h"

namespace cloudlife::ecs {

class EcsModel;
class EcsService;

// The sections save_ecs() writes (a loader routes records of these to load_ecs_record()).
inline constexpr std::string_view kEcsModelSection = "ecs.model";
inline constexpr std::string_view kEcsPartitionSection = "ecs";
inline constexpr std::string_view kEcsTokensSection = "ecs.tokens";

void save_ecs(core::LockProof held, const EcsModel& model, const EcsService& service,
              const std::function<void(nlohmann::json)>& emit);
void load_ecs_record(core::LockProof held, EcsModel& model, EcsService& service,
                     const nlohmann::json& record, core::archive::Reader& reader);
// `now`: the virtual time the snapshot was taken at (the restored clock's).
void finish_ecs_load(core::LockProof held, EcsModel& model, core::TimeMs now);

}  // namespace cloudlife::ecs
