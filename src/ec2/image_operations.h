// DescribeImages over the built-in catalogue (images.h).
// Contract: pure function of the catalogue and the caller's account; needs no lock. Throws
// InvalidAMIID.Malformed / InvalidAMIID.NotFound for bad IDs and InvalidParameterValue for an
// unknown filter, before returning anything.
#pragma once

#include <string>
#include <vector>

#include "ec2/filters.h"
#include "ec2/images.h"

namespace cloudlife::ec2 {

struct DescribeImagesRequest {
  std::vector<std::string> image_ids;
  std::vector<std::string> owners;         // account IDs, "amazon", "aws-marketplace", "self"
  std::vector<std::string> executable_by;  // account IDs, "self", "all"
  std::vector<Filter> filters;
  std::string caller_account;
};

std::vector<Image> describe_images(const DescribeImagesRequest& request);
// The root snapshot of an EBS-backed catalogue image ("snap-" + the image's hex digits).
std::string image_root_snapshot_id(const Image& image);

}  // namespace cloudlife::ec2
