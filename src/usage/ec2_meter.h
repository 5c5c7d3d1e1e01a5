// What EC2 bills, read from the EC2 model's state: instances (running time), their public IPv4
// addresses, and EBS volumes (GiB-seconds from creation to deletion, attached or not).
// Contract: report_gone_ec2() tells the ledger which instances and volumes went away since the
// last pass; meter_ec2() then reports every instance and volume that may have changed
// (core::TrackedMap) to the ledger, and marks an `available` volume as a leak, saying why.
// check_ec2() visits every instance and volume for the check of the meters (usage/meter_check.h);
// note_all_ec2() makes the next pass visit them all. Engine lock held; they change no record (they
// only take or make the maps' notes).
#pragma once

#include "ec2/ec2_model.h"
#include "usage/ledger.h"
#include "usage/meter_check.h"

namespace cloudlife::usage {

// The two halves of a pass (usage/meter_changes.h): what went away, then what changed.
void report_gone_ec2(core::LockProof held, ec2::Ec2Model& model, Ledger& ledger, core::TimeMs now);
void meter_ec2(core::LockProof held, ec2::Ec2Model& model, Ledger& ledger, core::TimeMs now);
void check_ec2(core::LockProof held, ec2::Ec2Model& model, const Ledger& ledger, MeterCheck& check);
// Notes every object it bills as maybe changed, so the next pass visits them all (after a
// snapshot is loaded: usage/usage_snapshot.h).
void note_all_ec2(core::LockProof held, ec2::Ec2Model& model);

}  // namespace cloudlife::usage
