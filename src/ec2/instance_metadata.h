// The instance metadata service's (IMDS) view of one instance: the `latest/meta-data/` tree and the
// `latest/dynamic/instance-identity/document`, as an instance reads them (docs/imds.md).
// Contract: pure — built from the instance and its partition at one moment, so every value agrees
// with DescribeInstances at that moment. A path names a leaf (its value) or a directory (its
// listing: one child a line, directories with a trailing "/"); anything else is not found.
// IMDSv2 tokens and the HTTP shape live in ImdsTokens and the control-plane route.
//
//   MetadataTree tree = metadata_tree(instance, partition, {.asg_state = "InService"}, now);
//   std::optional<std::string> body = tree.get("meta-data/placement/region");
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/time.h"
#include "ec2/ec2_partition.h"
#include "ec2/instance.h"

namespace cloudlife::ec2 {

struct MetadataExtras {
  std::string target_lifecycle_state;  // Auto Scaling group members only ("" otherwise)
};

class MetadataTree {
 public:
  void set(const std::string& path, std::string value) { leaves_[path] = std::move(value); }
  // The value of a leaf, the listing of a directory ("a/" or "a"), or nullopt.
  std::optional<std::string> get(const std::string& path) const;

 private:
  std::map<std::string, std::string> leaves_;  // "meta-data/placement/region" -> "us-east-1"
};

// The tree under latest/ (meta-data/…, dynamic/…; user-data is served by the caller).
MetadataTree metadata_tree(const Instance& instance, const Ec2Partition& p,
                           const MetadataExtras& extras);

// latest/dynamic/instance-identity/document (pretty-printed JSON, as EC2 serves it).
std::string identity_document(const Instance& instance, const core::PartitionKey& key);

}  // namespace cloudlife::ec2
