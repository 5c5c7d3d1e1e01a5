// The generated-writer forms (codegen/ec2/vpcs_security_groups.ops) of VPCs, subnets, security
// groups and security group rules, shared by every action that answers one of them.
// Contract: each function writes the members of one item into the writer its caller opened (the
// caller owns the enclosing element); element names and types come from the EC2 service model,
// so none is typed here. Writes only: no lookup, no business rule, no allocation per member.
#pragma once

#include <string>

#include "ec2/network.h"
#include "ec2/security_groups.h"
#include "ec2/tags.h"
#include "ec2_codec.h"

namespace cloudlife::ec2::api {

// "arn:aws:ec2:REGION:OWNER:security-group/sg-…" (securityGroupArn).
std::string security_group_arn(const std::string& group_id, const std::string& owner,
                               const std::string& region);

void write_vpc(codec::ec2::VpcWriter& w, const Vpc& v, const std::string& owner);
void write_subnet(codec::ec2::SubnetWriter& w, const Subnet& s, const std::string& owner,
                  const std::string& region);
void write_security_group(codec::ec2::SecurityGroupWriter& w, const SecurityGroup& g,
                          const std::string& owner, const std::string& region);
void write_security_group_rule(codec::ec2::SecurityGroupRuleWriter& w, const SecurityGroupRule& r,
                               const std::string& owner, const std::string& region);

// A TagSet as the `tagSet` of any generated writer with a `tags` member (written even when empty:
// VPCs and subnets always carry one; security groups and their rules only when tagged).
template <class W>
void write_network_tag_set(W& w, const TagSet& tags) {
  w.tags(tags.items(),
         [](codec::ec2::TagWriter& t, const Tag& tag) { t.key(tag.key).value(tag.value); });
}

}  // namespace cloudlife::ec2::api
