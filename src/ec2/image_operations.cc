// DescribeImages: ID lookup, owners, executable-by and filters over the catalogue.
#include "ec2/image_operations.h"

#include <algorithm>
#include <optional>

#include "core/service_error.h"

namespace cloudlife::ec2 {
namespace {

using core::ServiceError;

std::optional<std::vector<std::string>> image_filter_values(const Image& i,
                                                            const std::string& name) {
  using V = std::vector<std::string>;
  const bool ebs = i.root_device_type == "ebs";
  if (name == "image-id") return V{i.image_id};
  if (name == "name") return V{i.name};
  if (name == "description") return V{i.description};
  if (name == "architecture") return V{i.architecture};
  if (name == "root-device-type") return V{i.root_device_type};
  if (name == "root-device-name") return V{i.root_device_name};
  if (name == "owner-alias") return i.owner_alias.empty() ? V{} : V{i.owner_alias};
  if (name == "owner-id") return V{i.owner_id};
  if (name == "state") return V{"available"};
  if (name == "is-public") return V{"true"};
  if (name == "platform") return i.platform.empty() ? V{} : V{i.platform};
  if (name == "platform-details") return V{i.platform_details};
  if (name == "virtualization-type") return V{i.virtualization_type};
  if (name == "image-type") return V{"machine"};
  if (name == "hypervisor") return V{"xen"};
  if (name == "ena-support") return V{"true"};
  if (name == "creation-date") return V{i.creation_date};
  if (name == "block-device-mapping.device-name") return V{i.root_device_name};
  if (name == "block-device-mapping.volume-type") return ebs ? V{i.root_volume_type} : V{};
  if (name == "block-device-mapping.volume-size") {
    return ebs ? V{std::to_string(i.root_volume_size)} : V{};
  }
  if (name == "block-device-mapping.snapshot-id") return ebs ? V{image_root_snapshot_id(i)} : V{};
  if (name == "block-device-mapping.delete-on-termination") return ebs ? V{"true"} : V{};
  if (name == "block-device-mapping.encrypted") return ebs ? V{"false"} : V{};
  if (name == "tag-key" || name == "tag-value" || name.rfind("tag:", 0) == 0) return V{};
  return std::nullopt;
}

bool owned_by(const Image& i, const std::string& owner, const std::string& caller) {
  if (owner == "amazon") return i.owner_alias == "amazon";
  if (owner == "aws-marketplace") return i.owner_alias == "aws-marketplace";
  if (owner == "self") return i.owner_id == caller;
  return i.owner_id == owner;
}

}  // namespace

std::string image_root_snapshot_id(const Image& image) {
  return "snap-" + image.image_id.substr(4);
}

std::vector<Image> describe_images(const DescribeImagesRequest& r) {
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
  std::vector<std::string> missing;
  for (const std::string& id : r.image_ids) {
    if (!find_catalogue_image(id) &&
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
  for (const Image& i : catalogue_images()) {
    if (!r.image_ids.empty() &&
        std::find(r.image_ids.begin(), r.image_ids.end(), i.image_id) == r.image_ids.end()) {
      continue;
    }
    if (!r.owners.empty() && std::none_of(r.owners.begin(), r.owners.end(), [&](const auto& o) {
          return owned_by(i, o, r.caller_account);
        })) {
      continue;
    }
    // Every catalogue image is public, so every caller ("all", "self", an account) may launch it.
    bool match = true;
    for (const Filter& f : r.filters) {
      bool any = false;
      for (const std::string& v :
           image_filter_values(i, f.name).value_or(std::vector<std::string>{})) {
        any |= matches_any(f.values, v);
      }
      if (!any) {
        match = false;
        break;
      }
    }
    if (match) out.push_back(i);
  }
  return out;
}

}  // namespace cloudlife::ec2
