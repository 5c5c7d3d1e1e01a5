// What Alibaba Cloud ECS bills, read from the ECS model's state: pay-as-you-go instances (from
// creation to release, except while stopped in economical mode), subscription instances (their
// paid term), cloud disks (GiB-seconds until released), EIPs (hours allocated) and snapshots
// (GiB-seconds of their source disk).
// Contract: meter_ecs() reports every instance, disk, EIP and snapshot of every partition to the
// ledger and marks what accrues cost unused as a leak, saying why: disks left Available, EIPs not
// associated (after a release, or converted from a released instance's NAT public IP), snapshots
// whose disk is gone. Engine lock held; reads only.
#pragma once

#include "ecs/ecs_model.h"
#include "usage/ledger.h"

namespace cloudlife::usage {

void meter_ecs(core::LockProof held, ecs::EcsModel& model, Ledger& ledger, core::TimeMs now);

}  // namespace cloudlife::usage
