// An EC2 instance as the model keeps it.
// Contract: plain data plus its place in the shared state machine (`lifecycle`); the rules that
// move it live in the model (Ec2Model), the wire form in api/. Copyable, so describes can hand
// snapshots to the encoder outside the lock. Kept by the hundred thousand, so it is compact:
// values many instances share (type, zone, subnet, VPC, image, option values) are interned
// core::Symbols, its security group IDs and names interned core::SymbolLists; the reservation ID,
// client token and user data are core::SharedTexts, one string for all the instances launched
// together; its own IDs are core::CompactTexts (inline, no heap block), its addresses strings,
// the MAC 8 bytes; and the parts most instances never set are one InstanceExtras on the heap, made
// on the first write (`extras_mut()`; `extras()` reads empty defaults while it was never made).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/compact_text.h"
#include "core/heap_optional.h"
#include "core/lifecycle.h"
#include "core/mac_address.h"
#include "core/shared_text.h"
#include "core/symbol.h"
#include "core/symbol_list.h"
#include "core/time.h"
#include "ec2/launch_spec.h"
#include "ec2/tags.h"

namespace cloudlife::ec2 {

struct InstanceBlockDevice {
  core::Symbol device_name;
  core::CompactText volume_id;                         // inline (no heap block)
  core::Symbol status = core::interned<"attached">();  // attaching | attached | detaching
  core::TimeMs attach_time = 0;
  bool delete_on_termination = true;
};

struct StateReason {
  core::Symbol code;
  core::Symbol message;
};

// A scheduled event shown by DescribeInstanceStatus (e.g. instance-retirement).
struct InstanceEvent {
  std::string event_id;  // instance-event-…
  core::Symbol code;  // instance-reboot | system-reboot | system-maintenance | instance-retirement
                      // | instance-stop
  std::string description;
  core::TimeMs not_before = 0;
  core::TimeMs not_after = 0;
};

// The parts of an instance most instances never set, kept apart so that the others pay one
// pointer for them (Instance::extras).
struct InstanceExtras {
  std::string state_transition_reason;  // set when it stops or terminates
  // A Windows instance launched with a key pair: when EC2Launch has set its Administrator password
  // (its first boot's status checks passing); 0 before that first boot and for any other instance.
  core::TimeMs password_ready_at = 0;
  // The primary interface's description (and Instance::primary_delete_on_termination), as
  // DescribeInstances shows them (kept equal to its record in the partition's
  // network_interfaces).
  std::string primary_interface_description;
  // The interfaces attached at device index 1 and above (AttachNetworkInterface, or
  // NetworkInterface.N at launch), in device-index order; their records are the partition's.
  std::vector<std::string> secondary_interface_ids;

  // Spot (Instance::spot, Instance::spot_interruption_behavior)
  std::string spot_request_id;
  core::Symbol spot_instance_type;        // one-time | persistent
  core::TimeMs spot_interruption_at = 0;  // when an announced Spot interruption happens
  // Why an announced interruption happens: the Spot request status it leaves
  // (instance-terminated-by-price | -by-service | -no-capacity).
  core::Symbol spot_interruption_code;
  core::TimeMs rebalance_recommended_at = 0;  // when EC2 recommended rebalancing (0: never)

  std::vector<InstanceEvent> events;

  core::Symbol fleet_id;  // the EC2 Fleet that launched it ("" otherwise)

  // Launch template the instance came from, if any.
  core::Symbol launch_template_id;
  core::Symbol launch_template_name;
  core::Symbol launch_template_version;
};

struct Instance {
  core::CompactText instance_id;    // inline (no heap block)
  core::SharedText reservation_id;  // one string for all the instances of the reservation
  core::Symbol image_id;
  core::Symbol instance_type;
  core::Symbol key_name;
  core::Symbol availability_zone;
  core::Symbol zone_id;
  core::Symbol tenancy = core::interned<"default">();
  core::Symbol subnet_id;
  core::Symbol vpc_id;
  std::string private_ip;
  std::string public_ip;  // only while running/pending in a subnet that maps public IPs
  core::SymbolList security_group_ids;
  core::SymbolList security_group_names;  // parallel to the IDs (groups never rename)
  core::SharedText client_token;          // the launch's: one string for all its instances
  core::SharedText user_data;             // base64; the launch's, until ModifyInstanceAttribute
  core::Symbol architecture = core::interned<"x86_64">();
  core::Symbol platform;  // "windows" or ""
  core::Symbol platform_details = core::interned<"Linux/UNIX">();
  core::Symbol root_device_type = core::interned<"ebs">();
  core::Symbol root_device_name = core::interned<"/dev/xvda">();
  core::Symbol virtualization_type = core::interned<"hvm">();
  std::vector<InstanceBlockDevice> block_devices;
  TagSet tags;

  core::Lifecycle lifecycle;
  core::TimeMs launch_time = 0;
  std::optional<StateReason> state_reason;
  core::TimeMs booted_at = 0;              // when it last reached running (0: never)
  core::TimeMs status_checks_ok_at = 0;    // when status checks pass after the last boot
  core::CompactText network_interface_id;  // the primary interface's; inline (no heap block)
  core::MacAddress mac_address;

  core::Symbol shutdown_behavior = core::interned<"stop">();
  core::Symbol sriov_net_support;  // "simple" once set (Intel 82599 VF); never unset
  InstanceMetadataOptions metadata;
  core::Symbol cpu_credits;  // standard | unlimited; "" for a type never burstable
  core::Symbol auto_recovery =
      core::interned<"default">();  // maintenance options: default | disabled
  core::HeapOptional<InstanceIamProfile> iam_profile;
  core::Symbol spot_interruption_behavior;  // a Spot instance's: terminate | stop | hibernate
  core::HeapOptional<InstanceExtras> extra_parts;  // read extras(), write extras_mut()

  // The rarely set parts, for reading: their empty defaults while extras_mut() never made them.
  const InstanceExtras& extras() const {
    static const InstanceExtras none;
    return extra_parts ? *extra_parts : none;
  }
  // The rarely set parts, for writing: made (empty) on first use.
  InstanceExtras& extras_mut() {
    if (!extra_parts) extra_parts.emplace();
    return *extra_parts;
  }

  // The small members, together so that they pack without padding.
  int ami_launch_index = 0;
  // Decided at launch (AssociatePublicIpAddress, else the subnet's MapPublicIpOnLaunch): whether
  // every start gives the instance a new public address.
  bool assign_public_ip = false;
  bool primary_delete_on_termination = true;  // the primary interface's DeleteOnTermination
  bool disable_api_termination = false;
  bool disable_api_stop = false;
  bool hibernation_configured = false;
  bool ebs_optimized = false;
  bool monitoring = false;
  bool source_dest_check = true;
  bool ena_support = true;               // enhanced networking (ENA); changed while stopped
  bool metadata_change_pending = false;  // ModifyInstanceMetadataOptions not yet applied
  bool spot = false;
};

}  // namespace cloudlife::ec2
