// EC2 NAT gateway actions: CreateNatGateway, DescribeNatGateways, DeleteNatGateway
// (ec2/nat_gateways.h), decoded and encoded by the generated codec (codegen/ec2/net_more.ops).
// Members with no model here are refused with Unsupported, by their wire names as sent: regional
// NAT gateways (AvailabilityMode regional, VpcId, AvailabilityZoneAddress.N) and secondary
// addresses (SecondaryAllocationId.N, SecondaryPrivateIpAddress.N, SecondaryPrivateIpAddressCount).
#include <string>
#include <vector>

#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/nat_gateways.h"
#include "ec2/tag_operations.h"
#include "ec2_codec.h"

namespace cloudlife::ec2::api {
namespace {

using core::ServiceError;
using protocol::HttpResponse;
namespace natwire = codec::ec2;

void write_nat_gateway(natwire::NatGatewayWriter& w, const NatGateway& g) {
  w.create_time(g.create_time);
  if (g.delete_time) w.delete_time(g.delete_time);
  if (!g.failure_code.empty()) w.failure_code(g.failure_code).failure_message(g.failure_message);
  w.nat_gateway_addresses([&](natwire::NatGatewayAddressListWriter& list) {
    if (g.network_interface_id.empty() && g.allocation_id.empty()) return;
    list.item([&](natwire::NatGatewayAddressWriter& a) {
      if (!g.allocation_id.empty()) a.allocation_id(g.allocation_id);
      if (!g.network_interface_id.empty()) a.network_interface_id(g.network_interface_id);
      if (!g.private_ip.empty()) a.private_ip(g.private_ip);
      if (!g.public_ip.empty()) a.public_ip(g.public_ip);
      if (!g.association_id.empty()) a.association_id(g.association_id);
      a.is_primary(true);
      const char* status = g.state == "deleted"                           ? "disassociated"
                           : g.state == "deleting"                        ? "disassociating"
                           : g.state == "failed"                          ? "failed"
                           : g.state == "pending" && !g.public_ip.empty() ? "associating"
                                                                          : "succeeded";
      a.status(status);
    });
  });
  w.nat_gateway_id(g.nat_gateway_id).state(g.state).subnet_id(g.subnet_id).vpc_id(g.vpc_id);
  if (!g.tags.empty()) {
    w.tags(g.tags.items(),
           [](natwire::TagWriter& t, const Tag& tag) { t.key(tag.key).value(tag.value); });
  }
  w.connectivity_type(g.connectivity_type).availability_mode("zonal");
}

HttpResponse create_nat_gateway(Ec2Call& call) {
  refuse_unimplemented(call.params,
                       {"VpcId", "AvailabilityZoneAddress.*", "SecondaryAllocationId.*",
                        "SecondaryPrivateIpAddress.*", "SecondaryPrivateIpAddressCount"});
  const auto req = natwire::CreateNatGatewayRequest::decode(call.params);
  if (req.availability_mode.value_or("zonal") != "zonal") {
    refuse_unimplemented(call.params, {"AvailabilityMode"});
  }
  if (!req.subnet_id || req.subnet_id->empty()) {
    throw ServiceError("MissingParameter", "The request must contain the parameter subnetId");
  }
  const std::vector<TagSpecification> specs = to_tag_specifications(req.tag_specifications);
  validate_tag_specifications(specs, {"natgateway"});
  CreateNatGatewayRequest r;
  r.subnet_id = *req.subnet_id;
  r.allocation_id = req.allocation_id.value_or("");
  r.connectivity_type = req.connectivity_type.value_or("");
  r.private_ip = req.private_ip_address;
  for (const TagSpecification& s : specs) r.tags.insert(r.tags.end(), s.tags.begin(), s.tags.end());
  r.client_token = req.client_token.value_or("");
  r.fingerprint = fingerprint(call.params, {"ClientToken", "DryRun"});
  r.dry_run = req.dry_run.value_or(false);
  const NatGateway g = call.run([&](Ec2Partition& p, core::TimeMs now) {
    return ec2::create_nat_gateway(call.model, p, r, now);
  });
  natwire::CreateNatGatewayResponse out(call.ctx.request_id);
  if (!r.client_token.empty()) out.client_token(r.client_token);
  out.nat_gateway([&](natwire::NatGatewayWriter& w) { write_nat_gateway(w, g); });
  return out.finish();
}

HttpResponse describe_nat_gateways(Ec2Call& call) {
  const auto req = natwire::DescribeNatGatewaysRequest::decode(call.params);
  DescribeNatGatewaysRequest r;
  r.ids = req.nat_gateway_ids;
  r.filters = to_filters(req.filter);
  r.max_results = req.max_results;
  r.next_token = req.next_token.value_or("");
  r.dry_run = req.dry_run.value_or(false);
  const DescribeNatGatewaysResult result =
      call.run([&](Ec2Partition& p, core::TimeMs) { return ec2::describe_nat_gateways(p, r); });
  natwire::DescribeNatGatewaysResponse out(call.ctx.request_id);
  out.nat_gateways(result.gateways, write_nat_gateway);
  if (!result.next_token.empty()) out.next_token(result.next_token);
  return out.finish();
}

HttpResponse delete_nat_gateway(Ec2Call& call) {
  const auto req = natwire::DeleteNatGatewayRequest::decode(call.params);
  const bool dry = req.dry_run.value_or(false);
  const std::string id = call.run([&](Ec2Partition& p, core::TimeMs now) {
    return ec2::delete_nat_gateway(call.model, p, req.nat_gateway_id, dry, now);
  });
  natwire::DeleteNatGatewayResponse out(call.ctx.request_id);
  out.nat_gateway_id(id);
  return out.finish();
}

}  // namespace

void register_nat_gateway_actions(Ec2ActionTable& t) {
  t["CreateNatGateway"] = create_nat_gateway;
  t["DescribeNatGateways"] = describe_nat_gateways;
  t["DeleteNatGateway"] = delete_nat_gateway;
}

}  // namespace cloudlife::ec2::api
