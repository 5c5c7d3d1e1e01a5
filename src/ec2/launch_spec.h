// What to launch: the parameters RunInstances, launch templates and Auto Scaling share.
// Contract: every field is optional so specs can be layered: merged_over(base) takes this spec's
// fields where set and the base's elsewhere (block devices and tag specifications per device /
// resource type), which is how RunInstances parameters override a launch template's data.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ec2/iam_instance_profile.h"
#include "ec2/metadata_options.h"
#include "ec2/tags.h"

namespace cloudlife::ec2 {

struct EbsSpec {
  std::optional<int> volume_size;
  std::optional<std::string> volume_type;
  std::optional<bool> delete_on_termination;
  std::optional<int> iops;
  std::optional<int> throughput;
  std::optional<bool> encrypted;
  std::optional<std::string> snapshot_id;
};

struct BlockDeviceSpec {
  std::string device_name;
  std::optional<EbsSpec> ebs;
  std::string virtual_name;  // ephemeralN
  bool no_device = false;
};

struct TagSpecification {
  std::string resource_type;  // instance | volume | launch-template | …
  std::vector<Tag> tags;
};

struct MarketOptions {
  std::string market_type = "spot";
  std::string spot_instance_type = "one-time";      // one-time | persistent
  std::string interruption_behavior = "terminate";  // terminate | stop | hibernate
  std::string max_price;
};

// A network interface of the launch at device index 1 or above (NetworkInterface.N): a new one
// in `subnet_id` (the primary's zone), or an existing, unattached one.
struct LaunchInterfaceSpec {
  int device_index = 1;
  std::optional<std::string> network_interface_id;
  std::optional<std::string> subnet_id;
  std::vector<std::string> group_ids;
  std::optional<std::string> private_ip;
  std::vector<std::string> secondary_private_ips;  // PrivateIpAddresses with Primary false
  std::optional<int> secondary_private_ip_count;   // SecondaryPrivateIpAddressCount
  std::optional<std::string> description;
  std::optional<bool> delete_on_termination;  // unset: true for a new interface
};

struct LaunchSpec {
  std::optional<std::string> image_id;
  std::optional<std::string> instance_type;
  std::optional<std::string> key_name;
  std::optional<std::string> subnet_id;
  std::optional<std::string> availability_zone;
  // Placement.AvailabilityZoneId (use1-az1): the zone by its ID, resolved at launch. A spec names
  // its zone by one or the other (zone_choice_conflicts); a layer that names either replaces the
  // base's choice as a whole.
  std::optional<std::string> availability_zone_id;
  std::optional<std::string> tenancy;
  std::optional<std::string> user_data;          // base64, as sent
  std::optional<std::string> shutdown_behavior;  // stop | terminate
  std::vector<std::string> security_group_ids;
  std::vector<std::string> security_group_names;
  std::vector<BlockDeviceSpec> block_devices;
  std::vector<TagSpecification> tag_specifications;
  std::optional<bool> disable_api_termination;
  std::optional<bool> disable_api_stop;
  std::optional<bool> hibernation_configured;
  std::optional<bool> ebs_optimized;
  std::optional<bool> monitoring;
  // The primary interface's AssociatePublicIpAddress; unset: the subnet's MapPublicIpOnLaunch.
  std::optional<bool> associate_public_ip;
  // The primary interface (PrivateIpAddress, or NetworkInterface.N at DeviceIndex 0): its chosen
  // address, an existing interface to launch with, its description and DeleteOnTermination
  // (unset: true for a new interface, false for an existing one).
  std::optional<std::string> private_ip;
  std::optional<std::string> network_interface_id;
  std::optional<std::string> interface_description;
  std::optional<bool> interface_delete_on_termination;
  // The primary interface's secondary private addresses: chosen ones, or a count the subnet hands
  // out; then the interfaces at device index 1 and above, in device-index order.
  std::vector<std::string> secondary_private_ips;
  std::optional<int> secondary_private_ip_count;
  std::vector<LaunchInterfaceSpec> more_interfaces;
  std::optional<std::string> host_id;  // Placement.HostId
  std::optional<MarketOptions> market;
  MetadataOptionsSpec metadata_options;
  std::optional<IamProfileSpec> iam_profile;  // as a whole: a request's replaces a template's
  std::optional<std::string> cpu_credits;     // CreditSpecification.CpuCredits
  std::optional<std::string> auto_recovery;   // MaintenanceOptions.AutoRecovery

  LaunchSpec merged_over(const LaunchSpec& base) const;
  // Both AvailabilityZone and AvailabilityZoneId given (EC2 accepts one or the other).
  bool zone_choice_conflicts() const {
    return availability_zone && !availability_zone->empty() && availability_zone_id &&
           !availability_zone_id->empty();
  }
  // Tags for one resource type, later specifications winning per key.
  std::vector<Tag> tags_for(const std::string& resource_type) const;
};

}  // namespace cloudlife::ec2
