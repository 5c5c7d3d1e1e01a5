// The EC2 action table: every action group registers itself here.
#include "ec2/api/ec2_call.h"

namespace cloudlife::ec2::api {

const Ec2ActionTable& ec2_actions() {
  static const Ec2ActionTable table = [] {
    Ec2ActionTable t;
    register_instance_actions(t);
    register_instance_status_actions(t);
    register_volume_actions(t);
    register_tag_actions(t);
    register_launch_template_actions(t);
    register_image_actions(t);
    register_snapshot_actions(t);
    register_zone_actions(t);
    register_vpc_actions(t);
    register_iam_profile_actions(t);
    register_instance_type_actions(t);
    register_instance_settings_actions(t);
    register_security_group_actions(t);
    register_key_pair_actions(t);
    register_interface_actions(t);
    register_routing_actions(t);
    register_nat_gateway_actions(t);
    register_network_acl_actions(t);
    register_address_attribute_actions(t);
    register_account_actions(t);
    register_spot_actions(t);
    register_fleet_actions(t);
    register_instance_requirements_actions(t);
    return t;
  }();
  return table;
}

}  // namespace cloudlife::ec2::api
