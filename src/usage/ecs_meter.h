// What Alibaba Cloud ECS bills, read from the ECS model's state: pay-as-you-go instances (from
// creation to release, except while stopped in economical mode), subscription instances (their
// paid term), cloud disks (GiB-seconds until released), EIPs (hours allocated) and snapshots
// (GiB-seconds of their source disk).
// Contract: report_gone_ecs() tells the ledger which instances, disks, EIPs and snapshots went
// away since the last pass; meter_ecs() then reports every one that may have changed
// (core::TrackedMap) to the ledger, and marks what accrues cost unused as a leak, saying why:
// disks left Available, EIPs not associated (after a release, or converted from a released
// instance's NAT public IP), snapshots whose disk is gone. check_ecs() visits every one of them
// for the check of the meters (usage/meter_check.h); note_all_ecs() makes the next pass visit them
// all. Engine lock held; they change no record (they only take or make the maps' notes).
#pragma once

#include "ecs/ecs_model.h"
#include "usage/ledger.h"
#include "usage/meter_check.h"

namespace cloudlife::usage {

// The two halves of a pass (usage/meter_changes.h): what went away, then what changed.
void report_gone_ecs(core::LockProof held, ecs::EcsModel& model, Ledger& ledger, core::TimeMs now);
void meter_ecs(core::LockProof held, ecs::EcsModel& model, Ledger& ledger, core::TimeMs now);
void check_ecs(core::LockProof held, ecs::EcsModel& model, const Ledger& ledger, MeterCheck& check);
// Notes every object it bills as maybe changed, so the next pass visits them all (after a
// snapshot is loaded: usage/usage_snapshot.h).
void note_all_ecs(core::LockProof held, ecs::EcsModel& model);

}  // namespace cloudlife::usage
