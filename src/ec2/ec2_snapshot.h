// EC2's part of a snapshot (docs/architecture.md "Snapshots"): every partition and the model-wide
// state, as bounded JSON records, and back.
// Contract: save_ec2() emits, for each partition, the records of core::archive::save_section with
// `where` = {"s": "ec2", "k": [account, region]} (every member of Ec2Partition, by name), then one
// record {"s": "ec2.model", "departures_from_running": n, "capacity": …, "imds_tokens": …}.
// load_ec2_record() applies one record of either section to a model that was just constructed or
// cleared (a partition is made on its first record); finish_ec2_load() then forgets what loading
// noted in the tracked maps (instances, volumes), so the usage meter's first pass after a restore
// sees only what changes after it. Runs under the engine lock.
#pragma once

#include <functional>

#include <nlohmann/json.hpp>

#include "core/engine_lock.h"
#include "core/state_archive.h"

namespace cloudlife::ec2 {

class Ec2Model;

void save_ec2(core::LockProof held, Ec2Model& model,
              const std::function<void(nlohmann::json)>& emit);
// Returns false when the record is not EC2's (its "s" is another section).
bool load_ec2_record(core::LockProof held, Ec2Model& model, const nlohmann::json& record,
                     core::archive::Reader& reader);
void finish_ec2_load(core::LockProof held, Ec2Model& model);

}  // namespace cloudlife::ec2
