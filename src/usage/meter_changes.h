// How a cloud meter walks one map of its model: only what may have changed since the last pass.
// Contract: meter_changes(ledger, now, map, visit) takes the map's changes (core::TrackedMap),
// tells the ledger that each erased record is gone, then calls visit(record) for each record noted
// since the last pass, or for every record when the map says `all` or the caller asks for
// `everything` (a record whose observation reads another map that lost records). Returns whether
// any record was erased. Engine lock held.
#pragma once

#include <utility>

#include "core/time.h"
#include "usage/ledger.h"

namespace cloudlife::usage {

template <class Map, class Visit>
bool meter_changes(Ledger& ledger, core::TimeMs now, Map& map, Visit&& visit,
                   bool everything = false) {
  auto changes = map.take_changes();
  for (const void* record : changes.erased) ledger.gone(record, now);
  if (changes.all || everything) {
    for (const auto& entry : std::as_const(map)) visit(entry.second);
  } else {
    for (const auto* record : changes.noted) visit(*record);
  }
  return !changes.erased.empty();
}

}  // namespace cloudlife::usage
