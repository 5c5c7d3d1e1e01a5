// One EC2 API call as the action handlers see it, and the table that maps Action names to them.
// Contract: handlers decode `params` (outside the lock), run the model under engine.transact(),
// and encode the result (outside the lock). They throw core::ServiceError or
// protocol::ParamError for refusals; the front end turns those into the EC2 error envelope.
#pragma once

#include <string>
#include <unordered_map>

#include "core/engine.h"
#include "core/partitions.h"
#include "ec2/ec2_model.h"
#include "protocol/http_message.h"
#include "protocol/query_params.h"
#include "protocol/request_context.h"

namespace cloudlife::ec2::api {

struct Ec2Call {
  protocol::RequestContext& ctx;  // handlers add the IDs of what they create to ctx.created_ids
  const protocol::QueryParams& params;
  core::Engine& engine;
  Ec2Model& model;
  core::StateCodeHighByte state_code_high_byte;  // fault injection: ORed into state codes (<< 8)

  core::PartitionKey partition_key() const { return {ctx.account, ctx.region}; }
  // Runs f(partition, now) under the engine lock.
  template <class F>
  decltype(auto) run(F&& f) {
    const core::PartitionKey key = partition_key();
    return engine.transact([&](const core::EngineLock& held, core::TimeMs now) -> decltype(auto) {
      return f(model.partition(held, key), now);
    });
  }
};

using Ec2Handler = protocol::HttpResponse (*)(Ec2Call&);
using Ec2ActionTable = std::unordered_map<std::string, Ec2Handler>;

// Each group of actions registers itself here (one file per group).
void register_instance_actions(Ec2ActionTable& table);
void register_instance_status_actions(Ec2ActionTable& table);
void register_volume_actions(Ec2ActionTable& table);
void register_tag_actions(Ec2ActionTable& table);
void register_launch_template_actions(Ec2ActionTable& table);
void register_image_actions(Ec2ActionTable& table);
void register_snapshot_actions(Ec2ActionTable& table);
void register_zone_actions(Ec2ActionTable& table);
void register_vpc_actions(Ec2ActionTable& table);
void register_iam_profile_actions(Ec2ActionTable& table);
void register_instance_type_actions(Ec2ActionTable& table);
void register_instance_settings_actions(Ec2ActionTable& table);
void register_security_group_actions(Ec2ActionTable& table);
void register_key_pair_actions(Ec2ActionTable& table);
void register_interface_actions(Ec2ActionTable& table);
void register_routing_actions(Ec2ActionTable& table);
void register_nat_gateway_actions(Ec2ActionTable& table);
void register_network_acl_actions(Ec2ActionTable& table);
void register_address_attribute_actions(Ec2ActionTable& table);
void register_account_actions(Ec2ActionTable& table);
void register_spot_actions(Ec2ActionTable& table);
void register_fleet_actions(Ec2ActionTable& table);
void register_instance_requirements_actions(Ec2ActionTable& table);

// The full table (built once).
const Ec2ActionTable& ec2_actions();

}  // namespace cloudlife::ec2::api
