#include "ec2/api/run_instances_decode.h"

#include "core/service_error.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/api/launch_members.h"
#include "ec2/launch_addressing.h"
#include "protocol/aws_errors.h"

namespace cloudlife::ec2::api {
namespace {

namespace rcodec = codec::ec2;
using core::ServiceError;

void run_instances_market(const rcodec::InstanceMarketOptionsRequest& o, LaunchSpec& s) {
  MarketOptions m;
  m.market_type = o.market_type.value_or("spot");
  const rcodec::SpotMarketOptions none;
  const rcodec::SpotMarketOptions& spot = o.spot_options ? *o.spot_options : none;
  m.spot_instance_type = spot.spot_instance_type.value_or("one-time");
  m.interruption_behavior = spot.instance_interruption_behavior.value_or("terminate");
  m.max_price = spot.max_price.value_or("");
  s.market = m;
}

}  // namespace

LaunchSpec run_instances_launch_spec(const rcodec::RunInstancesRequest& req) {
  const auto& interfaces = req.network_interfaces;
  refuse_instance_level_with_interfaces(
      {!interfaces.empty(), req.subnet_id.has_value(),
       !req.security_group_ids.empty() || !req.security_groups.empty(),
       req.private_ip_address.has_value()});
  LaunchSpec s;
  s.image_id = req.image_id;
  s.instance_type = req.instance_type;
  s.key_name = req.key_name;
  s.subnet_id = req.subnet_id;
  s.private_ip = req.private_ip_address;
  apply_launch_interfaces(interfaces, s);
  if (req.placement) {
    s.availability_zone = req.placement->availability_zone;
    s.availability_zone_id = req.placement->availability_zone_id;
    s.tenancy = req.placement->tenancy;
    s.host_id = req.placement->host_id;
  }
  s.user_data = req.user_data;
  s.shutdown_behavior = req.instance_initiated_shutdown_behavior;
  for (const std::string& g : req.security_group_ids) s.security_group_ids.push_back(g);
  s.security_group_names = req.security_groups;
  s.block_devices = block_devices_of(req.block_device_mappings);
  s.tag_specifications = to_tag_specifications(req.tag_specifications);
  s.disable_api_termination = req.disable_api_termination;
  s.disable_api_stop = req.disable_api_stop;
  if (req.hibernation_options) s.hibernation_configured = req.hibernation_options->configured;
  s.ebs_optimized = req.ebs_optimized;
  if (req.monitoring) s.monitoring = req.monitoring->enabled;
  if (const auto& m = req.metadata_options) {
    s.metadata_options.http_tokens = m->http_tokens;
    if (m->http_put_response_hop_limit) {
      s.metadata_options.http_put_response_hop_limit =
          static_cast<int>(*m->http_put_response_hop_limit);
    }
    s.metadata_options.http_endpoint = m->http_endpoint;
    s.metadata_options.http_protocol_ipv6 = m->http_protocol_ipv6;
    s.metadata_options.instance_metadata_tags = m->instance_metadata_tags;
  }
  if (req.iam_instance_profile) {
    s.iam_profile = IamProfileSpec{req.iam_instance_profile->arn, req.iam_instance_profile->name};
  }
  if (req.credit_specification) s.cpu_credits = req.credit_specification->cpu_credits;
  if (req.maintenance_options) s.auto_recovery = req.maintenance_options->auto_recovery;
  if (req.instance_market_options) run_instances_market(*req.instance_market_options, s);
  return s;
}

}  // namespace cloudlife::ec2::api
