// The engine's state in a snapshot (docs/architecture.md, "Snapshots"): section "engine".
// Contract: save_engine() emits, with the engine's lock held,
//   {"s": "engine", "f": {"ids": <state-ID sequence position>,
//                         "timing": {"kind": "instant"|"realistic",
//                                    "overrides": [[phase name, ms], ...],
//                                    "position": <realistic draws' position>},
//                         "clock": {"mode": "real"|"frozen", "virtual_now": ms,
//                                   "wall_at_save": ms},
//                         "next_event_id": n, "owed_observation": ms | null}}
// then the scheduler's pending events in firing order, at most archive::kChunkItems a record:
//   {"s": "engine", "events": [{"due": ms, "id": n, "kind": <kind name>,
//                               "part": [account, region], "subject": text,
//                               "args": [text, ...]}, ...]}
// (a generator position is std::mt19937_64's state as text; texts as core::archive writes them).
// load_engine_record() applies one such record, in the order saved, to an engine whose models have
// defined their event kinds (they do in their constructors): the "f" record puts back the ID
// sequence, the timing profile, the scheduler's next event ID and the owed observation, and empties
// the scheduler; each "events" record adds its events with their IDs. An unknown kind name, a
// duplicate event ID, an unknown timing phase or a malformed record throws (std::exception).
// The clock is not put back here: the restart decides how virtual time resumes (saved_clock()
// reads what was saved; VirtualClock::restore() applies it).
#pragma once

#include <functional>
#include <optional>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/engine.h"
#include "core/state_archive.h"
#include "core/time.h"

namespace cloudlife::core {

void save_engine(const EngineLock& held, Engine& engine,
                 const std::function<void(nlohmann::json)>& emit);
void load_engine_record(const EngineLock& held, Engine& engine, const nlohmann::json& record,
                        archive::Reader& reader);

// The clock as saved: its mode, virtual time, and the wall time at that moment (in real mode
// virtual_now - wall_at_save is the offset virtual time ran ahead of the wall clock).
struct SavedClock {
  ClockMode mode = ClockMode::kReal;
  TimeMs virtual_now = 0;
  TimeMs wall_at_save = 0;
};
// The clock an "engine" record saved (nullopt for a record that holds none). Throws on a malformed
// clock.
std::optional<SavedClock> saved_clock(const nlohmann::json& record);

}  // namespace cloudlife::core
