// RunInstances: validation, ClientToken idempotency, placement, volumes, and the first boot.
#include <algorithm>

#include "core/ids.h"
#include "ec2/credit_specifications.h"
#include "ec2/default_placement.h"
#include "ec2/ec2_model.h"
#include "ec2/image_operations.h"
#include "ec2/instance_types.h"
#include "ec2/launch_addressing.h"
#include "ec2/launch_interfaces.h"
#include "ec2/launch_type_rules.h"
#include "ec2/maintenance_options.h"
#include "ec2/regions.h"
#include "ec2/tag_operations.h"
#include "ec2/user_data.h"

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
const char* const kDefaultInstanceType = "m1.small";

// The earlier launch a retried ClientToken names (nullptr for a new request); a different
// request under the same token is refused.
const ClientTokenRecord* replayed_launch(const Ec2Partition& p,
                                         const RunInstancesRequest& request) {
  if (request.client_token.empty()) return nullptr;
  auto it = p.run_client_tokens.find(request.client_token);
  if (it == p.run_client_tokens.end()) return nullptr;
  if (it->second.fingerprint != request.fingerprint) {
    throw ServiceError("IdempotentParameterMismatch",
                       "Arguments on this idempotent request are inconsistent with arguments "
                       "used in previous request(s).");
  }
  return &it->second;
}

void refuse_terminated_replay(const InstanceSelection::Group& previous) {
  const bool terminated =
      previous.instances.empty() ||
      std::any_of(previous.instances.begin(), previous.instances.end(), [](const Instance* i) {
        return i->lifecycle.state() == core::InstanceState::kTerminated;
      });
  if (terminated) {
    throw ServiceError("IdempotentInstanceTerminated",
                       "The client token you have provided is associated with a terminated "
                       "instance. Please use a different client token.");
  }
}

// The effective launch specification: the request's parameters over the launch template's
// version, with the template's identity (empty without a template).
struct LaunchSource {
  LaunchSpec spec;
  std::string template_id, template_name, template_version;
};

const LaunchTemplate& find_launch_template(Ec2Partition& p, const LaunchTemplateRef& ref) {
  if (!ref.id.empty()) {
    auto it = p.launch_templates.find(ref.id);
    if (it == p.launch_templates.end()) {
      throw ServiceError(
          "InvalidLaunchTemplateId.NotFound",
          "The specified launch template, with template ID " + ref.id + ", does not exist.");
    }
    return it->second;
  }
  if (!ref.name.empty()) {
    const LaunchTemplate* lt = p.find_template_by_name(ref.name);
    if (!lt) {
      throw ServiceError(
          "InvalidLaunchTemplateName.NotFoundException",
          "The specified launch template, with template name " + ref.name + ", does not exist.");
    }
    return *lt;
  }
  throw ServiceError("MissingParameter",
                     "The request must contain the parameter launchTemplateName or "
                     "launchTemplateId");
}

LaunchSource resolve_launch_source(Ec2Partition& p, const RunInstancesRequest& request) {
  if (!request.launch_template) return {request.spec, "", "", ""};
  const LaunchTemplateRef& ref = *request.launch_template;
  const LaunchTemplate& lt = find_launch_template(p, ref);
  const LaunchTemplateVersion* version = lt.resolve(ref.version);
  if (!version) {
    throw ServiceError("InvalidLaunchTemplateId.VersionNotFound",
                       "Could not find launch template version " + ref.version +
                           " for launch template " + lt.id + ".");
  }
  return {request.spec.merged_over(version->data), lt.id, lt.name, std::to_string(version->number)};
}

[[noreturn]] void refuse_over_limit(long long requested, long long limit) {
  throw ServiceError("InstanceLimitExceeded",
                     "You have requested more instances (" + std::to_string(requested) +
                         ") than your current instance limit of " + std::to_string(limit) +
                         " allows for the specified instance type. Please visit "
                         "http://aws.amazon.com/contact-us/ec2-request to request an adjustment "
                         "to this limit.");
}

// MinCount / MaxCount against each other and the limits; `room` is what the account may still hold.
void validate_counts(const RunInstancesRequest& request, long long room) {
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
    refuse_over_limit(request.min_count, kMaxInstancesPerRequest);
  }
  if (request.min_count > room) refuse_over_limit(request.min_count, kMaxInstancesPerPartition);
}

void validate_market_options(const LaunchSpec& spec) {
  if (!spec.market) return;
  if (spec.market->market_type != "spot") {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + spec.market->market_type +
                           ") for parameter MarketType is invalid. Valid values: spot, "
                           "capacity-block");
  }
  const std::string& b = spec.market->interruption_behavior;
  if (b != "terminate" && b != "stop" && b != "hibernate") {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + b + ") for parameter InstanceInterruptionBehavior is invalid.");
  }
  if (b != "terminate" && spec.market->spot_instance_type != "persistent") {
    throw ServiceError("InvalidParameterCombination",
                       "The specified instance interruption behavior " + b +
                           " is only supported for persistent Spot Instance requests.");
  }
}

void validate_block_device_types(const LaunchSpec& spec) {
  static const std::vector<std::string> types = {"standard", "io1", "io2", "gp2",
                                                 "sc1",      "st1", "gp3"};
  for (const BlockDeviceSpec& bd : spec.block_devices) {
    if (!bd.ebs || !bd.ebs->volume_type) continue;
    if (std::find(types.begin(), types.end(), *bd.ebs->volume_type) == types.end()) {
      throw ServiceError("InvalidParameterValue",
                         "Value (" + *bd.ebs->volume_type +
                             ") for parameter volumeType is invalid. Valid values: standard, io1, "
                             "io2, gp2, sc1, st1, gp3");
    }
  }
}

// Every rule of the specification itself; answers the image it launches.
LaunchImage validate_launch_spec(const Ec2Partition& p, const LaunchSpec& spec) {
  if (!spec.image_id || spec.image_id->empty()) {
    throw ServiceError("MissingParameter", "The request must contain the parameter ImageId");
  }
  LaunchImage image = resolve_launch_image(p, *spec.image_id);
  const std::string instance_type = spec.instance_type.value_or(kDefaultInstanceType);
  const InstanceTypeInfo* type = find_instance_type(instance_type);
  if (!type) {
    throw ServiceError("InvalidParameterValue",
                       "Invalid value '" + instance_type + "' for InstanceType.");
  }
  require_matching_architecture(*type, *image);
  validate_cpu_credits(instance_type, spec.cpu_credits);
  validate_auto_recovery(spec.auto_recovery);
  validate_user_data(spec.user_data);
  if (spec.shutdown_behavior && *spec.shutdown_behavior != "stop" &&
      *spec.shutdown_behavior != "terminate") {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + *spec.shutdown_behavior +
                           ") for parameter instanceInitiatedShutdownBehavior is invalid.");
  }
  validate_market_options(spec);
  if (spec.hibernation_configured.value_or(false) && image->root_device_type != "ebs") {
    throw ServiceError("UnsupportedHibernationConfiguration",
                       "Hibernation is not supported for instance store-backed AMIs.");
  }
  validate_metadata_options(spec.metadata_options);
  validate_iam_profile(spec.iam_profile);
  validate_tag_specifications(spec.tag_specifications, launch_tag_resource_types());
  validate_block_device_types(spec);
  require_dedicated_host(spec.host_id);
  // A new EBS volume needs a size or a snapshot; a device the image maps takes the image's.
  const std::vector<BlockDeviceSpec> image_devices =
      spec.block_devices.empty() ? std::vector<BlockDeviceSpec>{} : image_block_devices(*image);
  for (const BlockDeviceSpec& bd : spec.block_devices) {
    const bool mapped =
        std::any_of(image_devices.begin(), image_devices.end(),
                    [&](const BlockDeviceSpec& m) { return m.device_name == bd.device_name; }) ||
        bd.device_name == image->root_device_name;
    if (bd.ebs && !mapped && !bd.ebs->volume_size && !bd.ebs->snapshot_id) {
      throw ServiceError("MissingParameter",
                         "The request must contain the parameter size or snapshotId");
    }
  }
  return image;
}

// Where the instances go: the subnet decides the zone; an explicit zone must belong to the region
// and agree; with neither, the default VPC's default subnet (of the zone, or the next zone in
// rotation — `rotates`, advanced only once the launch happens).
struct LaunchPlacement {
  Subnet* subnet = nullptr;
  std::string zone, zone_id;
  bool rotates = false;
};

Subnet* named_subnet(Ec2Partition& p, const LaunchSpec& spec) {
  if (!spec.subnet_id) return nullptr;
  Subnet* subnet = p.network.find_subnet(*spec.subnet_id);
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
  return subnet;
}

// Placement.AvailabilityZoneId as the zone's name (the IDs DescribeAvailabilityZones lists);
// not beside AvailabilityZone, and an ID of no zone of the region is InvalidParameterValue.
LaunchSpec with_zone_id_resolved(const LaunchSpec& spec, std::string_view region) {
  if (spec.zone_choice_conflicts()) {
    throw ServiceError("InvalidParameterCombination",
                       "The parameters AvailabilityZone and AvailabilityZoneId cannot be used "
                       "together.");
  }
  if (!spec.availability_zone_id || spec.availability_zone_id->empty()) return spec;
  LaunchSpec out = spec;
  for (const ZoneInfo& z : zones_of(region)) {
    if (z.zone_id == *spec.availability_zone_id) out.availability_zone = z.name;
  }
  if (!out.availability_zone || out.availability_zone->empty()) {
    throw ServiceError("InvalidParameterValue", "Value (" + *spec.availability_zone_id +
                                                    ") for parameter availabilityZoneId is "
                                                    "invalid.");
  }
  return out;
}

LaunchPlacement choose_placement(Ec2Partition& p, const LaunchSpec& requested) {
  const LaunchSpec spec = with_zone_id_resolved(requested, p.key.region);
  LaunchPlacement placement;
  Subnet* subnet = named_subnet(p, spec);
  std::optional<std::string> zone;
  if (!subnet && spec.availability_zone && !spec.availability_zone->empty()) {
    if (!is_zone_of(p.key.region, *spec.availability_zone)) {
      throw ServiceError("InvalidParameterValue",
                         "Invalid availability zone: [" + *spec.availability_zone + "]");
    }
    zone = *spec.availability_zone;
  }
  const std::string type = spec.instance_type.value_or(kDefaultInstanceType);
  // Where the type is offered: a launch that names no zone goes only there.
  const std::vector<std::string> zone_names = offering_zone_names(type, p.key.region);
  if (!subnet) {
    placement.rotates = !zone;
    if (zone) require_offered_in_zone(type, zone_names, *zone);
    if (zone_names.empty()) require_offered_in_zone(type, zone_names, "");
    const Subnet& chosen = default_placement(p.network, zone_names, zone, p.next_zone);
    subnet = p.network.find_subnet(chosen.subnet_id);
  }
  placement.subnet = subnet;
  placement.zone = subnet->availability_zone;
  require_offered_in_zone(type, zone_names, placement.zone);
  for (const ZoneInfo& z : zones_of(p.key.region)) {
    if (z.name == placement.zone) placement.zone_id = z.zone_id;
  }
  return placement;
}

// The real security groups (by ID, or by name in the default VPC; none: the VPC's default group)
// and key pair the launch names, and room for the addresses in the subnet.
std::vector<std::string> resolve_launch_access(Ec2Partition& p, const RunInstancesRequest& request,
                                               const LaunchSpec& spec,
                                               const LaunchPlacement& placement) {
  if (spec.key_name && !spec.key_name->empty()) require_key_pair_name(p, *spec.key_name);
  if (spec.network_interface_id) {
    // An existing interface brings its own address and groups.
    const NetworkInterface& eni = require_network_interface(p, *spec.network_interface_id);
    return resolve_security_groups(p, placement.subnet->vpc_id, core::texts_of(eni.group_ids), {});
  }
  if (spec.private_ip) p.network.claim_private_ip(*placement.subnet, *spec.private_ip, false);
  if (placement.subnet->available_ips < request.min_count) {
    throw ServiceError("InsufficientFreeAddressesInSubnet",
                       "There are not enough free addresses in subnet '" +
                           placement.subnet->subnet_id +
                           "' to satisfy the requested number of "
                           "instances.");
  }
  return resolve_security_groups(p, placement.subnet->vpc_id, spec.security_group_ids,
                                 spec.security_group_names);
}

// NetworkInterface.N's NetworkInterfaceId: the interface must exist and be free; the launch goes
// to its subnet.
void take_existing_interface(Ec2Partition& p, LaunchSpec& spec) {
  if (!spec.network_interface_id) return;
  const NetworkInterface& eni = require_network_interface(p, *spec.network_interface_id);
  if (eni.attachment) {
    throw ServiceError("InvalidParameterValue",
                       "Interface: [" + eni.interface_id.str() + "] in use.");
  }
  spec.subnet_id = eni.subnet_id;
}

Reservation new_reservation(const Ec2Partition& p, const RunInstancesRequest& request,
                            const std::vector<std::string>& security_group_ids) {
  Reservation reservation;
  reservation.reservation_id = core::resource_id("r");
  reservation.owner_id = p.key.account;
  reservation.requester_id = request.requester_id;
  reservation.security_group_ids = security_group_ids;
  return reservation;
}

std::string random_mac_address() {
  return "0e:" + core::random_hex(2) + ":" + core::random_hex(2) + ":" + core::random_hex(2) + ":" +
         core::random_hex(2) + ":" + core::random_hex(2);
}

// The image's facts an instance carries.
void take_image_facts(Instance& inst, const Image& image) {
  inst.image_id = image.image_id;
  inst.architecture = image.architecture;
  inst.platform = image.platform;
  inst.platform_details = image.platform_details;
  inst.root_device_type = image.root_device_type;
  inst.root_device_name = image.root_device_name;
  inst.virtualization_type = image.virtualization_type;
}

// The instance's network identity: subnet, VPC, private (and public) address, primary interface.
void place_instance(Ec2Partition& p, Instance& inst, const LaunchSpec& spec,
                    const LaunchPlacement& placement) {
  Subnet& subnet = *placement.subnet;
  inst.availability_zone = placement.zone;
  inst.zone_id = placement.zone_id;
  inst.subnet_id = subnet.subnet_id;
  inst.vpc_id = subnet.vpc_id;
  inst.assign_public_ip = spec.associate_public_ip.value_or(subnet.map_public_ip_on_launch);
  if (spec.network_interface_id) {
    // An existing interface: its address and MAC; it keeps its ID (no draw from the sequence).
    const NetworkInterface& eni = require_network_interface(p, *spec.network_interface_id);
    inst.private_ip = eni.private_ip;
    inst.assign_public_ip = false;
    inst.network_interface_id = eni.interface_id;
    inst.mac_address = eni.mac_address;
    if (auto eip = p.addresses.find(eni.allocation_id); eip != p.addresses.end()) {
      inst.public_ip = eip->second.public_ip;
    }
    return;
  }
  if (spec.private_ip) {
    p.network.claim_private_ip(subnet, *spec.private_ip, true);
    inst.private_ip = *spec.private_ip;
  } else {
    inst.private_ip = p.network.allocate_private_ip(subnet);
  }
  if (inst.assign_public_ip) inst.public_ip = p.network.allocate_public_ip();
  inst.network_interface_id = core::resource_id("eni");
  inst.mac_address = random_mac_address();
}

// The settings the specification gives the instance (each with EC2's default).
void apply_launch_settings(const Ec2Partition& p, Instance& inst, const LaunchSpec& spec,
                           core::TimeMs now) {
  inst.instance_type = spec.instance_type.value_or(kDefaultInstanceType);
  inst.key_name = spec.key_name.value_or("");
  inst.tenancy = spec.tenancy.value_or("default");
  inst.disable_api_termination = spec.disable_api_termination.value_or(false);
  inst.disable_api_stop = spec.disable_api_stop.value_or(false);
  inst.shutdown_behavior = spec.shutdown_behavior.value_or("stop");
  inst.hibernation_configured = spec.hibernation_configured.value_or(false);
  inst.ebs_optimized = spec.ebs_optimized.value_or(false);
  inst.monitoring = spec.monitoring.value_or(false);
  inst.metadata = resolve_metadata_options(spec.metadata_options);
  inst.cpu_credits = launch_cpu_credits(p, inst.instance_type, spec.cpu_credits);
  inst.auto_recovery = spec.auto_recovery.value_or("default");
  if (spec.iam_profile) {
    inst.iam_profile = resolve_iam_profile(*spec.iam_profile, p.key.account);
    inst.iam_profile->association_id = core::resource_id("iip-assoc");
    inst.iam_profile->associated_at = now;
  }
  if (spec.market) {
    inst.spot = true;
    InstanceExtras& extras = inst.extras_mut();
    extras.spot_request_id = core::resource_id("sir", 8);
    extras.spot_instance_type = spec.market->spot_instance_type;
    inst.spot_interruption_behavior = spec.market->interruption_behavior;
  }
  for (const Tag& t : spec.tags_for("instance")) inst.tags.set(t.key, t.value);
}

void record_launch_template(Instance& inst, const LaunchSource& source) {
  if (!source.template_id.empty() || !source.template_name.empty() ||
      !source.template_version.empty()) {
    InstanceExtras& extras = inst.extras_mut();
    extras.launch_template_id = source.template_id;
    extras.launch_template_name = source.template_name;
    extras.launch_template_version = source.template_version;
  }
  if (!source.template_id.empty()) {
    inst.tags.set("aws:ec2launchtemplate:id", source.template_id);
    inst.tags.set("aws:ec2launchtemplate:version", source.template_version);
  }
}

// What every instance of one launch carries alike, made once so that they share one string each.
struct LaunchTexts {
  core::SharedText client_token;
  core::SharedText user_data;  // base64
};

// One new instance, pending from `now` (the caller sets its reservation and launch index).
// The order of the draws from the ID sequence is part of the journal's replay contract.
Instance new_instance(Ec2Partition& p, const RunInstancesRequest& request,
                      const LaunchSource& source, const LaunchTexts& texts, const Image& image,
                      const LaunchPlacement& placement, core::TimeMs now) {
  Instance inst;
  inst.instance_id = core::resource_id("i");
  take_image_facts(inst, image);
  inst.client_token = texts.client_token;
  inst.user_data = texts.user_data;
  place_instance(p, inst, source.spec, placement);
  apply_launch_settings(p, inst, source.spec, now);
  if (!request.spot_request_id.empty()) inst.extras_mut().spot_request_id = request.spot_request_id;
  record_launch_template(inst, source);
  inst.lifecycle = core::Lifecycle(core::InstanceState::kPending, now);
  inst.launch_time = now;
  inst.state_reason = StateReason{"pending", "pending"};
  return inst;
}

// A rotated (no zone asked) placement moved to the first zone, in rotation order, whose capacity
// pool takes `min_count` (unchanged when none does or no pool is listed).
LaunchPlacement placement_with_capacity(Ec2Model& model, Ec2Partition& p, const LaunchSpec& spec,
                                        const LaunchPlacement& rotated, const std::string& type,
                                        Market market, long long min_count) {
  if (model.capacity(p).empty()) return rotated;
  const std::vector<ZoneInfo> zones = zones_of(p.key.region);
  std::size_t first = 0;
  while (first < zones.size() && zones[first].name != rotated.zone) ++first;
  for (std::size_t k = 0; k < zones.size(); ++k) {
    const std::string& zone = zones[(first + k) % zones.size()].name;
    if (!launchable(model.capacity_remaining(p, p.key.region, zone, type, market), min_count,
                    min_count)) {
      continue;
    }
    if (zone == rotated.zone) return rotated;
    LaunchSpec in_zone = spec;
    in_zone.availability_zone = zone;
    LaunchPlacement placement = choose_placement(p, in_zone);
    placement.rotates = true;
    return placement;
  }
  return rotated;  // no zone has it: the refusal names the rotated zone
}

void store_reservation(Ec2Partition& p, const RunInstancesRequest& request,
                       Reservation reservation) {
  const std::uint64_t seq = p.next_seq++;
  p.reservation_seq.emplace(reservation.reservation_id, seq);
  if (!request.client_token.empty()) {
    p.run_client_tokens.emplace(request.client_token,
                                ClientTokenRecord{request.fingerprint, reservation.reservation_id});
  }
  p.reservations.emplace(seq, std::move(reservation));
}

}  // namespace

bool Ec2Model::is_valid_instance_type(const std::string& type) {
  return find_instance_type(type) != nullptr;
}

ReservationView Ec2Model::run_instances(Ec2Partition& p, const RunInstancesRequest& request,
                                        core::TimeMs now) {
  const InstanceSelection::Group launched = run_instances_in_place(p, request, now);
  ReservationView view;
  if (launched.reservation) view.reservation = *launched.reservation;
  for (const Instance* i : launched.instances) view.instances.push_back(*i);
  return view;
}

InstanceSelection::Group Ec2Model::run_instances_in_place(Ec2Partition& p,
                                                          const RunInstancesRequest& request,
                                                          core::TimeMs now) {
  if (const ClientTokenRecord* earlier = replayed_launch(p, request)) {
    InstanceSelection::Group previous = reservation_in_place(p, earlier->reservation_id);
    refuse_terminated_replay(previous);
    if (request.dry_run) throw dry_run_succeeded();
    return previous;
  }
  // Nothing is created before every check passed.
  LaunchSource source = resolve_launch_source(p, request);
  refuse_chosen_address_for_many(source.spec, request.max_count);
  check_launch_interface_rules(source.spec, request.max_count);
  take_existing_interface(p, source.spec);
  const LaunchSpec& spec = source.spec;
  const long long room = kMaxInstancesPerPartition - static_cast<long long>(p.instances.size());
  validate_counts(request, room);
  const LaunchImage launch_image = validate_launch_spec(p, spec);
  const Image& image = *launch_image;
  LaunchPlacement placement = choose_placement(p, spec);
  const std::vector<std::string> groups = resolve_launch_access(p, request, spec, placement);
  const std::string launch_type = spec.instance_type.value_or(kDefaultInstanceType);
  long long address_room = check_launch_interfaces(p, spec, *placement.subnet, placement.zone,
                                                   launch_type, request.min_count);
  if (request.dry_run) throw dry_run_succeeded();
  // As many as MaxCount asks for, as far as the account's limit, the subnet's free addresses and
  // the capacity pool allow (at least MinCount, else InsufficientInstanceCapacity). Without a zone
  // asked for, EC2 places the launch in a zone that has the capacity.
  const std::string type = spec.instance_type.value_or(kDefaultInstanceType);
  const Market market = spec.market ? Market::kSpot : Market::kOnDemand;
  if (placement.rotates)
    placement = placement_with_capacity(*this, p, spec, placement, type, market, request.min_count);
  // The zone the capacity chose must hold the chosen address too (checked before anything is
  // taken).
  if (spec.private_ip && !spec.network_interface_id) {
    p.network.claim_private_ip(*placement.subnet, *spec.private_ip, false);
  }
  if (placement.rotates) {
    address_room = check_launch_interfaces(p, spec, *placement.subnet, placement.zone, type,
                                           request.min_count);
  }
  const long long count = take_capacity(
      p, p.key.region, placement.zone, type, market, request.min_count,
      std::min({request.max_count, room, static_cast<long long>(placement.subnet->available_ips),
                address_room}));
  if (spec.market && request.spot_request_id.empty()) {
    check_spot_max_price(p, spec, placement.zone, type, now);
  }
  if (placement.rotates) ++p.next_zone;
  Reservation reservation = new_reservation(p, request, groups);
  const core::SymbolList group_symbols = core::symbols_of(reservation.security_group_ids);
  const core::SharedText reservation_id_text = reservation.reservation_id;
  const LaunchTexts texts{request.client_token, spec.user_data.value_or("")};
  for (long long i = 0; i < count; ++i) {
    Instance inst = new_instance(p, request, source, texts, image, placement, now);
    inst.reservation_id = reservation_id_text;
    inst.ami_launch_index = static_cast<int>(i);
    inst.security_group_ids = group_symbols;
    const core::CompactText id = inst.instance_id;
    reservation.instance_ids.push_back(id);
    Instance& stored = p.instances.emplace(id, std::move(inst)).first->second;
    add_primary_interface(p, stored, now, spec.interface_description.value_or(""),
                          spec.interface_delete_on_termination);
    add_launch_interfaces(p, stored, spec, now);
    create_launch_volumes(p, stored, spec, image, now);
    if (stored.spot && request.spot_request_id.empty()) {
      record_spot_request_of(p, stored, spec, now);
    }
    begin_boot(p, stored, now);
  }
  if (auto own = p.images.find(image.image_id); own != p.images.end() && count > 0) {
    own->second.last_launched_time = now;
  }
  const std::string reservation_id = reservation.reservation_id;
  store_reservation(p, request, std::move(reservation));
  return reservation_in_place(p, reservation_id);
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
    const core::CompactText id = v.volume_id;
    p.volumes.emplace(id, std::move(v));
  };

  // The image's EBS mappings (a request mapping of the same device overrides the volume's
  // settings, or removes it with NoDevice), then the request's other EBS devices.
  const auto request_mapping = [&](const std::string& device) -> const BlockDeviceSpec* {
    for (const BlockDeviceSpec& bd : spec.block_devices) {
      if (bd.device_name == device) return &bd;
    }
    return nullptr;
  };
  const std::vector<BlockDeviceSpec> image_devices = image_block_devices(image);
  for (const BlockDeviceSpec& m : image_devices) {
    if (!m.ebs) continue;
    const BlockDeviceSpec* o = request_mapping(m.device_name);
    if (o && o->no_device && m.device_name != image.root_device_name) continue;
    EbsSpec ebs = *m.ebs;
    if (o && o->ebs) {
      if (o->ebs->volume_size) ebs.volume_size = o->ebs->volume_size;
      if (o->ebs->volume_type) ebs.volume_type = o->ebs->volume_type;
      if (o->ebs->delete_on_termination) ebs.delete_on_termination = o->ebs->delete_on_termination;
      if (o->ebs->iops) ebs.iops = o->ebs->iops;
      if (o->ebs->throughput) ebs.throughput = o->ebs->throughput;
      if (o->ebs->encrypted) ebs.encrypted = o->ebs->encrypted;
    }
    add_volume(m.device_name, &ebs, image.root_volume_size, image.root_volume_type);
  }
  for (const BlockDeviceSpec& bd : spec.block_devices) {
    const bool mapped = std::any_of(
        image_devices.begin(), image_devices.end(),
        [&](const BlockDeviceSpec& m) { return m.ebs && m.device_name == bd.device_name; });
    if (mapped || bd.no_device || !bd.ebs) continue;
    add_volume(bd.device_name, &*bd.ebs, 8, "gp2");
  }
}

ReservationView Ec2Model::view_of_reservation(Ec2Partition& p, const std::string& reservation_id) {
  ReservationView view;
  const InstanceSelection::Group group = reservation_in_place(p, reservation_id);
  if (!group.reservation) return view;
  view.reservation = *group.reservation;
  for (const Instance* i : group.instances) view.instances.push_back(*i);
  return view;
}

InstanceSelection::Group Ec2Model::reservation_in_place(Ec2Partition& p,
                                                        const std::string& reservation_id) {
  InstanceSelection::Group group;
  auto seq = p.reservation_seq.find(reservation_id);
  if (seq == p.reservation_seq.end()) return group;
  group.reservation = &p.reservations.at(seq->second);
  for (const core::CompactText& id : group.reservation->instance_ids) {
    if (const Instance* inst = p.find_instance(id)) group.instances.push_back(inst);
  }
  return group;
}

}  // namespace cloudlife::ec2
