// What EC2 bills, read from the EC2 model's state: instances (running time), their public IPv4
// addresses, and EBS volumes (GiB-seconds from creation to deletion, attached or not).
// Contract: meter_ec2() reports every instance and volume of every partition to the ledger and
// marks an `available` volume as a leak, saying why. Engine lock held; reads only.
#pragma once

#include "ec2/ec2_model.h"
#include "usage/ledger.h"

namespace cloudlife::usage {

void meter_ec2(core::LockProof held, ec2::Ec2Model& model, Ledger& ledger, core::TimeMs now);

}  // namespace cloudlife::usage
