// An AMI, and the built-in catalogue of public ones.
// Contract: catalogue_images() lists a few public images, one of them instance-store-backed;
// image_for_launch(id) returns the catalogue entry, or for any other well-formed "ami-" ID a
// generic EBS-backed Linux image, so arbitrary AMI IDs launch as they would from a private image.
// The account's own images (CreateImage / RegisterImage) live in the partition (image_operations.h)
// and carry their block device mappings; image_block_devices() gives any image's mappings.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/scheduler.h"
#include "core/time.h"
#include "ec2/launch_spec.h"
#include "ec2/tags.h"

namespace cloudlife::ec2 {

struct Image {
  std::string image_id;
  std::string name;
  std::string description;
  std::string owner_id;
  std::string owner_alias;  // "amazon" for the public catalogue, "" otherwise
  std::string architecture = "x86_64";
  std::string platform;  // "windows" or ""
  std::string platform_details = "Linux/UNIX";
  std::string root_device_type = "ebs";  // or "instance-store"
  std::string root_device_name = "/dev/xvda";
  int root_volume_size = 8;  // GiB (EBS-backed only)
  std::string root_volume_type = "gp3";
  std::string virtualization_type = "hvm";
  std::string creation_date = "2026-10-01T00:00:00.000Z";
  bool in_catalogue = true;

  // Own images (the catalogue's keep the defaults).
  std::string state = "available";  // pending | available
  bool is_public = true;
  std::string image_location;                  // "<owner>/<name>" when empty
  std::vector<BlockDeviceSpec> block_devices;  // empty: the catalogue root mapping
  std::string boot_mode;                       // legacy-bios | uefi | uefi-preferred ("" unset)
  std::string tpm_support;                     // "v2.0" or ""
  std::string imds_support;                    // "v2.0" or ""
  bool ena_support = true;
  std::string sriov_net_support = "simple";
  std::string source_instance_id;            // CreateImage's instance
  std::vector<std::string> launch_user_ids;  // accounts given launch permission (own images)
  core::TimeMs last_launched_time = 0;       // last RunInstances from it (0: never)
  core::TimeMs deprecation_time = 0;         // EnableImageDeprecation, minute-rounded (0: none)
  TagSet tags;
  core::TimeMs complete_at = 0;
  core::EventId pending_event = 0;
};

const std::vector<Image>& catalogue_images();
const Image* find_catalogue_image(std::string_view id);
// The image's block device mappings: its own, or for a catalogue image its root mapping
// (EBS: the root snapshot "snap-" + the image's hex digits; instance store: ephemeral0).
std::vector<BlockDeviceSpec> image_block_devices(const Image& image);
// True for "ami-" followed by 8 or 17 lowercase hex digits.
bool is_well_formed_image_id(std::string_view id);
// The image a launch uses: a catalogue or own image by reference (valid while that image is), or
// the generic image of an unknown ID, held here. Copying an Image per launch cost a dozen heap
// strings each time.
class LaunchImage {
 public:
  explicit LaunchImage(const Image& known) : known_(&known) {}
  explicit LaunchImage(Image&& generic) : generic_(std::move(generic)) {}
  const Image& operator*() const { return known_ ? *known_ : *generic_; }
  const Image* operator->() const { return &**this; }

 private:
  const Image* known_ = nullptr;
  std::optional<Image> generic_;
};
// The image a launch uses (nullopt when the ID is malformed).
std::optional<LaunchImage> image_for_launch(std::string_view id);

}  // namespace cloudlife::ec2
