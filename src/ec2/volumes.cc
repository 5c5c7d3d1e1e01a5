// EBS volumes: create, attach, detach, delete, describe.
#include "ec2/volumes.h"
#include "protocol/aws_ids.h"

#include <algorithm>
#include <regex>
#include <utility>

#include "core/ids.h"
#include "core/service_error.h"
#include "ec2/image_operations.h"
#include "ec2/instance_types.h"
#include "ec2/regions.h"
#include "ec2/snapshots.h"
#include "ec2/tag_operations.h"

namespace cloudlife::ec2 {
namespace {

using V = std::vector<std::string>;

using core::InstanceState;
using core::ServiceError;

constexpr long long kVolumePageCap = 500;

const std::vector<std::string>& volume_types() {
  static const std::vector<std::string> types = {"standard", "io1", "io2", "gp2",
                                                 "sc1",      "st1", "gp3"};
  return types;
}

struct SizeRange {
  long long min;
  long long max;
};

SizeRange size_range(const std::string& type) {
  if (type == "io1" || type == "io2") return {4, 16384};
  if (type == "st1" || type == "sc1") return {125, 16384};
  if (type == "standard") return {1, 1024};
  return {1, 16384};  // gp2, gp3
}

void validate_create(Ec2Partition& p, const CreateVolumeRequest& r) {
  if (r.availability_zone.empty()) {
    throw ServiceError("MissingParameter",
                       "The request must contain the parameter AvailabilityZone");
  }
  if (!is_zone_of(p.key.region, r.availability_zone)) {
    throw ServiceError("InvalidZone.NotFound",
                       "The zone '" + r.availability_zone + "' does not exist.");
  }
  if (!r.size && r.snapshot_id.empty()) {
    throw ServiceError("MissingParameter", "The request must contain the parameter size/snapshot");
  }
  const std::string type = r.volume_type.value_or("gp2");
  if (std::find(volume_types().begin(), volume_types().end(), type) == volume_types().end()) {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + type +
                           ") for parameter volumeType is invalid. Valid values: standard, io1, "
                           "io2, gp2, sc1, st1, gp3");
  }
  if (!r.snapshot_id.empty() && !protocol::is_well_formed_aws_id(r.snapshot_id, "snap-")) {
    throw ServiceError("InvalidSnapshotID.Malformed",
                       "Invalid id: \"" + r.snapshot_id + "\" (expecting \"snap-...\")");
  }
  if (r.size) {
    const SizeRange range = size_range(type);
    if (*r.size < range.min) {
      throw ServiceError("InvalidParameterValue", "Volume of " + std::to_string(*r.size) +
                                                      "GiB is too small; minimum is " +
                                                      std::to_string(range.min) + "GiB.");
    }
    if (*r.size > range.max) {
      throw ServiceError("InvalidParameterValue", "Volume of " + std::to_string(*r.size) +
                                                      "GiB is too large; maximum is " +
                                                      std::to_string(range.max) + "GiB.");
    }
  }
  // Iops: required for io1/io2, optional for gp3, not accepted for the others.
  if (type == "io1" || type == "io2") {
    if (!r.iops) {
      throw ServiceError("MissingParameter", "The request must contain the parameter iops");
    }
    const long long max = type == "io1" ? 64000 : 256000;
    if (*r.iops < 100 || *r.iops > max) {
      throw ServiceError("InvalidParameterValue",
                         "Value (" + std::to_string(*r.iops) +
                             ") for parameter iops is invalid. Expected a value between 100 and " +
                             std::to_string(max) + ".");
    }
  } else if (type == "gp3") {
    if (r.iops && (*r.iops < 3000 || *r.iops > 16000)) {
      throw ServiceError("InvalidParameterValue",
                         "Value (" + std::to_string(*r.iops) +
                             ") for parameter iops is invalid. Expected a value between 3000 and "
                             "16000.");
    }
  } else if (r.iops) {
    throw ServiceError("InvalidParameterCombination",
                       "The parameter iops is not supported for " + type + " volumes.");
  }
  if (r.throughput) {
    if (type != "gp3") {
      throw ServiceError("InvalidParameterCombination",
                         "The parameter throughput is not supported for " + type + " volumes.");
    }
    if (*r.throughput < 125 || *r.throughput > 1000) {
      throw ServiceError("InvalidParameterValue",
                         "Value (" + std::to_string(*r.throughput) +
                             ") for parameter throughput is invalid. Expected a value between 125 "
                             "and 1000.");
    }
  }
  if (!r.kms_key_id.empty() && !r.encrypted.value_or(false)) {
    throw ServiceError("InvalidParameterDependency",
                       "The parameter KmsKeyId requires the parameter Encrypted to be set.");
  }
  if (r.multi_attach && type != "io1" && type != "io2") {
    throw ServiceError("InvalidParameterCombination",
                       "Multi-Attach is supported only for io1 and io2 volumes.");
  }
  validate_tag_specifications(r.tag_specifications, {"volume"});
}

bool device_name_valid(const std::string& device) {
  static const std::regex pattern(
      R"(^(/dev/)?(sd[a-z][a-z]?[0-9]*|xvd[a-z][a-z]?[0-9]*|hd[a-z][0-9]*)$)");
  return std::regex_match(device, pattern);
}

// The size of a snapshot a volume is created from: the account's own, or the root snapshot of a
// catalogue image; InvalidSnapshot.NotFound for any other.
long long snapshot_size_of(Ec2Partition& p, const std::string& snapshot_id) {
  if (auto it = p.snapshots.find(snapshot_id); it != p.snapshots.end()) {
    return it->second.volume_size;
  }
  for (const Image& image : catalogue_images()) {
    if (image.root_device_type == "ebs" && image_root_snapshot_id(image) == snapshot_id) {
      return image.root_volume_size;
    }
  }
  throw ServiceError("InvalidSnapshot.NotFound", snapshot_not_found_message(snapshot_id));
}

InstanceBlockDevice* block_device_of(Instance& inst, const std::string& volume_id) {
  for (InstanceBlockDevice& bd : inst.block_devices) {
    if (bd.volume_id == volume_id) return &bd;
  }
  return nullptr;
}

constexpr std::size_t kMaxMultiAttachInstances = 16;

bool built_on_nitro(const std::string& instance_type) {
  const InstanceTypeInfo* t = find_instance_type(instance_type);
  return t && (t->hypervisor == "nitro" || t->bare_metal);
}

// Multi-Attach: Nitro instances only, 16 at most, each instance once.
void check_multi_attach(const Volume& v, const Instance& inst) {
  if (!built_on_nitro(inst.instance_type)) {
    throw ServiceError("UnsupportedOperation",
                       "Multi-Attach enabled volumes can be attached only to instances built on "
                       "the Nitro System; " +
                           inst.instance_type + " is not.");
  }
  const std::vector<const VolumeAttachment*> all = volume_attachments(v);
  for (const VolumeAttachment* a : all) {
    if (a->instance_id == inst.instance_id) {
      throw ServiceError("VolumeInUse", v.volume_id.str() + " is already attached to instance " +
                                            inst.instance_id.str());
    }
  }
  if (all.size() >= kMaxMultiAttachInstances) {
    throw ServiceError("AttachmentLimitExceeded",
                       "Volume " + v.volume_id.str() +
                           " is already attached to the maximum number of "
                           "instances (16).");
  }
}

// The first attachment is gone: the next one (Multi-Attach) takes its place, else the volume is
// available.
void take_off_first_attachment(Volume& v) {
  if (v.more_attachments.empty()) {
    v.attachment.reset();
    v.state = "available";
    return;
  }
  v.attachment = v.more_attachments.front();
  v.more_attachments.erase(v.more_attachments.begin());
}

VolumeAttachment* more_attachment_of(Volume& v, std::string_view instance_id) {
  for (VolumeAttachment& a : v.more_attachments) {
    if (a.instance_id.view() == instance_id) return &a;
  }
  return nullptr;
}

AttachmentView attach_more(Ec2Model& model, Ec2Partition& p, Volume& v, Instance& inst,
                           const std::string& device, core::TimeMs now) {
  v.more_attachments.push_back(VolumeAttachment{inst.instance_id, device, "attaching", now, false});
  inst.block_devices.push_back(InstanceBlockDevice{device, v.volume_id, "attaching", now, false});
  core::Engine& engine = model.engine();
  engine.scheduler().schedule(
      now + engine.timing().duration("volume-attaching"),
      core::TimedEvent{.kind = model.resource_events().volume_extra_attached,
                       .part = p.key,
                       .subject = v.volume_id.str(),
                       .args = {inst.instance_id.str()}});
  return AttachmentView{v.volume_id.str(), v.more_attachments.back()};
}

AttachmentView detach_more(Ec2Model& model, Ec2Partition& p, Volume& v,
                           const DetachVolumeRequest& r, core::TimeMs now) {
  VolumeAttachment* a = more_attachment_of(v, r.instance_id);
  if (!a) {
    throw ServiceError(
        "InvalidAttachment.NotFound",
        "The volume '" + r.volume_id + "' is not attached to instance '" + r.instance_id + "'.");
  }
  if (!r.device.empty() && r.device != a->device) {
    throw ServiceError(
        "InvalidAttachment.NotFound",
        "The volume '" + r.volume_id + "' is not attached at device '" + r.device + "'.");
  }
  if (a->state == "detaching") {
    throw ServiceError("IncorrectState",
                       "Volume '" + r.volume_id + "' is in the 'detaching' state.");
  }
  if (r.dry_run) throw dry_run_succeeded();
  a->state = "detaching";
  if (Instance* inst = p.find_instance(r.instance_id)) {
    if (InstanceBlockDevice* bd = block_device_of(*inst, r.volume_id)) bd->status = "detaching";
  }
  core::Engine& engine = model.engine();
  engine.scheduler().schedule(
      now + engine.timing().duration("volume-detaching"),
      core::TimedEvent{.kind = model.resource_events().volume_extra_detached,
                       .part = p.key,
                       .subject = r.volume_id,
                       .args = {r.instance_id}});
  return AttachmentView{r.volume_id, *a};
}

// Pagination: the token names the last volume returned; the next page starts after it.
std::string volume_token(const std::string& last_id) {
  return "cl1v." + last_id;
}

std::optional<std::vector<std::string>> volume_filter_values(const Volume& v,
                                                             const std::string& name) {
  const auto bool_text = [](bool b) { return std::string(b ? "true" : "false"); };
  if (name == "volume-id") return V{v.volume_id.str()};
  if (name == "availability-zone") return V{v.availability_zone};
  if (name == "status") return V{v.state};
  if (name == "volume-type") return V{v.volume_type};
  if (name == "size") return V{std::to_string(v.size)};
  if (name == "encrypted") return V{bool_text(v.encrypted)};
  if (name == "snapshot-id") return V{v.snapshot_id};
  if (name == "create-time") return V{core::format_iso8601_ms(v.create_time)};
  if (name == "multi-attach-enabled") return V{bool_text(v.multi_attach_enabled)};
  if (name == "fast-restored") return V{bool_text(false)};
  if (name == "iops") return v.iops ? V{std::to_string(*v.iops)} : V{};
  if (name == "throughput") return v.throughput ? V{std::to_string(*v.throughput)} : V{};
  if (name.rfind("attachment.", 0) == 0) {
    const std::string field = name.substr(11);
    if (field != "instance-id" && field != "device" && field != "status" &&
        field != "attach-time" && field != "delete-on-termination") {
      return std::nullopt;
    }
    V out;
    for (const VolumeAttachment* a : volume_attachments(v)) {
      if (field == "instance-id") out.push_back(a->instance_id.str());
      if (field == "device") out.push_back(a->device);
      if (field == "status") out.push_back(a->state);
      if (field == "attach-time") out.push_back(core::format_iso8601_ms(a->attach_time));
      if (field == "delete-on-termination") out.push_back(bool_text(a->delete_on_termination));
    }
    return out;
  }
  if (name == "tag-key") {
    V out;
    for (const Tag& t : v.tags.items()) out.push_back(t.key);
    return out;
  }
  if (name == "tag-value") {
    V out;
    for (const Tag& t : v.tags.items()) out.push_back(t.value);
    return out;
  }
  if (name.rfind("tag:", 0) == 0) {
    const std::string* value = v.tags.find(name.substr(4));
    return value ? V{*value} : V{};
  }
  return std::nullopt;
}

bool volume_matches(const Volume& v, const std::vector<Filter>& filters) {
  for (const Filter& f : filters) {
    const auto values = volume_filter_values(v, f.name);
    bool any = false;
    for (const std::string& value : values.value_or(std::vector<std::string>{})) {
      if (matches_any(f.values, value)) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  return true;
}

}  // namespace

bool is_well_formed_volume_id(const std::string& id) {
  return protocol::is_well_formed_aws_id(id, "vol-");
}

std::string volume_not_found_message(const std::string& id) {
  return "The volume '" + id + "' does not exist.";
}

std::vector<const VolumeAttachment*> volume_attachments(const Volume& v) {
  std::vector<const VolumeAttachment*> out;
  if (v.attachment) out.push_back(&*v.attachment);
  for (const VolumeAttachment& a : v.more_attachments) out.push_back(&a);
  return out;
}

bool release_volume_attachment(Volume& v, std::string_view instance_id) {
  if (v.more_attachments.empty()) return false;
  if (v.attachment && v.attachment->instance_id.view() == instance_id) {
    take_off_first_attachment(v);
    return true;
  }
  return std::erase_if(v.more_attachments, [&](const VolumeAttachment& a) {
           return a.instance_id.view() == instance_id;
         }) > 0;
}

VolumeAttachment* volume_attachment_of(Volume& v, std::string_view instance_id) {
  if (v.attachment && v.attachment->instance_id.view() == instance_id) return &*v.attachment;
  return more_attachment_of(v, instance_id);
}

Volume& require_volume(Ec2Partition& p, const std::string& id) {
  if (!is_well_formed_volume_id(id)) {
    throw ServiceError("InvalidVolumeID.Malformed",
                       "Invalid id: \"" + id + "\" (expecting \"vol-...\")");
  }
  Volume* v = p.find_volume(id);
  if (!v) throw ServiceError("InvalidVolume.NotFound", volume_not_found_message(id));
  return *v;
}

Volume create_volume(Ec2Model& model, Ec2Partition& p, const CreateVolumeRequest& r,
                     core::TimeMs now) {
  // Idempotency: the same token with the same parameters returns the volume created first.
  // The partition keeps "volume-id\nfingerprint" per token.
  if (!r.client_token.empty()) {
    if (auto it = p.volume_client_tokens.find(r.client_token); it != p.volume_client_tokens.end()) {
      const std::size_t nl = it->second.find('\n');
      const std::string id = it->second.substr(0, nl);
      const std::string fp = nl == std::string::npos ? "" : it->second.substr(nl + 1);
      if (fp != r.fingerprint) {
        throw ServiceError("IdempotentParameterMismatch",
                           "Arguments on this idempotent request are inconsistent with arguments "
                           "used in previous request(s).");
      }
      if (const Volume* existing = p.find_volume(id)) {
        if (r.dry_run) throw dry_run_succeeded();
        return *existing;
      }
    }
  }
  validate_create(p, r);
  const std::string type = r.volume_type.value_or("gp2");
  // A volume from a snapshot takes the snapshot's size unless a larger one is asked for.
  long long snapshot_size = 0;
  if (!r.snapshot_id.empty()) {
    snapshot_size = snapshot_size_of(p, r.snapshot_id);
    if (r.size && *r.size < snapshot_size) {
      throw ServiceError("InvalidParameterValue",
                         "Volume of size " + std::to_string(*r.size) +
                             "GiB is smaller than snapshot '" + r.snapshot_id +
                             "', expect size >= " + std::to_string(snapshot_size) + "GiB");
    }
  }
  if (r.dry_run) throw dry_run_succeeded();

  Volume v;
  v.volume_id = core::resource_id("vol");
  v.availability_zone = r.availability_zone;
  v.size = static_cast<int>(r.size.value_or(snapshot_size));
  v.volume_type = type;
  v.snapshot_id = r.snapshot_id;
  v.encrypted = r.encrypted.value_or(false);
  v.multi_attach_enabled = r.multi_attach;
  if (v.encrypted) v.kms_key_id = r.kms_key_id;
  if (r.iops) v.iops = static_cast<int>(*r.iops);
  if (r.throughput) v.throughput = static_cast<int>(*r.throughput);
  if (type == "gp3") {
    if (!v.iops) v.iops = 3000;
    if (!v.throughput) v.throughput = 125;
  } else if (type == "gp2") {
    v.iops = std::max(100, std::min(16000, 3 * v.size));
  }
  v.state = "creating";
  v.create_time = now;
  for (const TagSpecification& ts : r.tag_specifications) {
    for (const Tag& t : ts.tags) v.tags.set(t.key, t.value);
  }
  const core::CompactText id = v.volume_id;
  Volume& stored = p.volumes.emplace(id, std::move(v)).first->second;
  core::Engine& engine = model.engine();
  stored.pending_event =
      engine.scheduler().schedule(now + engine.timing().duration("volume-creating"),
                                  core::TimedEvent{.kind = model.resource_events().volume_created,
                                                   .part = p.key,
                                                   .subject = id.str(),
                                                   .args = {}});
  if (!r.client_token.empty())
    p.volume_client_tokens[r.client_token] = id.str() + "\n" + r.fingerprint;
  return stored;
}

AttachmentView attach_volume(Ec2Model& model, Ec2Partition& p, const std::string& volume_id,
                             const std::string& instance_id, const std::string& device,
                             bool dry_run, core::TimeMs now) {
  Volume& v = require_volume(p, volume_id);
  Instance& inst = *model.require_instances(p, {instance_id}).front();
  if (!device_name_valid(device)) {
    throw ServiceError("InvalidParameterValue", "Value (" + device +
                                                    ") for parameter device is invalid. " + device +
                                                    " is not a valid EBS device name.");
  }
  if (v.attachment && !v.multi_attach_enabled) {
    throw ServiceError("VolumeInUse", volume_id + " is already attached to an instance");
  }
  if (v.multi_attach_enabled) check_multi_attach(v, inst);
  if (v.state != "available" && !(v.attachment && v.state == "in-use")) {
    throw ServiceError("IncorrectState", "The volume '" + volume_id + "' is not 'available'.");
  }
  if (v.availability_zone != inst.availability_zone) {
    throw ServiceError("InvalidVolume.ZoneMismatch",
                       "The volume '" + volume_id +
                           "' is not in the same availability zone as "
                           "instance '" +
                           instance_id + "'");
  }
  const InstanceState s = inst.lifecycle.state();
  if (s != InstanceState::kRunning && s != InstanceState::kStopped) {
    throw ServiceError("IncorrectInstanceState",
                       "Instance '" + instance_id + "' is not 'running' or 'stopped'.");
  }
  bool in_use = device == inst.root_device_name;
  for (const InstanceBlockDevice& bd : inst.block_devices) in_use |= bd.device_name == device;
  if (in_use) {
    throw ServiceError("InvalidParameterValue",
                       "Attachment point " + device + " is already in use");
  }
  if (dry_run) throw dry_run_succeeded();

  if (v.attachment) return attach_more(model, p, v, inst, device, now);
  // Volumes attached after launch are kept when the instance terminates, unless changed later.
  v.attachment = VolumeAttachment{instance_id, device, "attaching", now, false};
  v.state = "in-use";
  inst.block_devices.push_back(InstanceBlockDevice{device, volume_id, "attaching", now, false});
  core::Engine& engine = model.engine();
  v.pending_event =
      engine.scheduler().schedule(now + engine.timing().duration("volume-attaching"),
                                  core::TimedEvent{.kind = model.resource_events().volume_attached,
                                                   .part = p.key,
                                                   .subject = volume_id,
                                                   .args = {}});
  return AttachmentView{volume_id, *v.attachment};
}

AttachmentView detach_volume(Ec2Model& model, Ec2Partition& p, const DetachVolumeRequest& r,
                             core::TimeMs now) {
  Volume& v = require_volume(p, r.volume_id);
  if (!r.instance_id.empty()) model.require_instances(p, {r.instance_id});
  if (!v.attachment) {
    throw ServiceError("IncorrectState",
                       "Volume '" + r.volume_id + "' is in the '" + v.state + "' state.");
  }
  if (!v.more_attachments.empty()) {
    if (r.instance_id.empty()) {
      throw ServiceError("MissingParameter",
                         "The request must contain the parameter instanceId (volume '" +
                             r.volume_id + "' is attached to more than one instance)");
    }
    if (r.instance_id != v.attachment->instance_id) {
      return detach_more(model, p, v, r, now);
    }
  }
  const VolumeAttachment& a = *v.attachment;
  if (!r.instance_id.empty() && r.instance_id != a.instance_id) {
    throw ServiceError(
        "InvalidAttachment.NotFound",
        "The volume '" + r.volume_id + "' is not attached to instance '" + r.instance_id + "'.");
  }
  if (!r.device.empty() && r.device != a.device) {
    throw ServiceError(
        "InvalidAttachment.NotFound",
        "The volume '" + r.volume_id + "' is not attached at device '" + r.device + "'.");
  }
  if (a.state == "detaching") {
    throw ServiceError("IncorrectState",
                       "Volume '" + r.volume_id + "' is in the 'detaching' state.");
  }
  Instance* inst = p.find_instance(a.instance_id);
  // The root volume comes off only while the instance is stopped; Force does not change that.
  if (inst && a.device == inst->root_device_name &&
      inst->lifecycle.state() != InstanceState::kStopped) {
    throw ServiceError("IncorrectState", "Unable to detach root volume '" + r.volume_id +
                                             "' from instance '" + a.instance_id.str() + "'");
  }
  if (r.dry_run) throw dry_run_succeeded();

  core::Engine& engine = model.engine();
  if (v.pending_event) engine.scheduler().cancel(v.pending_event);
  v.attachment->state = "detaching";
  if (inst) {
    if (InstanceBlockDevice* bd = block_device_of(*inst, r.volume_id)) bd->status = "detaching";
  }
  v.pending_event =
      engine.scheduler().schedule(now + engine.timing().duration("volume-detaching"),
                                  core::TimedEvent{.kind = model.resource_events().volume_detached,
                                                   .part = p.key,
                                                   .subject = r.volume_id,
                                                   .args = {}});
  return AttachmentView{r.volume_id, *v.attachment};
}

void delete_volume(Ec2Model& model, Ec2Partition& p, const std::string& volume_id, bool dry_run,
                   core::TimeMs now) {
  Volume& v = require_volume(p, volume_id);
  if (v.attachment) {
    throw ServiceError("VolumeInUse", "Volume " + volume_id + " is currently attached to " +
                                          v.attachment->instance_id.str());
  }
  if (v.state == "deleting") {
    throw ServiceError("IncorrectState", "Volume '" + volume_id + "' is in the 'deleting' state.");
  }
  if (dry_run) throw dry_run_succeeded();
  core::Engine& engine = model.engine();
  if (v.pending_event) engine.scheduler().cancel(v.pending_event);
  v.state = "deleting";
  v.pending_event =
      engine.scheduler().schedule(now + engine.timing().duration("volume-deleting"),
                                  core::TimedEvent{.kind = model.resource_events().volume_deleted,
                                                   .part = p.key,
                                                   .subject = volume_id,
                                                   .args = {}});
}

void on_volume_created(Ec2Partition& p, const std::string& volume_id) {
  Volume* vol = p.find_volume(volume_id);
  if (!vol) return;
  vol->pending_event = 0;
  if (vol->state == "creating") vol->state = "available";
}

void on_volume_attached(Ec2Partition& p, const std::string& volume_id) {
  Volume* vol = p.find_volume(volume_id);
  if (!vol) return;
  vol->pending_event = 0;
  if (!vol->attachment || vol->attachment->state != "attaching") return;
  vol->attachment->state = "attached";
  if (Instance* owner = p.find_instance(vol->attachment->instance_id)) {
    if (InstanceBlockDevice* bd = block_device_of(*owner, volume_id)) bd->status = "attached";
  }
}

void on_volume_detached(Ec2Partition& p, const std::string& volume_id) {
  Volume* vol = p.find_volume(volume_id);
  if (!vol) return;
  vol->pending_event = 0;
  if (!vol->attachment || vol->attachment->state != "detaching") return;
  if (Instance* owner = p.find_instance(vol->attachment->instance_id)) {
    std::erase_if(owner->block_devices,
                  [&](const InstanceBlockDevice& bd) { return bd.volume_id == volume_id; });
  }
  take_off_first_attachment(*vol);
}

void on_volume_deleted(Ec2Partition& p, const std::string& volume_id) {
  auto it = p.volumes.find(volume_id);
  if (it != p.volumes.end() && it->second.state == "deleting") p.volumes.erase(it);
}

void on_volume_extra_attached(Ec2Partition& p, const std::string& volume_id,
                              const std::string& instance_id) {
  Volume* vol = p.find_volume(volume_id);
  if (!vol) return;
  VolumeAttachment* a = more_attachment_of(*vol, instance_id);
  if (!a || a->state != "attaching") return;
  a->state = "attached";
  if (Instance* owner = p.find_instance(instance_id)) {
    if (InstanceBlockDevice* bd = block_device_of(*owner, volume_id)) bd->status = "attached";
  }
}

void on_volume_extra_detached(Ec2Partition& p, const std::string& volume_id,
                              const std::string& instance_id) {
  Volume* vol = p.find_volume(volume_id);
  if (!vol) return;
  std::erase_if(vol->more_attachments, [&](const VolumeAttachment& x) {
    return x.instance_id == instance_id && x.state == "detaching";
  });
  if (Instance* owner = p.find_instance(instance_id)) {
    std::erase_if(owner->block_devices,
                  [&](const InstanceBlockDevice& bd) { return bd.volume_id == volume_id; });
  }
}

DescribeVolumesResult describe_volumes(Ec2Partition& p, const DescribeVolumesRequest& r) {
  if (r.max_results && !r.volume_ids.empty()) {
    throw ServiceError("InvalidParameterCombination",
                       "The parameter volumeSet cannot be used with the parameter maxResults");
  }
  if (r.max_results && *r.max_results < 5) {
    throw ServiceError("InvalidParameterValue",
                       "Value ( " + std::to_string(*r.max_results) +
                           " ) for parameter maxResults is invalid. Expecting a value greater "
                           "than 5.");
  }
  std::string after;
  if (!r.next_token.empty()) {
    if (r.next_token.rfind("cl1v.", 0) != 0 || !is_well_formed_volume_id(r.next_token.substr(5))) {
      throw ServiceError("InvalidParameterValue", "Value ( " + r.next_token +
                                                      " ) for parameter NextToken is invalid. "
                                                      "The token is invalid.");
    }
    after = r.next_token.substr(5);
  }
  for (const Filter& f : r.filters) {
    if (!volume_filter_values(Volume{}, f.name)) {
      throw ServiceError("InvalidParameterValue", "The filter '" + f.name + "' is invalid");
    }
  }
  for (const std::string& id : r.volume_ids) {
    if (!is_well_formed_volume_id(id)) {
      throw ServiceError("InvalidVolumeID.Malformed",
                         "Invalid id: \"" + id + "\" (expecting \"vol-...\")");
    }
  }
  std::vector<std::string> missing;
  for (const std::string& id : r.volume_ids) {
    if (!p.find_volume(id) && std::find(missing.begin(), missing.end(), id) == missing.end()) {
      missing.push_back(id);
    }
  }
  if (missing.size() == 1) {
    throw ServiceError("InvalidVolume.NotFound", volume_not_found_message(missing.front()));
  }
  if (missing.size() > 1) {
    std::string list;
    for (const std::string& id : missing) list += (list.empty() ? "" : ", ") + id;
    throw ServiceError("InvalidVolume.NotFound", "The volumes '" + list + "' do not exist.");
  }
  if (r.dry_run) throw dry_run_succeeded();

  DescribeVolumesResult result;
  const long long limit = r.max_results ? std::min(*r.max_results, kVolumePageCap) : -1;
  const auto& volumes = std::as_const(p.volumes);  // read only: notes nothing for the usage meter
  auto it = after.empty() ? volumes.begin() : volumes.upper_bound(after);
  for (; it != volumes.end(); ++it) {
    const Volume& v = it->second;
    if (!r.volume_ids.empty() &&
        std::find(r.volume_ids.begin(), r.volume_ids.end(), v.volume_id) == r.volume_ids.end()) {
      continue;
    }
    if (!volume_matches(v, r.filters)) continue;
    if (limit >= 0 && static_cast<long long>(result.volumes.size()) == limit) {
      result.next_token = volume_token(result.volumes.back().volume_id.str());
      return result;
    }
    result.volumes.push_back(v);
  }
  return result;
}

}  // namespace cloudlife::ec2
