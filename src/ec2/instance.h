// An EC2 instance as the model keeps it.
// Contract: plain data plus its place in the shared state machine (`lifecycle`); the rules that
// move it live in the model (Ec2Model), the wire form in api/. Copyable, so describes can hand
// snapshots to the encoder outside the lock.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/lifecycle.h"
#include "core/time.h"
#include "ec2/launch_spec.h"
#include "ec2/tags.h"

namespace cloudlife::ec2 {

struct InstanceBlockDevice {
  std::string device_name;
  std::string volume_id;
  std::string status = "attached";  // attaching | attached | detaching
  core::TimeMs attach_time = 0;
  bool delete_on_termination = true;
};

struct StateReason {
  std::string code;
  std::string message;
};

// A scheduled event shown by DescribeInstanceStatus (e.g. instance-retirement).
struct InstanceEvent {
  std::string event_id;  // instance-event-…
  std::string code;  // instance-reboot | system-reboot | system-maintenance | instance-retirement |
                     // instance-stop
  std::string description;
  core::TimeMs not_before = 0;
  core::TimeMs not_after = 0;
};

struct Instance {
  std::string instance_id;
  std::string reservation_id;
  int ami_launch_index = 0;
  std::string image_id;
  std::string instance_type;
  std::string key_name;
  std::string availability_zone;
  std::string zone_id;
  std::string tenancy = "default";
  std::string subnet_id;
  std::string vpc_id;
  std::string private_ip;
  std::string public_ip;  // only while running/pending in a subnet that maps public IPs
  // Decided at launch (AssociatePublicIpAddress, else the subnet's MapPublicIpOnLaunch): whether
  // every start gives the instance a new public address.
  bool assign_public_ip = false;
  std::vector<std::string> security_group_ids;
  std::vector<std::string> security_group_names;  // parallel to the IDs (groups never rename)
  std::string client_token;
  std::string user_data;  // base64
  std::string architecture = "x86_64";
  std::string platform;  // "windows" or ""
  std::string platform_details = "Linux/UNIX";
  std::string root_device_type = "ebs";
  std::string root_device_name = "/dev/xvda";
  std::string virtualization_type = "hvm";
  std::vector<InstanceBlockDevice> block_devices;
  TagSet tags;

  core::Lifecycle lifecycle;
  core::TimeMs launch_time = 0;
  std::string state_transition_reason;
  std::optional<StateReason> state_reason;
  core::TimeMs booted_at = 0;            // when it last reached running (0: never)
  core::TimeMs status_checks_ok_at = 0;  // when status checks pass after the last boot
  // A Windows instance launched with a key pair: when EC2Launch has set its Administrator password
  // (its first boot's status checks passing); 0 before that first boot and for any other instance.
  core::TimeMs password_ready_at = 0;
  std::string network_interface_id;
  std::string mac_address;
  // The primary interface's description and DeleteOnTermination, as DescribeInstances shows them
  // (kept equal to its record in the partition's network_interfaces).
  std::string primary_interface_description;
  bool primary_delete_on_termination = true;
  // The interfaces attached at device index 1 and above (AttachNetworkInterface, or
  // NetworkInterface.N at launch), in device-index order; their records are the partition's.
  std::vector<std::string> secondary_interface_ids;

  bool disable_api_termination = false;
  bool disable_api_stop = false;
  std::string shutdown_behavior = "stop";
  bool hibernation_configured = false;
  bool ebs_optimized = false;
  bool monitoring = false;
  bool source_dest_check = true;
  bool ena_support = true;        // enhanced networking (ENA); changed while stopped
  std::string sriov_net_support;  // "simple" once set (Intel 82599 VF); never unset
  InstanceMetadataOptions metadata;
  bool metadata_change_pending = false;   // ModifyInstanceMetadataOptions not yet applied
  std::string cpu_credits;                // standard | unlimited; "" for a type never burstable
  std::string auto_recovery = "default";  // maintenance options: default | disabled
  std::optional<InstanceIamProfile> iam_profile;

  // Spot
  bool spot = false;
  std::string spot_request_id;
  std::string spot_instance_type;  // one-time | persistent
  std::string spot_interruption_behavior;

  std::vector<InstanceEvent> events;
  core::TimeMs spot_interruption_at = 0;  // when an announced Spot interruption happens
  // Why an announced interruption happens: the Spot request status it leaves
  // (instance-terminated-by-price | -by-service | -no-capacity).
  std::string spot_interruption_code;
  core::TimeMs rebalance_recommended_at = 0;  // when EC2 recommended rebalancing (0: never)

  std::string fleet_id;  // the EC2 Fleet that launched it ("" otherwise)

  // Launch template the instance came from, if any.
  std::string launch_template_id;
  std::string launch_template_name;
  std::string launch_template_version;
};

}  // namespace cloudlife::ec2
