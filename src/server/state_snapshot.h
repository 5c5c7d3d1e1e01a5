// The whole state of one emulator as snapshot records, and back (docs/architecture.md
// "Snapshots"): what Persistence writes to snapshot-<gen>.snap and loads at a restart.
// Contract: save_state() takes the engine lock once and emits, in this order, the records of the
// engine (the clock, the ID and timing draws' positions, pending events), the fault rules, the
// audit trail, the service events, EC2, Auto Scaling, ECS and the usage meter, each piece's records
// as its own save function documents. StateLoader applies them one at a time to freshly constructed
// Services (nothing served yet), dispatching on "s"; finish() rebuilds what is derived (indexes,
// the usage meter's memos) and returns the clock the snapshot was taken at. A record of an unknown
// section throws std::runtime_error: a snapshot from a newer cloudlife is refused rather than
// half-loaded.
#pragma once

#include <functional>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/engine_snapshot.h"
#include "core/state_archive.h"
#include "core/time.h"

namespace cloudlife::server {

struct Services;

void save_state(Services& services, const std::function<void(nlohmann::json)>& emit);

using SnapshotClock = core::SavedClock;

class StateLoader {
 public:
  explicit StateLoader(Services& services) : services_(services) {}
  void apply(const nlohmann::json& record);
  SnapshotClock finish();

 private:
  Services& services_;
  core::archive::Reader reader_;
  SnapshotClock clock_;
};

}  // namespace cloudlife::server
