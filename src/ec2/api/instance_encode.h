// The Instance shape and its neighbours (Reservation, InstanceStateChange) written with the
// generated codec's writers (codegen/ec2/instances.ops): RunInstances, DescribeInstances and the
// state-changing actions answer through these.
// Contract: pure functions of the snapshot they are given (no business rule); `high_byte` is ORed
// into state codes (0 unless a fault asks for it; clients must mask it). No per-instance heap
// allocation beyond the DNS names the model derives.
#pragma once

#include <string>
#include <vector>

#include "ec2/ec2_model.h"
#include "ec2/ec2_partition.h"
#include "ec2_codec.h"  // generated from codegen/ec2/instances.ops

namespace cloudlife::ec2::api {

// One <item> of an instancesSet: every member DescribeInstances answers for `instance`. With the
// instance's partition (REQUIRES: its engine lock held), every attached interface is listed (the
// primary with its secondary addresses, then device index 1 and above from their records);
// without it, the primary interface from the instance's own fields.
void write_instance_shape(codec::ec2::InstanceWriter& w, const Instance& instance,
                          const std::string& region, int high_byte,
                          const Ec2Partition* partition = nullptr);
// A reservation's members: its header and the instancesSet of `instances` (Instance or Instance*).
void write_reservation_shape(codec::ec2::ReservationWriter& w, const ReservationView& view,
                             const std::string& region, int high_byte,
                             const Ec2Partition* partition = nullptr);
// The same from pointers into the partition (REQUIRES: its engine lock; RunInstances' answer).
void write_reservation_shape(codec::ec2::ReservationWriter& w,
                             const InstanceSelection::Group& launched, const std::string& region,
                             int high_byte, const Ec2Partition* partition = nullptr);
// DescribeInstances' <reservationSet>, written straight from the model under the engine lock
// (REQUIRES: that lock); the document is sized once, from its first instance, for the whole answer.
void write_reservation_set_shape(codec::ec2::DescribeInstancesResponse& out,
                                 const InstanceSelection& selection, const Ec2Partition& partition,
                                 const std::string& region, int high_byte);
// Start/Stop/TerminateInstances' <instancesSet> of state changes.
void write_state_change_items(codec::ec2::InstanceStateChangeListWriter& list,
                              const std::vector<StateChange>& changes, int high_byte);

}  // namespace cloudlife::ec2::api
