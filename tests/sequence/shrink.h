// Shrinking a failing sequence to a shortest one that still fails the same way.
// Contract: shrink() only ever returns a sequence for which still_fails() answered true (or the
// input unchanged). It first deletes chunks of steps (halves, quarters… single steps, repeated
// until nothing more can go), then lowers each step's numbers towards 0 (0 is the plainest choice).
// It stops after `budget` calls of still_fails().
#pragma once

#include <functional>
#include <vector>

#include "step.h"

namespace cloudlife::sequence {

using StillFails = std::function<bool(const std::vector<Step>&)>;

std::vector<Step> shrink(std::vector<Step> steps, const StillFails& still_fails, int budget = 3000);

}  // namespace cloudlife::sequence
