// ELBv2 target-group rules as small pure functions (docs/autoscaling.md "Target groups"): the name
// rule, the protocol and port rules, the attributes a target group has by protocol and the values
// each accepts, and the tag limits shared by CreateTargetGroup and AddTags. Contract: each check
// throws core::ServiceError with AWS's code (ValidationError, TooManyTags, DuplicateTagKeys) and
// changes nothing; the others are pure.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace cloudlife::autoscaling {

using TagMap = std::map<std::string, std::string>;
using TagList = std::vector<std::pair<std::string, std::string>>;  // as the request gave them

// 1-32 characters, ASCII letters, digits and hyphens, not beginning or ending with a hyphen.
void check_target_group_name(const std::string& name);
// Protocol one of HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, GENEVE; port 1-65535.
void check_target_group_protocol(const std::string& protocol);
void check_target_group_port(long long port);
// IpAddressType one of ipv4, ipv6 (ValidationError with AWS's enum message otherwise).
void check_target_group_ip_address_type(const std::string& type);

// The attributes a new target group of `protocol` has, with AWS's defaults.
TagMap default_target_group_attributes(const std::string& protocol);
// `current` with `changes` applied; ValidationError for a key the group does not have or a value
// the key does not accept (checked for every change before any is applied).
TagMap apply_target_group_attributes(const TagMap& current, const std::string& protocol,
                                     const TagList& changes);

// At most this many tags on one resource (keys beginning "aws:" do not count).
inline constexpr std::size_t kMaxElbTags = 50;
// Key 1-128 characters, value at most 256, no key twice in one request (DuplicateTagKeys).
void check_tag_list(const TagList& tags);
// `current` with `add` merged in (an existing key takes the new value); TooManyTags beyond
// kMaxElbTags, with ELBv2's message or (`classic`) Classic ELB's.
TagMap merge_tags(const TagMap& current, const TagList& add, bool classic = false);

}  // namespace cloudlife::autoscaling
