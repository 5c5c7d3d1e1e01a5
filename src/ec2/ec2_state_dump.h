// JSON dump of all EC2 state, for GET /_cloudlife/state (debugging and test assertions).
// Contract: call with the engine lock held (its proof); the JSON shape is documented in
// docs/control-plane.md.
#pragma once

#include <nlohmann/json.hpp>

#include "ec2/ec2_model.h"

namespace cloudlife::ec2 {

nlohmann::json dump_state(core::LockProof held, Ec2Model& model);

}  // namespace cloudlife::ec2
