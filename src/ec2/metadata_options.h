// Instance metadata service options (MetadataOptions of RunInstances and of launch template data):
// what a request may ask, what an instance ends up with, and EC2's validation.
// Contract: a requested member left out takes the template's, then the default below
// (docs/supported.md, "Instance metadata options"): httpTokens required, hop limit 2, endpoint
// enabled, IPv6 endpoint disabled, tags in metadata disabled. Validation throws
// InvalidParameterValue for a value outside its enumeration or a hop limit outside 1–64.
// Usage:
//   validate_metadata_options(spec.metadata_options);
//   instance.metadata = resolve_metadata_options(spec.metadata_options);
#pragma once

#include <optional>
#include <string>

#include "core/symbol.h"

namespace cloudlife::ec2 {

struct MetadataOptionsSpec {
  std::optional<std::string> http_tokens;             // optional | required
  std::optional<int> http_put_response_hop_limit;     // 1..64
  std::optional<std::string> http_endpoint;           // enabled | disabled
  std::optional<std::string> http_protocol_ipv6;      // enabled | disabled
  std::optional<std::string> instance_metadata_tags;  // enabled | disabled

  bool empty() const;
  // Members of this spec where set, of `base` elsewhere.
  MetadataOptionsSpec merged_over(const MetadataOptionsSpec& base) const;
};

// Kept per instance: the values are interned (core::Symbol).
struct InstanceMetadataOptions {
  core::Symbol http_tokens = core::interned<"required">();
  int http_put_response_hop_limit = 2;
  core::Symbol http_endpoint = core::interned<"enabled">();
  core::Symbol http_protocol_ipv6 = core::interned<"disabled">();
  core::Symbol instance_metadata_tags = core::interned<"disabled">();
};

void validate_metadata_options(const MetadataOptionsSpec& spec);
InstanceMetadataOptions resolve_metadata_options(const MetadataOptionsSpec& spec);

}  // namespace cloudlife::ec2
