// The resource event kinds of EC2 (ec2/resource_events.h): each handler finds the event's
// partition and runs the completion function of the resource's file.
#include "ec2/resource_events.h"

#include <optional>
#include <string>
#include <utility>

#include "ec2/ec2_model.h"
#include "ec2/image_operations.h"
#include "ec2/nat_gateways.h"
#include "ec2/network_interfaces.h"
#include "ec2/snapshots.h"
#include "ec2/volumes.h"

namespace cloudlife::ec2 {
namespace {

// Defines `name` with a handler that finds the event's partition (gone: the event does nothing)
// and runs `on(partition, due, event)`.
template <class On>
core::EventKind define_on_partition(Ec2Model* model, std::string name, On on) {
  return model->engine().scheduler().define(
      std::move(name),
      [model, on](const core::EngineLock& held, core::TimeMs due, const core::TimedEvent& event) {
        if (Ec2Partition* p = model->find_partition(held, event.part)) on(*p, due, event);
      });
}

using Event = core::TimedEvent;

}  // namespace

ResourceEventKinds define_resource_events(Ec2Model& model) {
  Ec2Model* m = &model;
  ResourceEventKinds k;
  k.volume_created = define_on_partition(
      m, "ec2.volume-created",
      [](Ec2Partition& p, core::TimeMs, const Event& e) { on_volume_created(p, e.subject); });
  k.volume_attached = define_on_partition(
      m, "ec2.volume-attached",
      [](Ec2Partition& p, core::TimeMs, const Event& e) { on_volume_attached(p, e.subject); });
  k.volume_detached = define_on_partition(
      m, "ec2.volume-detached",
      [](Ec2Partition& p, core::TimeMs, const Event& e) { on_volume_detached(p, e.subject); });
  k.volume_deleted = define_on_partition(
      m, "ec2.volume-deleted",
      [](Ec2Partition& p, core::TimeMs, const Event& e) { on_volume_deleted(p, e.subject); });
  k.volume_extra_attached = define_on_partition(m, "ec2.volume-extra-attached",
                                                [](Ec2Partition& p, core::TimeMs, const Event& e) {
                                                  on_volume_extra_attached(p, e.subject, e.arg(0));
                                                });
  k.volume_extra_detached = define_on_partition(m, "ec2.volume-extra-detached",
                                                [](Ec2Partition& p, core::TimeMs, const Event& e) {
                                                  on_volume_extra_detached(p, e.subject, e.arg(0));
                                                });
  k.snapshot_completed = define_on_partition(
      m, "ec2.snapshot-completed",
      [](Ec2Partition& p, core::TimeMs, const Event& e) { on_snapshot_completed(p, e.subject); });
  k.image_available = define_on_partition(
      m, "ec2.image-available",
      [](Ec2Partition& p, core::TimeMs, const Event& e) { on_image_available(p, e.subject); });
  k.nat_gateway_created = define_on_partition(
      m, "ec2.nat-gateway-created", [m](Ec2Partition& p, core::TimeMs due, const Event& e) {
        std::optional<NatFailure> outcome;
        if (!e.args.empty()) outcome = NatFailure{e.arg(0), e.arg(1)};
        on_nat_gateway_created(*m, p, e.subject, outcome, due);
      });
  k.nat_gateway_deleted = define_on_partition(
      m, "ec2.nat-gateway-deleted", [m](Ec2Partition& p, core::TimeMs due, const Event& e) {
        on_nat_gateway_deleted(*m, p, e.subject, due);
      });
  k.nat_gateway_forgotten = define_on_partition(m, "ec2.nat-gateway-forgotten",
                                                [](Ec2Partition& p, core::TimeMs, const Event& e) {
                                                  on_nat_gateway_forgotten(p, e.subject);
                                                });
  k.network_interface_attached = define_on_partition(
      m, "ec2.network-interface-attached", [](Ec2Partition& p, core::TimeMs, const Event& e) {
        on_network_interface_attached(p, e.subject, e.arg(0));
      });
  return k;
}

}  // namespace cloudlife::ec2
