// CreateTags, DeleteTags, DescribeTags and the shared tag rules.
#include "ec2/tag_operations.h"

#include <algorithm>
#include <charconv>
#include <tuple>
#include <utility>

#include "core/service_error.h"
#include "ec2/ec2_model.h"
#include "ec2/images.h"
#include "ec2/snapshots.h"
#include "ec2/volumes.h"

namespace cloudlife::ec2 {
namespace {

using V = std::vector<std::string>;

using core::ServiceError;

bool is_reserved_key(const std::string& key) {
  return key.rfind("aws:", 0) == 0;
}

bool has_prefix(const std::string& id, const char* prefix) {
  return id.rfind(prefix, 0) == 0;
}

bool hex_suffix(const std::string& id, std::size_t prefix_len) {
  const std::size_t n = id.size() - prefix_len;
  if (id.size() <= prefix_len || (n != 8 && n != 17)) return false;
  return std::all_of(id.begin() + static_cast<std::ptrdiff_t>(prefix_len), id.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// The tag set of a resource, or a refusal in the resource's own words.
TagSet& require_taggable(Ec2Partition& p, const std::string& id) {
  const std::string type = tag_resource_type_of(id);
  if (type == "instance") {
    if (!Ec2Model::is_well_formed_instance_id(id)) {
      throw ServiceError("InvalidInstanceID.Malformed", "Invalid id: \"" + id + "\"");
    }
    Instance* inst = p.find_instance(id);
    if (!inst) {
      throw ServiceError("InvalidInstanceID.NotFound",
                         "The instance ID '" + id + "' does not exist");
    }
    return inst->tags;
  }
  if (type == "volume") return require_volume(p, id).tags;
  if (type == "snapshot") return require_snapshot(p, id).tags;
  if (type == "launch-template") {
    auto it = p.launch_templates.find(id);
    if (!hex_suffix(id, 3) || it == p.launch_templates.end()) {
      throw ServiceError(
          "InvalidLaunchTemplateId.NotFound",
          "The specified launch template, with template ID " + id + ", does not exist.");
    }
    return it->second.tags;
  }
  if (type == "vpc") {
    auto it = p.network.vpcs.find(id);
    if (it == p.network.vpcs.end()) {
      throw ServiceError("InvalidVpcID.NotFound", "The vpc ID '" + id + "' does not exist");
    }
    return it->second.tags;
  }
  if (type == "subnet") {
    auto it = p.network.subnets.find(id);
    if (it == p.network.subnets.end()) {
      throw ServiceError("InvalidSubnetID.NotFound", "The subnet ID '" + id + "' does not exist");
    }
    return it->second.tags;
  }
  if (type == "security-group") return require_security_group(p, id).tags;
  if (type == "network-interface") return require_network_interface(p, id).tags;
  if (type == "key-pair") {
    auto it = p.key_pairs.find(id);
    if (it == p.key_pairs.end()) {
      throw ServiceError("InvalidKeyPair.NotFound", "The key pair '" + id + "' does not exist");
    }
    return it->second.tags;
  }
  if (type == "elastic-ip") {
    auto it = p.addresses.find(id);
    if (it == p.addresses.end()) {
      throw ServiceError("InvalidAllocationID.NotFound",
                         "The allocation ID '" + id + "' does not exist");
    }
    return it->second.tags;
  }
  if (type == "internet-gateway") {
    auto it = p.internet_gateways.find(id);
    if (it == p.internet_gateways.end()) {
      throw ServiceError("InvalidInternetGatewayID.NotFound",
                         "The internetGateway ID '" + id + "' does not exist");
    }
    return it->second.tags;
  }
  if (type == "natgateway") {
    auto it = p.nat_gateways.find(id);
    if (it == p.nat_gateways.end()) {
      throw ServiceError("NatGatewayNotFound", "The Nat Gateway " + id + " was not found");
    }
    return it->second.tags;
  }
  if (type == "route-table") {
    auto it = p.route_tables.find(id);
    if (it == p.route_tables.end()) {
      throw ServiceError("InvalidRouteTableID.NotFound",
                         "The routeTable ID '" + id + "' does not exist");
    }
    return it->second.tags;
  }
  if (type == "network-acl") return require_network_acl(p, id).tags;
  if (type == "security-group-rule") {
    for (auto& [gid, g] : p.security_groups) {
      for (SecurityGroupRule& r : g.rules) {
        if (r.rule_id == id) return r.tags;
      }
    }
    throw ServiceError("InvalidSecurityGroupRuleId.NotFound",
                       "The security group rule ID '" + id + "' does not exist");
  }
  if (type == "image") {
    if (!is_well_formed_image_id(id)) {
      throw ServiceError("InvalidAMIID.Malformed",
                         "Invalid id: \"" + id + "\" (expecting \"ami-...\")");
    }
    if (auto own = p.images.find(id); own != p.images.end()) return own->second.tags;
    if (find_catalogue_image(id)) {
      // Catalogue images belong to other accounts: their tags are not the caller's to change.
      throw ServiceError("UnauthorizedOperation",
                         "You are not authorized to perform this operation.", 403);
    }
    throw ServiceError("InvalidAMIID.NotFound", "The image id '[" + id + "]' does not exist");
  }
  throw ServiceError("InvalidID", "The ID '" + id + "' is not valid");
}

void require_resource_ids(const std::vector<std::string>& ids) {
  if (ids.empty()) {
    throw ServiceError("MissingParameter", "The request must contain the parameter resourceIdSet");
  }
  if (ids.size() > 1000) {
    throw ServiceError("InvalidParameterValue",
                       "The maximum number of resource IDs per request is 1000; " +
                           std::to_string(ids.size()) + " were specified.");
  }
}

std::optional<std::vector<std::string>> tag_filter_values(const TagDescription& t,
                                                          const std::string& name) {
  if (name == "key") return V{t.key};
  if (name == "value") return V{t.value};
  if (name == "resource-id") return V{t.resource_id};
  if (name == "resource-type") return V{t.resource_type};
  if (name.rfind("tag:", 0) == 0) return name.substr(4) == t.key ? V{t.value} : V{};
  return std::nullopt;
}

}  // namespace

void validate_user_tags(const std::vector<Tag>& tags) {
  for (const Tag& t : tags) {
    if (t.key.empty()) throw ServiceError("InvalidParameterValue", "Tag key cannot be empty.");
    if (is_reserved_key(t.key)) {
      throw ServiceError("InvalidParameterValue",
                         "Tag keys starting with 'aws:' are reserved for internal use");
    }
    if (t.key.size() > 128) {
      throw ServiceError("InvalidParameterValue",
                         "Tag key exceeds the maximum length of 128 characters");
    }
    if (t.value.size() > 256) {
      throw ServiceError("InvalidParameterValue",
                         "Tag value exceeds the maximum length of 256 characters");
    }
  }
  TagSet distinct;
  for (const Tag& t : tags) distinct.set(t.key, t.value);
  if (distinct.size() > kMaxUserTagsPerResource) {
    throw ServiceError("TagLimitExceeded",
                       "The resultant tag set must not have more than 50 user tags.");
  }
}

void validate_tag_specifications(const std::vector<TagSpecification>& specs,
                                 const std::vector<std::string>& allowed) {
  for (const TagSpecification& ts : specs) {
    if (ts.resource_type.empty()) {
      throw ServiceError("MissingParameter", "The request must contain the parameter ResourceType");
    }
    if (std::find(allowed.begin(), allowed.end(), ts.resource_type) == allowed.end()) {
      throw ServiceError(
          "InvalidParameterValue",
          "'" + ts.resource_type + "' is not a valid taggable resource type for this operation.");
    }
    validate_user_tags(ts.tags);
  }
}

std::size_t user_tag_count(const TagSet& tags) {
  return static_cast<std::size_t>(
      std::count_if(tags.items().begin(), tags.items().end(),
                    [](const Tag& t) { return !is_reserved_key(t.key); }));
}

std::string tag_resource_type_of(const std::string& id) {
  if (has_prefix(id, "i-")) return "instance";
  if (has_prefix(id, "vol-")) return "volume";
  if (has_prefix(id, "snap-")) return "snapshot";
  if (has_prefix(id, "lt-")) return "launch-template";
  if (has_prefix(id, "vpc-")) return "vpc";
  if (has_prefix(id, "subnet-")) return "subnet";
  if (has_prefix(id, "ami-")) return "image";
  if (has_prefix(id, "sgr-")) return "security-group-rule";
  if (has_prefix(id, "sg-")) return "security-group";
  if (has_prefix(id, "eni-")) return "network-interface";
  if (has_prefix(id, "key-")) return "key-pair";
  if (has_prefix(id, "eipalloc-")) return "elastic-ip";
  if (has_prefix(id, "igw-")) return "internet-gateway";
  if (has_prefix(id, "rtb-")) return "route-table";
  if (has_prefix(id, "nat-")) return "natgateway";
  if (has_prefix(id, "acl-")) return "network-acl";
  return "";
}

void create_tags(Ec2Partition& p, const std::vector<std::string>& resource_ids,
                 const std::vector<Tag>& tags, bool dry_run) {
  require_resource_ids(resource_ids);
  if (tags.empty()) {
    throw ServiceError("MissingParameter", "The request must contain the parameter tagSet");
  }
  validate_user_tags(tags);
  std::vector<TagSet*> targets;
  for (const std::string& id : resource_ids) {
    TagSet& set = require_taggable(p, id);
    std::vector<Tag> user_new;
    for (const Tag& t : tags) user_new.push_back(t);
    if (user_tag_count(set) + set.count_new_keys(user_new) > kMaxUserTagsPerResource) {
      throw ServiceError("TagLimitExceeded",
                         "The resultant tag set must not have more than 50 user tags.");
    }
    targets.push_back(&set);
  }
  if (dry_run) throw dry_run_succeeded();
  for (TagSet* set : targets) {
    for (const Tag& t : tags) set->set(t.key, t.value);
  }
}

void delete_tags(Ec2Partition& p, const std::vector<std::string>& resource_ids,
                 const std::vector<TagKeyValue>& tags, bool dry_run) {
  require_resource_ids(resource_ids);
  for (const TagKeyValue& t : tags) {
    if (t.key.empty()) throw ServiceError("InvalidParameterValue", "Tag key cannot be empty.");
    if (is_reserved_key(t.key)) {
      throw ServiceError("InvalidParameterValue",
                         "Tag keys starting with 'aws:' are reserved for internal use");
    }
  }
  std::vector<TagSet*> targets;
  for (const std::string& id : resource_ids) targets.push_back(&require_taggable(p, id));
  if (dry_run) throw dry_run_succeeded();
  for (TagSet* set : targets) {
    if (tags.empty()) {
      std::vector<std::string> user_keys;
      for (const Tag& t : set->items()) {
        if (!is_reserved_key(t.key)) user_keys.push_back(t.key);
      }
      for (const std::string& k : user_keys) set->remove(k);
      continue;
    }
    for (const TagKeyValue& t : tags) set->remove(t.key, t.value ? &*t.value : nullptr);
  }
}

DescribeTagsResult describe_tags(Ec2Partition& p, const DescribeTagsRequest& r) {
  if (r.max_results && (*r.max_results < 5 || *r.max_results > 1000)) {
    throw ServiceError("InvalidParameterValue",
                       "Value ( " + std::to_string(*r.max_results) +
                           " ) for parameter maxResults is invalid. Expecting a value between 5 "
                           "and 1000.");
  }
  for (const Filter& f : r.filters) {
    if (!tag_filter_values(TagDescription{}, f.name)) {
      throw ServiceError("InvalidParameterValue", "The filter '" + f.name + "' is invalid");
    }
  }
  std::size_t offset = 0;
  if (!r.next_token.empty()) {
    const std::string& t = r.next_token;
    auto [ptr, ec] =
        std::from_chars(t.data() + std::min<std::size_t>(5, t.size()), t.data() + t.size(), offset);
    if (t.rfind("cl1t.", 0) != 0 || ec != std::errc{} || ptr != t.data() + t.size()) {
      throw ServiceError("InvalidParameterValue",
                         "Value ( " + t +
                             " ) for parameter NextToken is invalid. The token is "
                             "invalid.");
    }
  }

  std::vector<TagDescription> all;
  auto add = [&](std::string_view id, const std::string& type, const TagSet& tags) {
    for (const Tag& t : tags.items()) all.push_back({std::string(id), type, t.key, t.value});
  };
  for (const auto& [id, inst] : std::as_const(p.instances)) add(id, "instance", inst.tags);
  for (const auto& [id, v] : std::as_const(p.volumes)) add(id, "volume", v.tags);
  for (const auto& [id, s] : p.snapshots) add(id, "snapshot", s.tags);
  for (const auto& [id, i] : p.images) add(id, "image", i.tags);
  for (const auto& [id, lt] : p.launch_templates) add(id, "launch-template", lt.tags);
  for (const auto& [id, vpc] : p.network.vpcs) add(id, "vpc", vpc.tags);
  for (const auto& [id, subnet] : p.network.subnets) add(id, "subnet", subnet.tags);
  for (const auto& [id, g] : p.security_groups) add(id, "security-group", g.tags);
  for (const auto& [id, k] : p.key_pairs) add(id, "key-pair", k.tags);
  for (const auto& [id, e] : p.network_interfaces) add(id, "network-interface", e.tags);
  for (const auto& [id, a] : p.addresses) add(id, "elastic-ip", a.tags);
  for (const auto& [id, g] : p.internet_gateways) add(id, "internet-gateway", g.tags);
  for (const auto& [id, t] : p.route_tables) add(id, "route-table", t.tags);
  for (const auto& [id, g] : p.nat_gateways) add(id, "natgateway", g.tags);
  for (const auto& [id, a] : p.network_acls) add(id, "network-acl", a.tags);
  std::sort(all.begin(), all.end(), [](const TagDescription& a, const TagDescription& b) {
    return std::tie(a.resource_id, a.key) < std::tie(b.resource_id, b.key);
  });

  DescribeTagsResult result;
  std::size_t matched = 0;
  const long long limit = r.max_results.value_or(-1);
  for (const TagDescription& t : all) {
    bool ok = true;
    for (const Filter& f : r.filters) {
      bool any = false;
      for (const std::string& v :
           tag_filter_values(t, f.name).value_or(std::vector<std::string>{})) {
        any |= matches_any(f.values, v);
      }
      if (!any) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    if (matched++ < offset) continue;
    if (limit >= 0 && static_cast<long long>(result.tags.size()) == limit) {
      result.next_token = "cl1t." + std::to_string(offset + result.tags.size());
      return result;
    }
    result.tags.push_back(t);
  }
  return result;
}

}  // namespace cloudlife::ec2
