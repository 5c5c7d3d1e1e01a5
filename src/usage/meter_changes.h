// How a cloud meter walks one map of its model: only what changed since the last pass.
// Contract: a pass first calls report_erased(ledger, now, map) for every map of every cloud (each
// record erased since the last pass is gone: its resources close at `now`), and only then
// meter_noted(map, visit) for each, which calls visit(record) for every record the map noted
// since the last pass, or for all of them when it says `all`. Departures come first because an
// erased record's address may already hold a new record of another map (core::TrackedMap).
// Engine lock held.
#pragma once

#include <utility>

#include "core/time.h"
#include "usage/ledger.h"

namespace cloudlife::usage {

// Returns whether any record was erased.
template <class Map>
bool report_erased(Ledger& ledger, core::TimeMs now, Map& map) {
  const auto erased = map.take_erased();
  for (const void* record : erased) ledger.gone(record, now);
  return !erased.empty();
}

template <class Map, class Visit>
void meter_noted(Map& map, Visit&& visit) {
  const auto noted = map.take_noted();
  if (noted.all) {
    for (const auto& entry : std::as_const(map)) visit(entry.second);
  } else {
    for (const auto* record : noted.records) visit(*record);
  }
}

}  // namespace cloudlife::usage
