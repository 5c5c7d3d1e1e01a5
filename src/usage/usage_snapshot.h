// Snapshots of the usage meter: section "usage" (docs/architecture.md, "Snapshots").
// Contract: save_usage() emits what the meter knows that no model holds: every resource of the
// ledger (its billable intervals, presence, holders, leak, tags), in the table's iteration order,
// and the price book in use. What the ledger remembers of model objects between passes (the memos,
// keyed by the objects' addresses, and the pass counter) is not saved: addresses do not survive a
// restart, and the memos follow from the resources and the models. load_usage_record() applies
// the records in the order saved to a freshly constructed or just-reset meter (the first one
// clears the ledger and the book). finish_usage_load() then notes every object of every model
// (UsageMeter::note_all) and runs one metering pass at `now`: each object's resources are already
// in the ledger as the object shows them, so the pass opens, closes and moves no interval and
// changes no leak; it only rebuilds the memos at the objects' new addresses (so an object erased
// after the restart closes its resources then, and an unchanged one takes the fast path), and it
// takes whatever notes and erased addresses the models' loading left in their core::TrackedMaps
// (the ledger has no memo yet, so an erased address closes nothing), so the first real pass sees
// real changes only.
// The caller's duties (server/state_snapshot.cc):
//   - save after engine.observe_pending(held): no change may be owed to the meter when the
//     snapshot is taken (the maps' notes are not saved);
//   - build the meter's cloud meters with their note_all (UsageMeter::meter_of(model,
//     report_gone_ec2, meter_ec2, check_ec2, note_all_ec2), and the same with note_all_ecs):
//     finish_usage_load() throws std::logic_error for a cloud meter without one, as it could not
//     rebuild that cloud's memos (finish_ec2_load / finish_ecs_load forget what loading noted);
//   - call finish_usage_load() once, after every model's records are loaded and their own
//     finish_*_load() ran, before any request or event, with `now` the snapshot's virtual time.
// Records (none holds more than core::archive::kChunkItems items):
//   {"s": "usage", "r": "head", "currency": "USD", "buckets": <resource table's bucket count>}
//   {"s": "usage", "r": "prices", "facts": [<PriceBook::to_json() facts>...]}
//   {"s": "usage", "r": "resources", "items": [<Resource>...]}  (reverse iteration order)
// A Resource is {"key": {"cloud", "account", "region", "type", "id"}, "rule": <Rule number>,
// "tags": [[key, value]...], "intervals": [{"start", "end", "sku", "size_gib", "paid_until"}...],
// "present", "gone_at", "holder", "last_holder", "first_holder", "leak_since", "leak_reason"}
// (absent times are null). All functions run with the engine lock held.
#pragma once

#include <functional>

#include <nlohmann/json.hpp>

#include "core/engine_lock.h"
#include "core/state_archive.h"
#include "core/time.h"
#include "usage/ledger.h"
#include "usage/usage_meter.h"

namespace cloudlife::usage {

void save_usage(core::LockProof held, const UsageMeter& meter,
                const std::function<void(nlohmann::json)>& emit);
// Returns false when the record is not the usage meter's (its "s" is another section); throws
// (std::exception) on a malformed one.
bool load_usage_record(core::LockProof held, UsageMeter& meter, const nlohmann::json& record,
                       core::archive::Reader& reader);
void finish_usage_load(core::LockProof held, UsageMeter& meter, core::TimeMs now);

}  // namespace cloudlife::usage
