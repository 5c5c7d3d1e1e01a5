// How many reconcile passes one group may run at one virtual instant.
// Contract: plain bookkeeping, no clock of its own. admit(now, members) counts the passes at `now`
// (a later instant starts a new count) and answers false once the count exceeds
// limit(members) = 1000 + 10 per member: far more than any convergence needs at one instant (each
// pass launches or terminates at least one instance, or settles), so reaching it means the engine
// would spin. The engine then logs an internal error with the group's state and defers the group
// (group_summary.h; docs/autoscaling.md, "The engine guards itself") instead of reconciling again
// at that instant.
//
//   PassBudget budget;
//   if (!budget.admit(now, group.members.size())) { /* log, defer */ }
#pragma once

#include <cstddef>

#include "core/time.h"

namespace cloudlife::autoscaling {

class PassBudget {
 public:
  static std::size_t limit(std::size_t members) { return 1000 + 10 * members; }

  bool admit(core::TimeMs now, std::size_t members) {
    if (now != instant_) {
      instant_ = now;
      passes_ = 0;
    }
    ++passes_;
    return passes_ <= limit(members);
  }

  std::size_t passes() const { return passes_; }

  // Snapshots reach the private members (scripts/gen_state_reflection.py).
  template <class V>
  friend void reflect(V& v, PassBudget& x);

 private:
  core::TimeMs instant_ = -1;
  std::size_t passes_ = 0;
};

}  // namespace cloudlife::autoscaling
