#include "ec2/launch_spec.h"

#include "ec2/merge_optional.h"

namespace cloudlife::ec2 {
LaunchSpec LaunchSpec::merged_over(const LaunchSpec& base) const {
  LaunchSpec out;
  take_first(out.image_id, image_id, base.image_id);
  take_first(out.instance_type, instance_type, base.instance_type);
  take_first(out.key_name, key_name, base.key_name);
  take_first(out.subnet_id, subnet_id, base.subnet_id);
  const bool own_zone = availability_zone || availability_zone_id;
  out.availability_zone = own_zone ? availability_zone : base.availability_zone;
  out.availability_zone_id = own_zone ? availability_zone_id : base.availability_zone_id;
  take_first(out.tenancy, tenancy, base.tenancy);
  take_first(out.user_data, user_data, base.user_data);
  take_first(out.shutdown_behavior, shutdown_behavior, base.shutdown_behavior);
  take_first(out.disable_api_termination, disable_api_termination, base.disable_api_termination);
  take_first(out.disable_api_stop, disable_api_stop, base.disable_api_stop);
  take_first(out.hibernation_configured, hibernation_configured, base.hibernation_configured);
  take_first(out.ebs_optimized, ebs_optimized, base.ebs_optimized);
  take_first(out.monitoring, monitoring, base.monitoring);
  take_first(out.associate_public_ip, associate_public_ip, base.associate_public_ip);
  take_first(out.private_ip, private_ip, base.private_ip);
  take_first(out.network_interface_id, network_interface_id, base.network_interface_id);
  take_first(out.interface_description, interface_description, base.interface_description);
  take_first(out.interface_delete_on_termination, interface_delete_on_termination,
             base.interface_delete_on_termination);
  take_first(out.secondary_private_ip_count, secondary_private_ip_count,
             base.secondary_private_ip_count);
  out.secondary_private_ips =
      secondary_private_ips.empty() ? base.secondary_private_ips : secondary_private_ips;
  out.more_interfaces = more_interfaces.empty() ? base.more_interfaces : more_interfaces;
  take_first(out.host_id, host_id, base.host_id);
  take_first(out.market, market, base.market);
  take_first(out.iam_profile, iam_profile, base.iam_profile);
  take_first(out.cpu_credits, cpu_credits, base.cpu_credits);
  take_first(out.auto_recovery, auto_recovery, base.auto_recovery);
  out.metadata_options = metadata_options.merged_over(base.metadata_options);
  const bool own_groups = !security_group_ids.empty() || !security_group_names.empty();
  out.security_group_ids = own_groups ? security_group_ids : base.security_group_ids;
  out.security_group_names = own_groups ? security_group_names : base.security_group_names;

  out.block_devices = base.block_devices;
  for (const BlockDeviceSpec& mine : block_devices) {
    bool replaced = false;
    for (BlockDeviceSpec& existing : out.block_devices) {
      if (existing.device_name == mine.device_name) {
        existing = mine;
        replaced = true;
      }
    }
    if (!replaced) out.block_devices.push_back(mine);
  }
  out.tag_specifications = base.tag_specifications;
  out.tag_specifications.insert(out.tag_specifications.end(), tag_specifications.begin(),
                                tag_specifications.end());
  return out;
}

std::vector<Tag> LaunchSpec::tags_for(const std::string& resource_type) const {
  TagSet merged;
  for (const TagSpecification& spec : tag_specifications) {
    if (spec.resource_type != resource_type) continue;
    for (const Tag& t : spec.tags) merged.set(t.key, t.value);
  }
  return merged.items();
}

}  // namespace cloudlife::ec2
