// RunInstances: validation, ClientToken idempotency, placement, volumes, and the first boot.
#include <algorithm>
#include <regex>

#include "core/ids.h"
#include "ec2/default_placement.h"
#include "ec2/ec2_model.h"
#include "ec2/regions.h"
#include "ec2/tag_operations.h"

namespace cloudlife::ec2 {
namespace {

using core::ServiceError;

constexpr long long kMaxInstancesPerRequest = 10000;
// Instances (of any state still listed) one account may hold in one region.
constexpr long long kMaxInstancesPerPartition = 200000;
// The resource types RunInstances' TagSpecifications may name.
const std::vector<std::string>& launch_tag_resource_types() {
  static const std::vector<std::string> types = {
      "instance",    "volume",          "network-interface", "spot-instances-request",
      "elastic-gpu", "launch-template", "key-pair",          "security-group"};
  return types;
}

}  // namespace

bool Ec2Model::is_valid_instance_type(const std::string& type) {
  static const std::regex pattern(
      R"(^[a-z][a-z0-9-]*\.(nano|micro|small|medium|large|xlarge|[0-9]+xlarge|metal(-[0-9]+xl)?)$)");
  return std::regex_match(type, pattern);
}

ReservationView Ec2Model::run_instances(Ec2Partition& p, const RunInstancesRequest& request,
                                        core::TimeMs now) {
  // 1. Idempotency: a retried request returns the first launch, a different one is refused.
  if (!request.client_token.empty()) {
    if (auto it = p.run_client_tokens.find(request.client_token); it != p.run_client_tokens.end()) {
      if (it->second.fingerprint != request.fingerprint) {
        throw ServiceError("IdempotentParameterMismatch",
                           "Arguments on this idempotent request are inconsistent with arguments "
                           "used in previous request(s).");
      }
      ReservationView previous = view_of_reservation(p, it->second.reservation_id);
      const bool terminated =
          previous.instances.empty() ||
          std::any_of(previous.instances.begin(), previous.instances.end(), [](const Instance& i) {
            return i.lifecycle.state() == core::InstanceState::kTerminated;
          });
      if (terminated) {
        throw ServiceError("IdempotentInstanceTerminated",
                           "The client token you have provided is associated with a terminated "
                           "instance. Please use a different client token.");
      }
      if (request.dry_run) throw dry_run_succeeded();
      return previous;
    }
  }

  // 2. The effective launch specification (request over launch template).
  LaunchSpec spec = request.spec;
  std::string template_id, template_name, template_version;
  if (request.launch_template) {
    const LaunchTemplateRef& ref = *request.launch_template;
    LaunchTemplate* lt = nullptr;
    if (!ref.id.empty()) {
      auto it = p.launch_templates.find(ref.id);
      if (it == p.launch_templates.end()) {
        throw ServiceError(
            "InvalidLaunchTemplateId.NotFound",
            "The specified launch template, with template ID " + ref.id + ", does not exist.");
      }
      lt = &it->second;
    } else if (!ref.name.empty()) {
      lt = p.find_template_by_name(ref.name);
      if (!lt) {
        throw ServiceError(
            "InvalidLaunchTemplateName.NotFoundException",
            "The specified launch template, with template name " + ref.name + ", does not exist.");
      }
    } else {
      throw ServiceError("MissingParameter",
                         "The request must contain the parameter launchTemplateName or "
                         "launchTemplateId");
    }
    const LaunchTemplateVersion* version = lt->resolve(ref.version);
    if (!version) {
      throw ServiceError("InvalidLaunchTemplateId.VersionNotFound",
                         "Could not find launch template version " + ref.version +
                             " for launch template " + lt->id + ".");
    }
    spec = request.spec.merged_over(version->data);
    template_id = lt->id;
    template_name = lt->name;
    template_version = std::to_string(version->number);
  }

  // 3. Validation — nothing is created before every check passed.
  if (request.max_count < 1) {
    throw ServiceError("InvalidParameterValue", "Maximum instance count must be greater than zero");
  }
  if (request.min_count < 1) {
    throw ServiceError("InvalidParameterValue", "Minimum instance count must be greater than zero");
  }
  if (request.min_count > request.max_count) {
    throw ServiceError("InvalidParameterValue",
                       "Maximum instance count must not be smaller than minimum instance count");
  }
  if (request.min_count > kMaxInstancesPerRequest) {
    throw ServiceError("InstanceLimitExceeded",
                       "You have requested more instances (" + std::to_string(request.min_count) +
                           ") than your current instance limit of " +
                           std::to_string(kMaxInstancesPerRequest) +
                           " allows for the specified instance type. Please visit "
                           "http://aws.amazon.com/contact-us/ec2-request to request an adjustment "
                           "to this limit.");
  }
  const long long room = kMaxInstancesPerPartition - static_cast<long long>(p.instances.size());
  if (request.min_count > room) {
    throw ServiceError("InstanceLimitExceeded",
                       "You have requested more instances (" + std::to_string(request.min_count) +
                           ") than your current instance limit of " +
                           std::to_string(kMaxInstancesPerPartition) +
                           " allows for the specified instance type. Please visit "
                           "http://aws.amazon.com/contact-us/ec2-request to request an adjustment "
                           "to this limit.");
  }
  if (!spec.image_id || spec.image_id->empty()) {
    throw ServiceError("MissingParameter", "The request must contain the parameter ImageId");
  }
  const std::optional<Image> image = image_for_launch(*spec.image_id);
  if (!image) {
    throw ServiceError("InvalidAMIID.Malformed",
                       "Invalid id: \"" + *spec.image_id + "\" (expecting \"ami-...\")");
  }
  const std::string instance_type = spec.instance_type.value_or("m1.small");
  if (!is_valid_instance_type(instance_type)) {
    throw ServiceError("InvalidParameterValue",
                       "Invalid value '" + instance_type + "' for InstanceType.");
  }
  if (spec.shutdown_behavior && *spec.shutdown_behavior != "stop" &&
      *spec.shutdown_behavior != "terminate") {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + *spec.shutdown_behavior +
                           ") for parameter instanceInitiatedShutdownBehavior is invalid.");
  }
  if (spec.market && spec.market->market_type != "spot") {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + spec.market->market_type +
                           ") for parameter MarketType is invalid. Valid values: spot, "
                           "capacity-block");
  }
  if (spec.market) {
    const std::string& b = spec.market->interruption_behavior;
    if (b != "terminate" && b != "stop" && b != "hibernate") {
      throw ServiceError(
          "InvalidParameterValue",
          "Value (" + b + ") for parameter InstanceInterruptionBehavior is invalid.");
    }
    if (b != "terminate" && spec.market->spot_instance_type != "persistent") {
      throw ServiceError("InvalidParameterCombination",
                         "The specified instance interruption behavior " + b +
                             " is only supported for persistent Spot Instance requests.");
    }
  }
  const bool hibernate = spec.hibernation_configured.value_or(false);
  if (hibernate && image->root_device_type != "ebs") {
    throw ServiceError("UnsupportedHibernationConfiguration",
                       "Hibernation is not supported for instance store-backed AMIs.");
  }
  validate_metadata_options(spec.metadata_options);
  validate_iam_profile(spec.iam_profile);
  validate_tag_specifications(spec.tag_specifications, launch_tag_resource_types());
  for (const BlockDeviceSpec& bd : spec.block_devices) {
    if (!bd.ebs || !bd.ebs->volume_type) continue;
    static const std::vector<std::string> types = {"standard", "io1", "io2", "gp2",
                                                   "sc1",      "st1", "gp3"};
    if (std::find(types.begin(), types.end(), *bd.ebs->volume_type) == types.end()) {
      throw ServiceError("InvalidParameterValue",
                         "Value (" + *bd.ebs->volume_type +
                             ") for parameter volumeType is invalid. Valid values: standard, io1, "
                             "io2, gp2, sc1, st1, gp3");
    }
  }

  // Placement: subnet decides the zone; an explicit zone must belong to the region and agree.
  Subnet* subnet = nullptr;
  if (spec.subnet_id) {
    subnet = p.network.find_subnet(*spec.subnet_id);
    if (!subnet) {
      throw ServiceError("InvalidSubnetID.NotFound",
                         "The subnet ID '" + *spec.subnet_id + "' does not exist");
    }
    if (spec.availability_zone && *spec.availability_zone != subnet->availability_zone) {
      throw ServiceError("InvalidParameterCombination",
                         "The specified Availability Zone '" + *spec.availability_zone +
                             "' does not match the Availability Zone of subnet '" +
                             subnet->subnet_id + "' (" + subnet->availability_zone + ").");
    }
  }
  std::string zone;
  if (subnet) {
    zone = subnet->availability_zone;
  } else if (spec.availability_zone && !spec.availability_zone->empty()) {
    if (!is_zone_of(p.key.region, *spec.availability_zone)) {
      throw ServiceError("InvalidParameterValue",
                         "Invalid availability zone: [" + *spec.availability_zone + "]");
    }
    zone = *spec.availability_zone;
  }
  // No subnet named: the default VPC's default subnet (of the zone, or the next zone in rotation).
  const bool rotates = !subnet && zone.empty();
  if (!subnet) {
    std::vector<std::string> zone_names;
    for (const ZoneInfo& z : zones_of(p.key.region)) zone_names.push_back(z.name);
    const Subnet& chosen = default_placement(
        p.network, zone_names, zone.empty() ? std::nullopt : std::optional<std::string>(zone),
        p.next_zone);
    subnet = p.network.find_subnet(chosen.subnet_id);
    zone = subnet->availability_zone;
  }
  std::string zone_id;
  for (const ZoneInfo& z : zones_of(p.key.region)) {
    if (z.name == zone) zone_id = z.zone_id;
  }

  if (request.dry_run) throw dry_run_succeeded();
  if (rotates) ++p.next_zone;

  // 4. Create the reservation and its instances; every instance starts pending.
  // As many as MaxCount asks for, as far as the account's limit allows (at least MinCount).
  const long long count = std::min(request.max_count, room);
  Reservation reservation;
  reservation.reservation_id = core::resource_id("r");
  reservation.owner_id = p.key.account;
  reservation.requester_id = request.requester_id;
  reservation.security_group_ids = spec.security_group_ids;
  if (reservation.security_group_ids.empty()) {
    reservation.security_group_ids.push_back(p.network.default_security_group_id);
  }
  const std::vector<Tag> instance_tags = spec.tags_for("instance");
  for (long long i = 0; i < count; ++i) {
    Instance inst;
    inst.instance_id = core::resource_id("i");
    inst.reservation_id = reservation.reservation_id;
    inst.ami_launch_index = static_cast<int>(i);
    inst.image_id = image->image_id;
    inst.instance_type = instance_type;
    inst.key_name = spec.key_name.value_or("");
    inst.availability_zone = zone;
    inst.zone_id = zone_id;
    inst.tenancy = spec.tenancy.value_or("default");
    inst.subnet_id = subnet->subnet_id;
    inst.vpc_id = subnet->vpc_id;
    inst.private_ip = p.network.allocate_private_ip(*subnet);
    inst.assign_public_ip = spec.associate_public_ip.value_or(subnet->map_public_ip_on_launch);
    if (inst.assign_public_ip) inst.public_ip = p.network.allocate_public_ip();
    inst.security_group_ids = reservation.security_group_ids;
    inst.client_token = request.client_token;
    inst.user_data = spec.user_data.value_or("");
    inst.architecture = image->architecture;
    inst.platform = image->platform;
    inst.platform_details = image->platform_details;
    inst.root_device_type = image->root_device_type;
    inst.root_device_name = image->root_device_name;
    inst.virtualization_type = image->virtualization_type;
    for (const Tag& t : instance_tags) inst.tags.set(t.key, t.value);
    inst.lifecycle = core::Lifecycle(core::InstanceState::kPending, now);
    inst.launch_time = now;
    inst.state_reason = StateReason{"pending", "pending"};
    inst.network_interface_id = core::resource_id("eni");
    inst.mac_address = "0e:" + core::random_hex(2) + ":" + core::random_hex(2) + ":" +
                       core::random_hex(2) + ":" + core::random_hex(2) + ":" + core::random_hex(2);
    inst.disable_api_termination = spec.disable_api_termination.value_or(false);
    inst.disable_api_stop = spec.disable_api_stop.value_or(false);
    inst.shutdown_behavior = spec.shutdown_behavior.value_or("stop");
    inst.hibernation_configured = hibernate;
    inst.ebs_optimized = spec.ebs_optimized.value_or(false);
    inst.monitoring = spec.monitoring.value_or(false);
    inst.metadata = resolve_metadata_options(spec.metadata_options);
    if (spec.iam_profile) {
      inst.iam_profile = resolve_iam_profile(*spec.iam_profile, p.key.account);
      inst.iam_profile->association_id = core::resource_id("iip-assoc");
      inst.iam_profile->associated_at = now;
    }
    if (spec.market) {
      inst.spot = true;
      inst.spot_request_id = core::resource_id("sir", 8);
      inst.spot_instance_type = spec.market->spot_instance_type;
      inst.spot_interruption_behavior = spec.market->interruption_behavior;
    }
    inst.launch_template_id = template_id;
    inst.launch_template_name = template_name;
    inst.launch_template_version = template_version;
    if (!template_id.empty()) {
      inst.tags.set("aws:ec2launchtemplate:id", template_id);
      inst.tags.set("aws:ec2launchtemplate:version", template_version);
    }
    const std::string id = inst.instance_id;
    reservation.instance_ids.push_back(id);
    Instance& stored = p.instances.emplace(id, std::move(inst)).first->second;
    create_launch_volumes(p, stored, spec, *image, now);
    begin_boot(p, stored, now);
  }
  const std::uint64_t seq = p.next_seq++;
  p.reservation_seq.emplace(reservation.reservation_id, seq);
  const std::string reservation_id = reservation.reservation_id;
  p.reservations.emplace(seq, std::move(reservation));
  if (!request.client_token.empty()) {
    p.run_client_tokens.emplace(request.client_token,
                                ClientTokenRecord{request.fingerprint, reservation_id});
  }
  return view_of_reservation(p, reservation_id);
}

void Ec2Model::create_launch_volumes(Ec2Partition& p, Instance& instance, const LaunchSpec& spec,
                                     const Image& image, core::TimeMs now) {
  const std::vector<Tag> volume_tags = spec.tags_for("volume");
  auto add_volume = [&](const std::string& device, const EbsSpec* ebs, int default_size,
                        const std::string& default_type) {
    Volume v;
    v.volume_id = core::resource_id("vol");
    v.availability_zone = instance.availability_zone;
    v.size = ebs && ebs->volume_size ? *ebs->volume_size : default_size;
    v.volume_type = ebs && ebs->volume_type ? *ebs->volume_type : default_type;
    if (ebs) {
      v.iops = ebs->iops;
      v.throughput = ebs->throughput;
      v.encrypted = ebs->encrypted.value_or(false);
      v.snapshot_id = ebs->snapshot_id.value_or("");
    }
    if (v.volume_type == "gp3") {
      if (!v.iops) v.iops = 3000;
      if (!v.throughput) v.throughput = 125;
    } else if (v.volume_type == "gp2" && !v.iops) {
      v.iops = std::max(100, std::min(16000, 3 * v.size));
    }
    v.state = "in-use";
    v.create_time = now;
    // Volumes attached at launch are deleted with the instance unless the request says otherwise.
    const bool delete_on_termination =
        ebs && ebs->delete_on_termination ? *ebs->delete_on_termination : true;
    v.attachment =
        VolumeAttachment{instance.instance_id, device, "attached", now, delete_on_termination};
    for (const Tag& t : volume_tags) v.tags.set(t.key, t.value);
    instance.block_devices.push_back(
        InstanceBlockDevice{device, v.volume_id, "attached", now, delete_on_termination});
    const std::string id = v.volume_id;
    p.volumes.emplace(id, std::move(v));
  };

  const BlockDeviceSpec* root_override = nullptr;
  for (const BlockDeviceSpec& bd : spec.block_devices) {
    if (bd.device_name == image.root_device_name) root_override = &bd;
  }
  if (image.root_device_type == "ebs") {
    const EbsSpec* ebs = root_override && root_override->ebs ? &*root_override->ebs : nullptr;
    add_volume(image.root_device_name, ebs, image.root_volume_size, image.root_volume_type);
  }
  for (const BlockDeviceSpec& bd : spec.block_devices) {
    if (&bd == root_override || bd.no_device || !bd.ebs) continue;
    add_volume(bd.device_name, &*bd.ebs, 8, "gp2");
  }
}

ReservationView Ec2Model::view_of_reservation(Ec2Partition& p, const std::string& reservation_id) {
  ReservationView view;
  auto seq = p.reservation_seq.find(reservation_id);
  if (seq == p.reservation_seq.end()) return view;
  view.reservation = p.reservations.at(seq->second);
  for (const std::string& id : view.reservation.instance_ids) {
    if (const Instance* inst = p.find_instance(id)) view.instances.push_back(*inst);
  }
  return view;
}

}  // namespace cloudlife::ec2
