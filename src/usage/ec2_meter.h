// What EC2 bills, read from the EC2 model's state: instances (running time), their public IPv4
// addresses, and EBS volumes (GiB-seconds from creation to deletion, attached or not).
// Contract: meter_ec2() reports every instance and volume that may have changed since the last pass
// (core::TrackedMap) to the ledger, and those that went away as gone; it marks an `available`
// volume as a leak, saying why. check_ec2() visits every instance and volume for the check of the
// meters (usage/meter_check.h). Engine lock held; they read the model only.
#pragma once

#include "ec2/ec2_model.h"
#include "usage/ledger.h"
#include "usage/meter_check.h"

namespace cloudlife::usage {

void meter_ec2(core::LockProof held, ec2::Ec2Model& model, Ledger& ledger, core::TimeMs now);
void check_ec2(core::LockProof held, ec2::Ec2Model& model, const Ledger& ledger, MeterCheck& check);

}  // namespace cloudlife::usage
