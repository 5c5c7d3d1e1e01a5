// AMI operations: DescribeImages over the catalogue and the account's own images, CreateImage,
// RegisterImage, DeregisterImage, and which image a launch uses.
// Contract: free functions over one partition, called with the engine lock held (inside
// Engine::transact). Each validates everything first and throws core::ServiceError before
// changing anything (bad IDs: InvalidAMIID.Malformed / .NotFound; unknown filter:
// InvalidParameterValue). A new image is pending and becomes available once the "image-pending"
// phase has passed and every snapshot it was made with has completed (an "ec2.image-available"
// TimedEvent, ec2/resource_events.h, then runs on_image_available()). A deregistered image is no
// longer listed and no longer launches (InvalidAMIID.Unavailable).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "ec2/ec2_model.h"
#include "ec2/filters.h"
#include "ec2/images.h"
#include "ec2/launch_spec.h"

namespace cloudlife::ec2 {

struct DescribeImagesRequest {
  std::vector<std::string> image_ids;
  std::vector<std::string> owners;         // account IDs, "amazon", "aws-marketplace", "self"
  std::vector<std::string> executable_by;  // account IDs, "self", "all"
  std::vector<Filter> filters;
  std::string caller_account;
  bool include_deprecated = false;  // deprecated AMIs of other owners (image_deprecation.h)
  core::TimeMs now = 0;
};

struct CreateImageRequest {
  std::string instance_id;
  std::string name;
  std::string description;
  bool no_reboot = false;
  std::vector<BlockDeviceSpec> block_devices;
  std::vector<TagSpecification> tag_specifications;
  bool dry_run = false;
};

struct RegisterImageRequest {
  std::string name;
  std::string description;
  std::string architecture;         // "" = x86_64
  std::string virtualization_type;  // "" = paravirtual (EC2's default)
  std::string root_device_name;     // "" = /dev/sda1
  std::vector<BlockDeviceSpec> block_devices;
  std::string boot_mode;
  std::string tpm_support;
  std::string imds_support;
  std::optional<bool> ena_support;
  std::string sriov_net_support;
  std::vector<TagSpecification> tag_specifications;
  bool dry_run = false;
};

// One DeleteAssociatedSnapshots outcome (returnCode: success | skipped | client-error).
struct DeletedSnapshotResult {
  std::string snapshot_id;
  std::string return_code;
};

// ModifyImageAttribute: what to change (each optional; at least one).
struct ImageAttributeChange {
  std::optional<std::string> description;
  std::vector<std::string> add_groups, remove_groups;  // only "all" exists
  std::vector<std::string> add_user_ids, remove_user_ids;
  std::optional<std::string> imds_support;  // only "v2.0"
  bool dry_run = false;
};

// AMI names: 3–128 letters, digits and ( ) [ ] . / - ' @ _ or spaces.
bool is_valid_image_name(const std::string& name);

std::vector<Image> describe_images(const Ec2Partition& p, const DescribeImagesRequest& request);
Image create_image(Ec2Model& model, Ec2Partition& p, const CreateImageRequest& request,
                   core::TimeMs now);
Image register_image(Ec2Model& model, Ec2Partition& p, const RegisterImageRequest& request,
                     core::TimeMs now);
std::vector<DeletedSnapshotResult> deregister_image(Ec2Model& model, Ec2Partition& p,
                                                    const std::string& image_id,
                                                    bool delete_snapshots, bool dry_run);
// The account's own image, or EC2's refusal: InvalidAMIID.Malformed, InvalidAMIID.Unavailable
// (deregistered), UnauthorizedOperation (a catalogue image of another account),
// InvalidAMIID.NotFound.
Image& require_own_image(Ec2Partition& p, const std::string& image_id);
// The DescribeImageAttribute attribute names.
bool is_image_attribute_name(const std::string& name);
void modify_image_attribute(Ec2Partition& p, const std::string& image_id,
                            const ImageAttributeChange& change);
// ResetImageAttribute: only launchPermission can be reset (else InvalidParameterValue); the image
// goes back to private, shared with no account.
void reset_image_attribute(Ec2Partition& p, const std::string& image_id,
                           const std::string& attribute, bool dry_run);
// The availability event fired: an image still pending is available (nothing when it is gone).
void on_image_available(Ec2Partition& p, const std::string& image_id);
// The image RunInstances launches: an own available image, else image_for_launch(). Throws
// InvalidAMIID.Malformed, or InvalidAMIID.Unavailable for an own image pending or deregistered.
LaunchImage resolve_launch_image(const Ec2Partition& p, const std::string& image_id);
// The root snapshot of an EBS-backed catalogue image ("snap-" + the image's hex digits).
std::string image_root_snapshot_id(const Image& image);

}  // namespace cloudlife::ec2
