// The timed events of EC2's resources (volumes, snapshots, images, NAT gateways, network
// interfaces), as kinds of core::TimedEvent.
// Contract: define_resource_events() defines each kind once on the model's scheduler (from the
// Ec2Model constructor) and returns their EventKinds; the model keeps them (resource_events()) for
// the per-file functions that schedule them. Every event names its partition (`part`) and its
// resource (`subject`, the ID); a handler finds the partition again through the model (none: it
// does nothing) and calls the file's completion function, which re-finds the resource by ID and
// copes with it being gone. Kind-specific arguments (`args`) are listed per kind below.
#pragma once

#include "core/timed_event.h"

namespace cloudlife::ec2 {

class Ec2Model;

struct ResourceEventKinds {
  // src/ec2/volumes.cc; subject: the volume ID.
  core::EventKind volume_created = 0;   // "ec2.volume-created": creating -> available
  core::EventKind volume_attached = 0;  // "ec2.volume-attached": first attachment attached
  core::EventKind volume_detached = 0;  // "ec2.volume-detached": first attachment comes off
  core::EventKind volume_deleted = 0;   // "ec2.volume-deleted": a deleting volume is gone
  // "ec2.volume-extra-attached" / "ec2.volume-extra-detached": a further (Multi-Attach)
  // attachment; args: {instance ID}.
  core::EventKind volume_extra_attached = 0;
  core::EventKind volume_extra_detached = 0;
  // src/ec2/snapshots.cc: "ec2.snapshot-completed" (pending -> completed); subject: snapshot ID.
  core::EventKind snapshot_completed = 0;
  // src/ec2/image_operations.cc: "ec2.image-available" (pending -> available); subject: image ID.
  core::EventKind image_available = 0;
  // src/ec2/nat_gateways.cc; subject: the NAT gateway ID.
  // "ec2.nat-gateway-created": pending -> available, or failed; args: {} for available, {failure
  // code, failure message} for failed.
  core::EventKind nat_gateway_created = 0;
  core::EventKind nat_gateway_deleted = 0;    // "ec2.nat-gateway-deleted": deleting -> deleted
  core::EventKind nat_gateway_forgotten = 0;  // "ec2.nat-gateway-forgotten": no longer listed
  // src/ec2/network_interfaces.cc: "ec2.network-interface-attached"; subject: interface ID,
  // args: {attachment ID}.
  core::EventKind network_interface_attached = 0;
};

// Defines the kinds above on model.engine().scheduler(); the handlers keep a pointer to `model`.
ResourceEventKinds define_resource_events(Ec2Model& model);

}  // namespace cloudlife::ec2
