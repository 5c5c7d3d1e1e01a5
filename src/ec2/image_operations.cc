// AMIs: describe (catalogue + own), create from an instance, register from snapshots, deregister,
// and the image a launch uses.
#include "ec2/image_operations.h"

#include <algorithm>
#include <optional>

#include "core/ids.h"
#include "core/service_error.h"
#include "ec2/image_deprecation.h"
#include "ec2/snapshots.h"
#include "ec2/tag_operations.h"

namespace cloudlife::ec2 {
namespace {

using V = std::vector<std::string>;

using core::InstanceState;
using core::ServiceError;

std::string image_bool_text(bool b) {
  return b ? "true" : "false";
}

std::optional<std::vector<std::string>> image_filter_values(const Image& i,
                                                            const std::string& name) {
  const std::vector<BlockDeviceSpec> mappings = image_block_devices(i);
  const auto each_ebs = [&](auto value_of) {
    V out;
    for (const BlockDeviceSpec& bd : mappings) {
      if (bd.ebs) {
        if (std::optional<std::string> v = value_of(*bd.ebs)) out.push_back(*v);
      }
    }
    return out;
  };
  if (name == "image-id") return V{i.image_id};
  if (name == "name") return V{i.name};
  if (name == "description") return V{i.description};
  if (name == "architecture") return V{i.architecture};
  if (name == "root-device-type") return V{i.root_device_type};
  if (name == "root-device-name") return V{i.root_device_name};
  if (name == "owner-alias") return i.owner_alias.empty() ? V{} : V{i.owner_alias};
  if (name == "owner-id") return V{i.owner_id};
  if (name == "state") return V{i.state};
  if (name == "is-public") return V{image_bool_text(i.is_public)};
  if (name == "platform") return i.platform.empty() ? V{} : V{i.platform};
  if (name == "platform-details") return V{i.platform_details};
  if (name == "virtualization-type") return V{i.virtualization_type};
  if (name == "image-type") return V{"machine"};
  if (name == "hypervisor") return V{"xen"};
  // No kernels, RAM disks or product codes here; an image has no state reason unless it failed.
  if (name == "kernel-id" || name == "ramdisk-id" || name == "product-code" ||
      name == "product-code.type" || name == "state-reason-code" ||
      name == "state-reason-message") {
    return V{};
  }
  if (name == "ena-support") return V{image_bool_text(i.ena_support)};
  if (name == "sriov-net-support") return i.sriov_net_support.empty() ? V{} : V{"simple"};
  if (name == "creation-date") return V{i.creation_date};
  if (name == "manifest-location") return V{i.image_location};
  if (name == "source-instance-id") {
    return i.source_instance_id.empty() ? V{} : V{i.source_instance_id};
  }
  if (name == "block-device-mapping.device-name") {
    V out;
    for (const BlockDeviceSpec& bd : mappings) out.push_back(bd.device_name);
    return out;
  }
  if (name == "block-device-mapping.volume-type") {
    return each_ebs([](const EbsSpec& e) { return e.volume_type; });
  }
  if (name == "block-device-mapping.volume-size") {
    return each_ebs([](const EbsSpec& e) -> std::optional<std::string> {
      if (!e.volume_size) return std::nullopt;
      return std::to_string(*e.volume_size);
    });
  }
  if (name == "block-device-mapping.snapshot-id") {
    return each_ebs([](const EbsSpec& e) { return e.snapshot_id; });
  }
  if (name == "block-device-mapping.delete-on-termination") {
    return each_ebs([](const EbsSpec& e) -> std::optional<std::string> {
      return image_bool_text(e.delete_on_termination.value_or(true));
    });
  }
  if (name == "block-device-mapping.encrypted") {
    return each_ebs([](const EbsSpec& e) -> std::optional<std::string> {
      return image_bool_text(e.encrypted.value_or(false));
    });
  }
  return tag_filter_values(i.tags, name);
}

bool image_owned_by(const Image& i, const std::string& owner, const std::string& caller) {
  if (owner == "amazon") return i.owner_alias == "amazon";
  if (owner == "aws-marketplace") return i.owner_alias == "aws-marketplace";
  if (owner == "self") return i.owner_id == caller;
  return i.owner_id == owner;
}

// Launch permission: public images for everyone, private ones for their owner only.
bool executable_by(const Image& i, const std::string& user, const std::string& caller) {
  if (i.is_public) return true;
  if (user == "all") return false;
  const bool granted = std::find(i.launch_user_ids.begin(), i.launch_user_ids.end(),
                                 user == "self" ? caller : user) != i.launch_user_ids.end();
  if (user == "self") return i.owner_id == caller || granted;
  return i.owner_id == user || granted;
}

bool matches_filters(const Image& i, const std::vector<Filter>& filters) {
  for (const Filter& f : filters) {
    bool any = false;
    for (const std::string& v :
         image_filter_values(i, f.name).value_or(std::vector<std::string>{})) {
      any = any || matches_any(f.values, v);
    }
    if (!any) return false;
  }
  return true;
}

void require_image_name(const Ec2Partition& p, const std::string& name) {
  if (!is_valid_image_name(name)) {
    throw ServiceError("InvalidAMIName.Malformed",
                       "AMI names must be between 3 and 128 characters long, and may contain "
                       "letters, numbers, '(', ')', '.', '-', '/' and '_'");
  }
  for (const auto& [id, image] : p.images) {
    if (image.name == name) {
      throw ServiceError("InvalidAMIName.Duplicate",
                         "AMI name " + name + " is already in use by AMI " + id);
    }
  }
}

std::vector<Tag> tags_for(const std::vector<TagSpecification>& specs, const std::string& type) {
  std::vector<Tag> out;
  for (const TagSpecification& ts : specs) {
    if (ts.resource_type == type) out.insert(out.end(), ts.tags.begin(), ts.tags.end());
  }
  return out;
}

const BlockDeviceSpec* mapping_for(const std::vector<BlockDeviceSpec>& mappings,
                                   const std::string& device) {
  for (const BlockDeviceSpec& bd : mappings) {
    if (bd.device_name == device) return &bd;
  }
  return nullptr;
}

// A mapping that adds a device (not one of the instance's volumes): an existing snapshot, an
// empty volume of a size, or an instance-store volume.
void validate_added_mapping(Ec2Partition& p, const BlockDeviceSpec& bd) {
  if (bd.no_device || !bd.virtual_name.empty()) return;
  if (!bd.ebs) {
    throw ServiceError("InvalidBlockDeviceMapping",
                       "The block device mapping for " + bd.device_name +
                           " must specify Ebs, VirtualName or NoDevice.");
  }
  if (bd.ebs->snapshot_id) {
    const Snapshot& s = require_snapshot(p, *bd.ebs->snapshot_id);
    if (bd.ebs->volume_size && *bd.ebs->volume_size < s.volume_size) {
      throw ServiceError("InvalidParameterValue",
                         "Volume of size " + std::to_string(*bd.ebs->volume_size) +
                             "GiB is smaller than snapshot '" + s.snapshot_id +
                             "', expect size >= " + std::to_string(s.volume_size) + "GiB");
    }
  } else if (!bd.ebs->volume_size) {
    throw ServiceError("MissingParameter",
                       "The request must contain the parameter size or snapshotId");
  }
}

// The mapping an image keeps for an added device (the snapshot's size when none is given).
BlockDeviceSpec added_mapping(Ec2Partition& p, const BlockDeviceSpec& bd) {
  BlockDeviceSpec out = bd;
  if (out.ebs) {
    if (out.ebs->snapshot_id && !out.ebs->volume_size) {
      out.ebs->volume_size = p.snapshots.at(*out.ebs->snapshot_id).volume_size;
    }
    if (!out.ebs->volume_type) out.ebs->volume_type = "gp2";
    if (!out.ebs->delete_on_termination) out.ebs->delete_on_termination = true;
    if (!out.ebs->encrypted) out.ebs->encrypted = false;
  }
  return out;
}

core::TimeMs latest_snapshot_completion(const Ec2Partition& p, const Image& image) {
  core::TimeMs latest = 0;
  for (const BlockDeviceSpec& bd : image.block_devices) {
    if (!bd.ebs || !bd.ebs->snapshot_id) continue;
    auto it = p.snapshots.find(*bd.ebs->snapshot_id);
    if (it != p.snapshots.end() && it->second.state == "pending") {
      latest = std::max(latest, it->second.complete_at);
    }
  }
  return latest;
}

Image& store_pending_image(Ec2Model& model, Ec2Partition& p, Image image, core::TimeMs now) {
  image.state = "pending";
  image.complete_at =
      std::max(now + model.engine().timing().duration(core::TimingPhase::kImagePending),
               latest_snapshot_completion(p, image));
  const std::string id = image.image_id;
  Image& stored = p.images.emplace(id, std::move(image)).first->second;
  stored.pending_event = model.engine().scheduler().schedule(
      stored.complete_at, core::TimedEvent{.kind = model.resource_events().image_available,
                                           .part = p.key,
                                           .subject = id,
                                           .args = {}});
  return stored;
}

Image new_own_image(const Ec2Partition& p, const std::string& name, const std::string& description,
                    core::TimeMs now) {
  Image image;
  image.image_id = core::resource_id("ami");
  image.name = name;
  image.description = description;
  image.owner_id = p.key.account;
  image.in_catalogue = false;
  image.is_public = false;
  image.image_location = p.key.account + "/" + name;
  image.creation_date = core::format_iso8601_ms(now);
  return image;
}

void require_image_value_in(const std::string& value, const std::string& parameter,
                            const std::vector<std::string>& valid) {
  if (value.empty() || std::find(valid.begin(), valid.end(), value) != valid.end()) return;
  std::string list;
  for (const std::string& v : valid) list += (list.empty() ? "" : ", ") + v;
  throw ServiceError("InvalidParameterValue", "Value (" + value + ") for parameter " + parameter +
                                                  " is invalid. Valid values: " + list);
}

}  // namespace

std::string image_root_snapshot_id(const Image& image) {
  return "snap-" + image.image_id.substr(4);
}

bool is_valid_image_name(const std::string& name) {
  if (name.size() < 3 || name.size() > 128) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("()[]./-'@_ ").find(c) != std::string_view::npos;
  });
}

std::vector<Image> describe_images(const Ec2Partition& p, const DescribeImagesRequest& r) {
  for (const Filter& f : r.filters) {
    if (!image_filter_values(Image{}, f.name)) {
      throw ServiceError("InvalidParameterValue", "The filter '" + f.name + "' is invalid");
    }
  }
  for (const std::string& id : r.image_ids) {
    if (!is_well_formed_image_id(id)) {
      throw ServiceError("InvalidAMIID.Malformed",
                         "Invalid id: \"" + id + "\" (expecting \"ami-...\")");
    }
  }
  // A deregistered image is simply no longer listed; an ID never seen does not exist.
  std::vector<std::string> missing;
  for (const std::string& id : r.image_ids) {
    if (!find_catalogue_image(id) && !p.images.count(id) && !p.deregistered_images.count(id) &&
        std::find(missing.begin(), missing.end(), id) == missing.end()) {
      missing.push_back(id);
    }
  }
  if (!missing.empty()) {
    std::string list;
    for (const std::string& id : missing) list += (list.empty() ? "" : ", ") + id;
    throw ServiceError("InvalidAMIID.NotFound",
                       missing.size() == 1 ? "The image id '[" + list + "]' does not exist"
                                           : "The image ids '[" + list + "]' do not exist");
  }
  std::vector<Image> out;
  const auto consider = [&](const Image& i) {
    if (!r.image_ids.empty() &&
        std::find(r.image_ids.begin(), r.image_ids.end(), i.image_id) == r.image_ids.end()) {
      return;
    }
    if (!r.owners.empty() && std::none_of(r.owners.begin(), r.owners.end(), [&](const auto& o) {
          return image_owned_by(i, o, r.caller_account);
        })) {
      return;
    }
    if (!r.executable_by.empty() &&
        std::none_of(r.executable_by.begin(), r.executable_by.end(),
                     [&](const auto& u) { return executable_by(i, u, r.caller_account); })) {
      return;
    }
    const bool named = !r.image_ids.empty();  // an ID given names it (filtered above)
    if (!listed_despite_deprecation(i, r.caller_account, r.now, r.include_deprecated, named)) {
      return;
    }
    if (matches_filters(i, r.filters)) out.push_back(i);
  };
  for (const Image& i : catalogue_images()) consider(i);
  for (const auto& [id, i] : p.images) consider(i);
  return out;
}

Image create_image(Ec2Model& model, Ec2Partition& p, const CreateImageRequest& r,
                   core::TimeMs now) {
  Instance& inst = *model.require_instances(p, {r.instance_id}).front();
  require_image_name(p, r.name);
  const InstanceState s = inst.lifecycle.state();
  if (s != InstanceState::kRunning && s != InstanceState::kStopped) {
    throw ServiceError("IncorrectInstanceState",
                       "Instance '" + r.instance_id + "' is not 'running' or 'stopped'.");
  }
  if (inst.root_device_type != "ebs") {
    throw ServiceError("InvalidParameterValue", "The instance '" + r.instance_id +
                                                    "' is instance store-backed: CreateImage "
                                                    "images EBS-backed instances only.");
  }
  validate_tag_specifications(r.tag_specifications, {"image", "snapshot"});
  for (const BlockDeviceSpec& bd : r.block_devices) {
    bool is_volume = false;
    for (const InstanceBlockDevice& ibd : inst.block_devices) {
      if (ibd.device_name != bd.device_name) continue;
      is_volume = true;
      const Volume* v = p.find_volume(ibd.volume_id);
      if (v && bd.ebs && bd.ebs->volume_size && *bd.ebs->volume_size < v->size) {
        throw ServiceError("InvalidParameterValue",
                           "Volume of size " + std::to_string(*bd.ebs->volume_size) +
                               "GiB is smaller than the instance's volume at " + bd.device_name +
                               ", expect size >= " + std::to_string(v->size) + "GiB");
      }
    }
    if (bd.device_name == inst.root_device_name && bd.no_device) {
      throw ServiceError("InvalidBlockDeviceMapping",
                         "The root device " + bd.device_name + " cannot be removed (NoDevice).");
    }
    if (!is_volume) validate_added_mapping(p, bd);
  }
  if (r.dry_run) throw dry_run_succeeded();

  Image image = new_own_image(p, r.name, r.description, now);
  image.architecture = inst.architecture;
  image.platform = inst.platform;
  image.platform_details = inst.platform_details;
  image.root_device_type = "ebs";
  image.root_device_name = inst.root_device_name;
  image.virtualization_type = inst.virtualization_type;
  image.ena_support = inst.ena_support;
  image.sriov_net_support = inst.sriov_net_support;
  image.source_instance_id = inst.instance_id;
  for (const Tag& t : tags_for(r.tag_specifications, "image")) image.tags.set(t.key, t.value);
  const std::vector<Tag> snapshot_tags = tags_for(r.tag_specifications, "snapshot");
  const std::string description =
      "Created by CreateImage(" + inst.instance_id.str() + ") for " + image.image_id;
  for (const InstanceBlockDevice& ibd : inst.block_devices) {
    const BlockDeviceSpec* o = mapping_for(r.block_devices, ibd.device_name);
    const Volume* v = p.find_volume(ibd.volume_id);
    if ((o && o->no_device) || !v) continue;
    const Snapshot& snap = take_snapshot(model, p, *v, description, snapshot_tags, now);
    BlockDeviceSpec m;
    m.device_name = ibd.device_name;
    EbsSpec ebs;
    ebs.snapshot_id = snap.snapshot_id;
    ebs.volume_size = v->size;
    ebs.volume_type = v->volume_type;
    ebs.delete_on_termination = ibd.delete_on_termination;
    ebs.encrypted = v->encrypted;
    if (v->iops &&
        (v->volume_type == "io1" || v->volume_type == "io2" || v->volume_type == "gp3")) {
      ebs.iops = v->iops;
    }
    ebs.throughput = v->throughput;
    if (o && o->ebs) {
      if (o->ebs->volume_size) ebs.volume_size = o->ebs->volume_size;
      if (o->ebs->volume_type) ebs.volume_type = o->ebs->volume_type;
      if (o->ebs->delete_on_termination) ebs.delete_on_termination = o->ebs->delete_on_termination;
      if (o->ebs->iops) ebs.iops = o->ebs->iops;
      if (o->ebs->throughput) ebs.throughput = o->ebs->throughput;
    }
    m.ebs = ebs;
    image.block_devices.push_back(std::move(m));
  }
  for (const BlockDeviceSpec& bd : r.block_devices) {
    bool is_volume = false;
    for (const InstanceBlockDevice& ibd : inst.block_devices) {
      is_volume = is_volume || ibd.device_name == bd.device_name;
    }
    if (!is_volume && !bd.no_device) image.block_devices.push_back(added_mapping(p, bd));
  }
  // The instance reboots so its file systems are consistent, unless NoReboot says otherwise.
  if (!r.no_reboot && s == InstanceState::kRunning) {
    model.reboot_instances(p, {inst.instance_id.str()}, false, now);
  }
  return store_pending_image(model, p, std::move(image), now);
}

Image register_image(Ec2Model& model, Ec2Partition& p, const RegisterImageRequest& r,
                     core::TimeMs now) {
  require_image_name(p, r.name);
  require_image_value_in(r.architecture, "architecture",
                         {"i386", "x86_64", "arm64", "x86_64_mac", "arm64_mac"});
  require_image_value_in(r.virtualization_type, "virtualizationType", {"hvm", "paravirtual"});
  require_image_value_in(r.boot_mode, "bootMode", {"legacy-bios", "uefi", "uefi-preferred"});
  require_image_value_in(r.tpm_support, "tpmSupport", {"v2.0"});
  require_image_value_in(r.imds_support, "imdsSupport", {"v2.0"});
  require_image_value_in(r.sriov_net_support, "sriovNetSupport", {"simple"});
  validate_tag_specifications(r.tag_specifications, {"image"});
  const std::string root = r.root_device_name.empty() ? "/dev/sda1" : r.root_device_name;
  const BlockDeviceSpec* root_mapping = mapping_for(r.block_devices, root);
  if (!root_mapping || !root_mapping->ebs || !root_mapping->ebs->snapshot_id) {
    throw ServiceError("InvalidBlockDeviceMapping",
                       "The device " + root +
                           " given as the root device name must have a block device mapping "
                           "with an EBS snapshot.");
  }
  for (const BlockDeviceSpec& bd : r.block_devices) validate_added_mapping(p, bd);
  if (r.dry_run) throw dry_run_succeeded();

  Image image = new_own_image(p, r.name, r.description, now);
  image.architecture = r.architecture.empty() ? "x86_64" : r.architecture;
  image.virtualization_type = r.virtualization_type.empty() ? "paravirtual" : r.virtualization_type;
  image.root_device_type = "ebs";
  image.root_device_name = root;
  image.boot_mode = r.boot_mode;
  image.tpm_support = r.tpm_support;
  image.imds_support = r.imds_support;
  image.ena_support = r.ena_support.value_or(false);
  image.sriov_net_support = r.sriov_net_support;
  for (const Tag& t : tags_for(r.tag_specifications, "image")) image.tags.set(t.key, t.value);
  for (const BlockDeviceSpec& bd : r.block_devices) {
    if (!bd.no_device) image.block_devices.push_back(added_mapping(p, bd));
  }
  return store_pending_image(model, p, std::move(image), now);
}

Image& require_own_image(Ec2Partition& p, const std::string& image_id) {
  if (!is_well_formed_image_id(image_id)) {
    throw ServiceError("InvalidAMIID.Malformed",
                       "Invalid id: \"" + image_id + "\" (expecting \"ami-...\")");
  }
  auto it = p.images.find(image_id);
  if (it == p.images.end()) {
    if (p.deregistered_images.count(image_id)) {
      throw ServiceError("InvalidAMIID.Unavailable",
                         "The image ID: '" + image_id + "' is no longer available");
    }
    if (find_catalogue_image(image_id)) {
      throw ServiceError("UnauthorizedOperation",
                         "You are not authorized to perform this operation.", 403);
    }
    throw ServiceError("InvalidAMIID.NotFound", "The image id '[" + image_id + "]' does not exist");
  }
  return it->second;
}

bool is_image_attribute_name(const std::string& name) {
  static const std::vector<std::string> names = {"description",
                                                 "kernel",
                                                 "ramdisk",
                                                 "launchPermission",
                                                 "productCodes",
                                                 "blockDeviceMapping",
                                                 "sriovNetSupport",
                                                 "bootMode",
                                                 "tpmSupport",
                                                 "uefiData",
                                                 "lastLaunchedTime",
                                                 "imdsSupport",
                                                 "deregistrationProtection"};
  return std::find(names.begin(), names.end(), name) != names.end();
}

void modify_image_attribute(Ec2Partition& p, const std::string& image_id,
                            const ImageAttributeChange& c) {
  Image& image = require_own_image(p, image_id);
  if (!c.description && c.add_groups.empty() && c.remove_groups.empty() && c.add_user_ids.empty() &&
      c.remove_user_ids.empty() && !c.imds_support) {
    throw ServiceError("InvalidParameterCombination", "No attributes specified.");
  }
  for (const auto* groups : {&c.add_groups, &c.remove_groups}) {
    for (const std::string& g : *groups) {
      if (g != "all") {
        throw ServiceError("InvalidAMIAttributeItemValue",
                           "Invalid attribute item value \"" + g + "\" for group item type.");
      }
    }
  }
  for (const auto* users : {&c.add_user_ids, &c.remove_user_ids}) {
    for (const std::string& u : *users) {
      const bool account = u.size() == 12 && std::all_of(u.begin(), u.end(), [](char ch) {
                             return ch >= '0' && ch <= '9';
                           });
      if (!account) {
        throw ServiceError("InvalidAMIAttributeItemValue",
                           "Invalid attribute item value \"" + u + "\" for userId item type.");
      }
    }
  }
  if (c.imds_support && *c.imds_support != "v2.0") {
    throw ServiceError("InvalidParameterValue", "Value (" + *c.imds_support +
                                                    ") for parameter imdsSupport is invalid. "
                                                    "Valid values: v2.0");
  }
  if (c.dry_run) throw dry_run_succeeded();
  if (c.description) image.description = *c.description;
  if (!c.add_groups.empty()) image.is_public = true;
  if (!c.remove_groups.empty()) image.is_public = false;
  for (const std::string& u : c.add_user_ids) {
    if (std::find(image.launch_user_ids.begin(), image.launch_user_ids.end(), u) ==
        image.launch_user_ids.end()) {
      image.launch_user_ids.push_back(u);
    }
  }
  for (const std::string& u : c.remove_user_ids) std::erase(image.launch_user_ids, u);
  if (c.imds_support) image.imds_support = *c.imds_support;
}

void reset_image_attribute(Ec2Partition& p, const std::string& image_id,
                           const std::string& attribute, bool dry_run) {
  Image& image = require_own_image(p, image_id);
  if (attribute != "launchPermission") {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + attribute +
                           ") for parameter attribute is invalid. Only launchPermission can be "
                           "reset.");
  }
  if (dry_run) throw dry_run_succeeded();
  image.is_public = false;
  image.launch_user_ids.clear();
}

std::vector<DeletedSnapshotResult> deregister_image(Ec2Model& model, Ec2Partition& p,
                                                    const std::string& image_id,
                                                    bool delete_snapshots, bool dry_run) {
  require_own_image(p, image_id);
  if (dry_run) throw dry_run_succeeded();
  auto it = p.images.find(image_id);
  Image image = std::move(it->second);
  p.images.erase(it);
  p.deregistered_images.insert(image_id);
  if (image.pending_event) model.engine().scheduler().cancel(image.pending_event);
  std::vector<DeletedSnapshotResult> results;
  if (!delete_snapshots) return results;
  for (const BlockDeviceSpec& bd : image.block_devices) {
    if (!bd.ebs || !bd.ebs->snapshot_id) continue;
    const std::string& sid = *bd.ebs->snapshot_id;
    if (!p.snapshots.count(sid)) {
      results.push_back({sid, "client-error"});
    } else if (!image_using_snapshot(p, sid).empty()) {
      results.push_back({sid, "skipped"});
    } else {
      p.snapshots.erase(sid);
      results.push_back({sid, "success"});
    }
  }
  return results;
}

void on_image_available(Ec2Partition& p, const std::string& image_id) {
  auto it = p.images.find(image_id);
  if (it == p.images.end()) return;
  it->second.pending_event = 0;
  if (it->second.state == "pending") it->second.state = "available";
}

LaunchImage resolve_launch_image(const Ec2Partition& p, const std::string& image_id) {
  if (auto it = p.images.find(image_id); it != p.images.end()) {
    if (it->second.state != "available") {
      throw ServiceError(
          "InvalidAMIID.Unavailable",
          "The image ID: '" + image_id + "' is not available (state " + it->second.state + ")");
    }
    return LaunchImage(it->second);
  }
  if (p.deregistered_images.count(image_id)) {
    throw ServiceError("InvalidAMIID.Unavailable",
                       "The image ID: '" + image_id + "' is no longer available");
  }
  std::optional<LaunchImage> image = image_for_launch(image_id);
  if (!image) {
    throw ServiceError("InvalidAMIID.Malformed",
                       "Invalid id: \"" + image_id + "\" (expecting \"ami-...\")");
  }
  return std::move(*image);
}

}  // namespace cloudlife::ec2
