// EC2 tag operations: CreateTags, DeleteTags, DescribeTags across instances (i-), volumes (vol-),
// launch templates (lt-), VPCs (vpc-) and subnets (subnet-), plus the tag rules other operations
// share (TagSpecification on create).
// Contract: free functions over one partition, called with the engine lock held. CreateTags and
// DeleteTags are all-or-nothing: every resource ID and every tag is checked before any resource
// changes. Keys starting with "aws:" are reserved; at most 50 user tags per resource (tags with the
// "aws:" prefix that the cloud itself sets do not count).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ec2/ec2_partition.h"
#include "ec2/filters.h"
#include "ec2/launch_spec.h"
#include "ec2/tags.h"

namespace cloudlife::ec2 {

constexpr std::size_t kMaxUserTagsPerResource = 50;

// Checks user-supplied tags (empty key, "aws:" prefix, lengths, count) and throws
// InvalidParameterValue / TagLimitExceeded.
void validate_user_tags(const std::vector<Tag>& tags);
// Checks TagSpecifications of a create call: every resource type must be one of `allowed`
// (InvalidParameterValue otherwise) and every tag list must pass validate_user_tags().
void validate_tag_specifications(const std::vector<TagSpecification>& specs,
                                 const std::vector<std::string>& allowed);
// Number of tags whose keys do not start with "aws:".
std::size_t user_tag_count(const TagSet& tags);

struct TagKeyValue {
  std::string key;
  std::optional<std::string> value;  // DeleteTags: only delete when the value equals this
};

struct TagDescription {
  std::string resource_id;
  std::string resource_type;
  std::string key;
  std::string value;
};

struct DescribeTagsRequest {
  std::vector<Filter> filters;
  std::optional<long long> max_results;
  std::string next_token;
};

struct DescribeTagsResult {
  std::vector<TagDescription> tags;
  std::string next_token;
};

// The resource type of an ID by its prefix ("instance", "volume", "launch-template", "vpc",
// "subnet", "image"), or "" for an ID no taggable resource has.
std::string tag_resource_type_of(const std::string& id);

void create_tags(Ec2Partition& p, const std::vector<std::string>& resource_ids,
                 const std::vector<Tag>& tags, bool dry_run);
// An empty `tags` deletes every user tag of the resources.
void delete_tags(Ec2Partition& p, const std::vector<std::string>& resource_ids,
                 const std::vector<TagKeyValue>& tags, bool dry_run);
DescribeTagsResult describe_tags(Ec2Partition& p, const DescribeTagsRequest& request);

}  // namespace cloudlife::ec2
