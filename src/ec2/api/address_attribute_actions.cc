// DescribeAddressesAttribute (codegen/ec2/addresses.ops): the domain-name attribute of the
// caller's Elastic IPs. cloudlife sets no reverse-DNS (PTR) records (ModifyAddressAttribute is not
// implemented), so every address is listed with its public IP and allocation ID and no ptrRecord —
// what Terraform's aws_eip read expects of an address without one.
#include <algorithm>
#include <string>
#include <vector>

#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/network_interfaces.h"
#include "ec2_codec.h"

namespace cloudlife::ec2::api {
namespace {

using core::ServiceError;
using protocol::HttpResponse;

HttpResponse describe_addresses_attribute(Ec2Call& call) {
  const auto req = codec::ec2::DescribeAddressesAttributeRequest::decode(call.params);
  const std::string attribute = req.attribute.value_or("domain-name");
  if (attribute != "domain-name") {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + attribute + ") for parameter attribute is invalid.");
  }
  if (req.max_results && (*req.max_results < 1 || *req.max_results > 1000)) {
    throw ServiceError("InvalidParameterValue",
                       "Value ( " + std::to_string(*req.max_results) +
                           " ) for parameter maxResults is invalid. Expecting a value between 1 "
                           "and 1000.");
  }
  const std::string after = req.next_token.value_or("");
  if (!after.empty() && after.rfind("eipalloc-", 0) != 0) {
    throw ServiceError("InvalidParameterValue", "Value ( " + after +
                                                    " ) for parameter NextToken is invalid. The "
                                                    "token is invalid.");
  }
  std::string next;
  const std::vector<ElasticAddress> addresses = call.run([&](Ec2Partition& p, core::TimeMs) {
    for (const std::string& id : req.allocation_ids) {
      if (!p.addresses.contains(id)) {
        throw ServiceError("InvalidAllocationID.NotFound",
                           "The allocation ID '" + id + "' does not exist");
      }
    }
    if (req.dry_run.value_or(false)) throw dry_run_succeeded();
    std::vector<ElasticAddress> out;
    std::string last;
    for (auto it = after.empty() ? p.addresses.begin() : p.addresses.upper_bound(after);
         it != p.addresses.end(); ++it) {
      if (!req.allocation_ids.empty() &&
          std::find(req.allocation_ids.begin(), req.allocation_ids.end(), it->first) ==
              req.allocation_ids.end()) {
        continue;
      }
      if (req.max_results && static_cast<long long>(out.size()) == *req.max_results) {
        next = last;
        break;
      }
      out.push_back(it->second);
      last = it->first;
    }
    return out;
  });
  codec::ec2::DescribeAddressesAttributeResponse out(call.ctx.request_id);
  out.addresses(addresses, [](codec::ec2::AddressAttributeWriter& w, const ElasticAddress& a) {
    w.public_ip(a.public_ip).allocation_id(a.allocation_id);
  });
  if (!next.empty()) out.next_token(next);
  return out.finish();
}

}  // namespace

void register_address_attribute_actions(Ec2ActionTable& table) {
  table["DescribeAddressesAttribute"] = describe_addresses_attribute;
}

}  // namespace cloudlife::ec2::api
