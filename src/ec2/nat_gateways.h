// NAT gateways: CreateNatGateway, DescribeNatGateways, DeleteNatGateway, and what they do to the
// subnet, the Elastic IP and the route tables (docs/supported.md, "NAT gateways").
// Contract: called with the engine lock held; validate everything, then change. A new gateway is
// `pending`, then `available` after the "nat-gateway-pending" timing phase; DeleteNatGateway makes
// it `deleting`, then `deleted` after "nat-gateway-deleting", when its network interface is deleted
// (its address returns to the subnet) and its Elastic IP is disassociated (still allocated). A
// deleted or failed gateway stays listed for the "terminated-visible" phase (an hour), as AWS keeps
// it visible, then is forgotten. A public gateway whose VPC has no internet gateway attached, or a
// subnet without a free address, is created and then `failed` with AWS's failureCode and
// failureMessage; an unknown or already associated Elastic IP is refused at once. Routes to a
// gateway that is not available are `blackhole`. The timed moves are the "ec2.nat-gateway-*"
// TimedEvents of ec2/resource_events.h, whose handlers run the on_nat_gateway_*() below.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "ec2/filters.h"
#include "ec2/tags.h"

namespace cloudlife::ec2 {

class Ec2Model;
struct Ec2Partition;

struct NatGateway {
  std::string nat_gateway_id;  // nat-…
  std::string subnet_id;
  std::string vpc_id;
  std::string connectivity_type = "public";  // public | private
  std::string state = "pending";             // pending | failed | available | deleting | deleted
  std::string failure_code;
  std::string failure_message;
  core::TimeMs create_time = 0;
  core::TimeMs delete_time = 0;  // 0 until deleted
  // Its address: the network interface it made in the subnet, its private address and (public)
  // the Elastic IP; empty once deleted or when it failed.
  std::string allocation_id;
  std::string association_id;
  std::string public_ip;
  std::string network_interface_id;
  std::string private_ip;
  std::string client_token;
  std::string fingerprint;
  TagSet tags;
};

struct CreateNatGatewayRequest {
  std::string subnet_id;
  std::string allocation_id;
  std::string connectivity_type;  // "" = public
  std::optional<std::string> private_ip;
  std::vector<Tag> tags;
  std::string client_token;
  std::string fingerprint;
  bool dry_run = false;
};
NatGateway create_nat_gateway(Ec2Model& model, Ec2Partition& p, const CreateNatGatewayRequest& r,
                              core::TimeMs now);
// Returns the gateway's ID; a gateway already deleting or deleted is left as it is.
std::string delete_nat_gateway(Ec2Model& model, Ec2Partition& p, const std::string& id,
                               bool dry_run, core::TimeMs now);

struct DescribeNatGatewaysRequest {
  std::vector<std::string> ids;
  std::vector<Filter> filters;
  std::optional<long long> max_results;
  std::string next_token;
  bool dry_run = false;
};
struct DescribeNatGatewaysResult {
  std::vector<NatGateway> gateways;
  std::string next_token;
};
DescribeNatGatewaysResult describe_nat_gateways(Ec2Partition& p,
                                                const DescribeNatGatewaysRequest& r);

// A route target: NatGatewayNotFound unless the gateway exists (and is not deleted) in `vpc_id`'s
// VPC (InvalidParameterValue otherwise).
void require_nat_gateway_target(const Ec2Partition& p, const std::string& id,
                                const std::string& vpc_id, const std::string& table_id);
// Whether a route through the gateway carries traffic (it exists and is available).
bool nat_gateway_routable(const Ec2Partition& p, const std::string& id);

// Pure rules, unit-tested: the failure (code, message) a public gateway meets at creation, or
// nullopt. `gateway_attached`: the VPC has an internet gateway; `free_addresses`: the subnet's.
struct NatFailure {
  std::string code;
  std::string message;
};
std::optional<NatFailure> nat_creation_failure(const std::string& connectivity_type,
                                               const std::string& vpc_id, bool gateway_attached,
                                               int free_addresses);

// The timed moves, when their event fires at `at`; each re-finds the gateway by ID and does
// nothing when it is gone or no longer in the state the event moves it from.
// pending -> available (no `outcome`), or failed with `outcome` (then forgotten later).
void on_nat_gateway_created(Ec2Model& model, Ec2Partition& p, const std::string& id,
                            const std::optional<NatFailure>& outcome, core::TimeMs at);
// deleting -> deleted: its interface and Elastic IP are released (then forgotten later).
void on_nat_gateway_deleted(Ec2Model& model, Ec2Partition& p, const std::string& id,
                            core::TimeMs at);
// A deleted or failed gateway is no longer listed.
void on_nat_gateway_forgotten(Ec2Partition& p, const std::string& id);

}  // namespace cloudlife::ec2
