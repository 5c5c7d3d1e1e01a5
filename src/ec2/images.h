// The built-in AMI catalogue.
// Contract: catalogue_images() lists a few public images, one of them instance-store-backed;
// image_for_launch(id) returns the catalogue entry, or for any other well-formed "ami-" ID a generic
// EBS-backed Linux image, so arbitrary AMI IDs launch as they would from a private image.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
};

const std::vector<Image>& catalogue_images();
const Image* find_catalogue_image(std::string_view id);
// True for "ami-" followed by 8 or 17 lowercase hex digits.
bool is_well_formed_image_id(std::string_view id);
// The image a launch uses (nullopt when the ID is malformed).
std::optional<Image> image_for_launch(std::string_view id);

}  // namespace cloudlife::ec2
