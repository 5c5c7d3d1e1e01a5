// DescribeAccountAttributes: the account attributes cloudlife models, per partition (decoded and
// encoded by the generated codec: codegen/ec2/account.ops). docs/architecture.md walks through
// this file as the "adding an action" example.
//   supported-platforms  "VPC" (EC2-Classic is retired: every account is VPC-only)
//   default-vpc          the partition's default VPC id, or "none" once it was deleted
// The other attributes real EC2 lists (max-instances, max-elastic-ips, …) describe quotas
// cloudlife does not model, so they are not listed; the model's AttributeName enum names only
// these two, and any other name is InvalidParameterValue.
// DescribeVpcClassicLink and DescribeVpcClassicLinkDnsSupport: with EC2-Classic retired, EC2
// answers both with UnsupportedOperation "The functionality you requested is not available in this
// region." (400) in every region; tools expect exactly that (Ansible's ec2_vpc_net and
// ec2_vpc_net_info treat it as "ClassicLink disabled"). The request is decoded first, so a
// malformed one gets its parameter error.
#include <string>
#include <vector>

#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2_codec.h"

namespace cloudlife::ec2::api {
namespace {

using protocol::HttpResponse;

struct AccountAttribute {
  std::string name;
  std::string value;
};

constexpr const char* kAttributeNames[] = {"supported-platforms", "default-vpc"};

void validate_names(const std::vector<std::string>& names) {
  for (const std::string& n : names) {
    if (n != kAttributeNames[0] && n != kAttributeNames[1]) {
      throw core::ServiceError("InvalidParameterValue",
                               "Value (" + n +
                                   ") for parameter attributeName is invalid. Valid values are: "
                                   "supported-platforms, default-vpc");
    }
  }
}

// The attributes named (all of them when `names` is empty), in the order asked.
std::vector<AccountAttribute> account_attributes(const Ec2Partition& part,
                                                 const std::vector<std::string>& names) {
  std::vector<std::string> wanted = names;
  if (wanted.empty()) wanted.assign(std::begin(kAttributeNames), std::end(kAttributeNames));
  std::vector<AccountAttribute> out;
  for (const std::string& n : wanted) {
    if (n == "supported-platforms") {
      out.push_back({n, "VPC"});
    } else {
      const Vpc* vpc = part.network.default_vpc();
      out.push_back({n, vpc ? vpc->vpc_id : "none"});
    }
  }
  return out;
}

HttpResponse describe_account_attributes(Ec2Call& call) {
  const auto req = codec::ec2::DescribeAccountAttributesRequest::decode(call.params);
  validate_names(req.attribute_names);
  if (req.dry_run.value_or(false)) throw dry_run_succeeded();
  const std::vector<AccountAttribute> attributes = call.run([&](Ec2Partition& part, core::TimeMs) {
    return account_attributes(part, req.attribute_names);
  });
  codec::ec2::DescribeAccountAttributesResponse out(call.ctx.request_id);
  out.account_attributes(attributes, [](codec::ec2::AccountAttributeWriter& w,
                                        const AccountAttribute& a) {
    w.attribute_name(a.name).attribute_values([&](codec::ec2::AccountAttributeValueListWriter& v) {
      v.item([&](codec::ec2::AccountAttributeValueWriter& x) { x.attribute_value(a.value); });
    });
  });
  return out.finish();
}

core::ServiceError ec2_classic_retired() {
  return core::ServiceError("UnsupportedOperation",
                            "The functionality you requested is not available in this region.");
}

HttpResponse describe_vpc_classic_link(Ec2Call& call) {
  (void)codec::ec2::DescribeVpcClassicLinkRequest::decode(call.params);
  throw ec2_classic_retired();
}

HttpResponse describe_vpc_classic_link_dns_support(Ec2Call& call) {
  (void)codec::ec2::DescribeVpcClassicLinkDnsSupportRequest::decode(call.params);
  throw ec2_classic_retired();
}

}  // namespace

void register_account_actions(Ec2ActionTable& table) {
  table["DescribeAccountAttributes"] = describe_account_attributes;
  table["DescribeVpcClassicLink"] = describe_vpc_classic_link;
  table["DescribeVpcClassicLinkDnsSupport"] = describe_vpc_classic_link_dns_support;
}

}  // namespace cloudlife::ec2::api
