// EBS volume operations: CreateVolume, AttachVolume, DetachVolume, DeleteVolume, DescribeVolumes.
// Contract: free functions over one partition, called with the engine lock held (inside
// Engine::transact). Each validates everything first and throws core::ServiceError before
// changing anything; then it applies its change whole. Timed completions (creating -> available,
// attaching -> attached, detaching -> available, deleting -> gone) are scheduled on the engine's
// scheduler with the phases "volume-creating", "volume-attaching", "volume-detaching" and
// "volume-deleting", as the "ec2.volume-*" TimedEvents of ec2/resource_events.h; when one fires,
// its on_volume_*() below re-finds the volume by ID. A volume's attachment and its instance's
// block_devices entry always agree (device, state, DeleteOnTermination).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "ec2/ec2_model.h"
#include "ec2/filters.h"
#include "ec2/launch_spec.h"
#include "ec2/volume.h"

namespace cloudlife::ec2 {

struct CreateVolumeRequest {
  std::string availability_zone;
  std::optional<long long> size;
  std::string snapshot_id;
  std::optional<std::string> volume_type;
  std::optional<long long> iops;
  std::optional<long long> throughput;
  std::optional<bool> encrypted;
  std::string kms_key_id;
  bool multi_attach = false;
  std::vector<TagSpecification> tag_specifications;
  std::string client_token;
  std::string fingerprint;  // canonical parameters, for ClientToken idempotency
  bool dry_run = false;
};

struct DetachVolumeRequest {
  std::string volume_id;
  std::string instance_id;  // optional
  std::string device;       // optional
  bool force = false;
  bool dry_run = false;
};

// An attachment as AttachVolume / DetachVolume answer it.
struct AttachmentView {
  std::string volume_id;
  VolumeAttachment attachment;
};

struct DescribeVolumesRequest {
  std::vector<std::string> volume_ids;
  std::vector<Filter> filters;
  std::optional<long long> max_results;
  std::string next_token;
  bool dry_run = false;
};

struct DescribeVolumesResult {
  std::vector<Volume> volumes;
  std::string next_token;
};

// "vol-" followed by 8 or 17 lowercase hex digits.
bool is_well_formed_volume_id(const std::string& id);
// The volume, or InvalidVolumeID.Malformed / InvalidVolume.NotFound.
Volume& require_volume(Ec2Partition& p, const std::string& id);
// Every attachment of a volume, the first one first (Multi-Attach volumes have several).
std::vector<const VolumeAttachment*> volume_attachments(const Volume& v);
VolumeAttachment* volume_attachment_of(Volume& v, std::string_view instance_id);
// A Multi-Attach volume with other attachments loses the instance's one (true); a volume with one
// attachment is left to the caller (false).
bool release_volume_attachment(Volume& v, std::string_view instance_id);
// The message of InvalidVolume.NotFound for one ID.
std::string volume_not_found_message(const std::string& id);

Volume create_volume(Ec2Model& model, Ec2Partition& p, const CreateVolumeRequest& request,
                     core::TimeMs now);
AttachmentView attach_volume(Ec2Model& model, Ec2Partition& p, const std::string& volume_id,
                             const std::string& instance_id, const std::string& device,
                             bool dry_run, core::TimeMs now);
AttachmentView detach_volume(Ec2Model& model, Ec2Partition& p, const DetachVolumeRequest& request,
                             core::TimeMs now);
void delete_volume(Ec2Model& model, Ec2Partition& p, const std::string& volume_id, bool dry_run,
                   core::TimeMs now);
DescribeVolumesResult describe_volumes(Ec2Partition& p, const DescribeVolumesRequest& request);

// The timed completions, run by the handlers of ec2/resource_events.h when the event fires. Each
// re-finds the volume (and instance) by ID and does nothing when it is gone or no longer in the
// state the event completes.
// creating -> available.
void on_volume_created(Ec2Partition& p, const std::string& volume_id);
// The first attachment: attaching -> attached.
void on_volume_attached(Ec2Partition& p, const std::string& volume_id);
// The first detaching attachment comes off (the next Multi-Attach one takes its place, else the
// volume is available).
void on_volume_detached(Ec2Partition& p, const std::string& volume_id);
// A deleting volume is gone.
void on_volume_deleted(Ec2Partition& p, const std::string& volume_id);
// A further (Multi-Attach) attachment to `instance_id`: attaching -> attached.
void on_volume_extra_attached(Ec2Partition& p, const std::string& volume_id,
                              const std::string& instance_id);
// A further (Multi-Attach) attachment to `instance_id` that is detaching comes off.
void on_volume_extra_detached(Ec2Partition& p, const std::string& volume_id,
                              const std::string& instance_id);

}  // namespace cloudlife::ec2
