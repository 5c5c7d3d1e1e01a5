#include "ec2/images.h"

namespace cloudlife::ec2 {

const std::vector<Image>& catalogue_images() {
  static const std::vector<Image> images = [] {
    std::vector<Image> v;
    Image al;
    al.image_id = "ami-0c02fb55956c7d316";
    al.name = "al2023-ami-2023.6.20261101.0-kernel-6.1-x86_64";
    al.description = "Amazon Linux 2023 AMI 2023.6.20261101.0 x86_64 HVM kernel-6.1";
    al.owner_id = "137112412989";
    al.owner_alias = "amazon";
    v.push_back(al);

    Image al_arm = al;
    al_arm.image_id = "ami-0a7a4e87939439934";
    al_arm.name = "al2023-ami-2023.6.20261101.0-kernel-6.1-arm64";
    al_arm.description = "Amazon Linux 2023 AMI 2023.6.20261101.0 arm64 HVM kernel-6.1";
    al_arm.architecture = "arm64";
    v.push_back(al_arm);

    Image ubuntu;
    ubuntu.image_id = "ami-0e86e20dae9224db8";
    ubuntu.name = "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20261015";
    ubuntu.description = "Canonical, Ubuntu, 24.04, amd64 noble image";
    ubuntu.owner_id = "099720109477";
    ubuntu.root_device_name = "/dev/sda1";
    v.push_back(ubuntu);

    Image windows;
    windows.image_id = "ami-0f9c44e98edf38a2b";
    windows.name = "Windows_Server-2022-English-Full-Base-2026.10.15";
    windows.description = "Microsoft Windows Server 2022 Full Locale English AMI";
    windows.owner_id = "801119661308";
    windows.owner_alias = "amazon";
    windows.platform = "windows";
    windows.platform_details = "Windows";
    windows.root_device_name = "/dev/sda1";
    windows.root_volume_size = 30;
    v.push_back(windows);

    Image store;
    store.image_id = "ami-0b1e534a4ff9019e0";
    store.name = "amzn-ami-minimal-hvm-2018.03.0.20231218.0-x86_64-s3";
    store.description =
        "Amazon Linux AMI (instance store) - instance-store-backed, cannot be stopped";
    store.owner_id = "137112412989";
    store.owner_alias = "amazon";
    store.root_device_type = "instance-store";
    store.root_device_name = "/dev/sda1";
    store.root_volume_size = 0;
    store.creation_date = "2023-12-18T00:00:00.000Z";
    v.push_back(store);
    return v;
  }();
  return images;
}

const Image* find_catalogue_image(std::string_view id) {
  for (const Image& image : catalogue_images()) {
    if (image.image_id == id) return &image;
  }
  return nullptr;
}

std::vector<BlockDeviceSpec> image_block_devices(const Image& image) {
  if (!image.block_devices.empty()) return image.block_devices;
  BlockDeviceSpec root;
  if (image.root_device_type != "ebs") {
    root.device_name = "/dev/sdb";
    root.virtual_name = "ephemeral0";
    return {root};
  }
  root.device_name = image.root_device_name;
  EbsSpec ebs;
  if (image.image_id.size() > 4) ebs.snapshot_id = "snap-" + image.image_id.substr(4);
  ebs.volume_size = image.root_volume_size;
  ebs.volume_type = image.root_volume_type;
  ebs.delete_on_termination = true;
  ebs.encrypted = false;
  root.ebs = ebs;
  return {root};
}

bool is_well_formed_image_id(std::string_view id) {
  if (id.size() < 5 || id.substr(0, 4) != "ami-") return false;
  std::string_view hex = id.substr(4);
  if (hex.size() != 8 && hex.size() != 17) return false;
  for (char c : hex) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::optional<LaunchImage> image_for_launch(std::string_view id) {
  if (const Image* known = find_catalogue_image(id)) return LaunchImage(*known);
  if (!is_well_formed_image_id(id)) return std::nullopt;
  Image generic;
  generic.image_id = std::string(id);
  generic.name = "private-image-" + std::string(id.substr(4));
  generic.description = "EBS-backed image";
  generic.owner_id = "";
  generic.in_catalogue = false;
  return LaunchImage(std::move(generic));
}

}  // namespace cloudlife::ec2
