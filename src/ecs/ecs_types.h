// The ECS resources as plain data: instances, disks, snapshots, elastic IP addresses.
// Contract: these structs carry no behaviour and no wire detail; the model owns the records, and
// views handed to the encoder are copies with the status computed at the time of the copy.
// Times are virtual milliseconds; an optional time that is empty is "not set".
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/lifecycle.h"
#include "core/scheduler.h"
#include "core/time.h"

namespace cloudlife::ecs {

enum class ChargeType { kPostPaid, kPrePaid };

std::string_view charge_type_name(ChargeType c);  // "PostPaid" | "PrePaid"

struct Tag {
  std::string key;
  std::string value;
  bool operator==(const Tag&) const = default;
};

// An OperationLocks.LockReason entry: "financial" (expired / overdue) or "security".
struct OperationLock {
  std::string reason;
  std::string message;
};

// Why an instance went away: a caller's DeleteInstance(s) or one of the system releases that
// release protection does not stop.
enum class ReleaseCause { kManual, kAutoReleaseTime, kSubscriptionExpired, kOverdue, kSecurity };
std::string_view release_cause_name(ReleaseCause c);

// One entry of an instance's NetworkInterfaces in DescribeInstances: its ID, MAC, primary address
// and type, and a copy of its secondary addresses (kept in step with the ENI's by Assign /
// UnassignPrivateIpAddresses, so that DescribeInstances reads no ENI record).
struct InstanceNic {
  std::string network_interface_id;
  std::string mac_address;
  std::string primary_ip;
  std::string type;  // Primary | Secondary
  std::vector<std::string> secondary_ips;
};

struct Instance {
  std::string instance_id;
  std::string account;
  std::string region_id;
  std::string zone_id;
  std::string instance_name;
  std::string description;
  std::string host_name;
  std::string instance_type;
  std::string image_id;
  int cpu = 0;
  int memory_mib = 0;
  std::string vpc_id;
  std::string vswitch_id;
  std::string private_ip;
  std::vector<std::string> security_group_ids;
  std::string public_ip;          // static (NAT) public IP; "" when none
  std::string eip_allocation_id;  // associated EIP; "" when none
  std::string eip_ip_address;     // filled in views from the associated EIP
  int eip_bandwidth = 0;
  std::string eip_internet_charge_type;
  std::string internet_charge_type = "PayByTraffic";
  int internet_max_bandwidth_in = 200;
  int internet_max_bandwidth_out = 0;
  ChargeType charge_type = ChargeType::kPostPaid;
  int period = 0;
  std::string period_unit;
  bool auto_renew = false;
  int auto_renew_period = 1;  // renewal length in period_unit units
  std::string user_data;      // Base64, as given at launch or by ModifyInstanceAttribute
  core::TimeMs creation_time = 0;
  core::TimeMs start_time = 0;                    // last time it reached Running (0: never)
  std::optional<core::TimeMs> expired_time;       // PrePaid only
  std::optional<core::TimeMs> auto_release_time;  // minute precision
  bool deletion_protection = false;
  std::string stopped_mode = "Not-applicable";  // KeepCharging | StopCharging once stopped
  std::vector<Tag> tags;
  std::vector<OperationLock> operation_locks;
  std::string system_disk_id;
  std::vector<std::string> data_disk_ids;  // attached data disks, in attachment order
  std::string key_pair_name;
  std::string resource_group_id;
  std::vector<InstanceNic> network_interfaces;  // primary first, then in attachment order

  // Computed when a view is taken: Pending | Starting | Running | Stopping | Stopped.
  std::string status;
};

struct Disk {
  std::string disk_id;
  std::string account;
  std::string region_id;
  std::string zone_id;
  std::string disk_name;
  std::string description;
  std::string type;  // system | data
  std::string category = "cloud_essd";
  int size_gib = 40;
  std::string performance_level;
  std::string status;       // In_use | Available
  std::string instance_id;  // "" when detached
  std::string device;
  bool delete_with_instance = false;
  bool delete_auto_snapshot = false;
  bool enable_auto_snapshot = false;
  bool portable = true;
  std::string disk_charge_type = "PostPaid";
  std::string image_id;
  std::string source_snapshot_id;
  core::TimeMs creation_time = 0;
  core::TimeMs attached_time = 0;
  core::TimeMs detached_time = 0;
  std::vector<Tag> tags;
};

struct Snapshot {
  std::string snapshot_id;
  std::string account;
  std::string region_id;
  std::string snapshot_name;
  std::string description;
  std::string source_disk_id;
  std::string source_disk_type;  // System | Data
  int source_disk_size = 0;
  std::string snapshot_type;  // auto | user
  core::TimeMs creation_time = 0;
  std::vector<Tag> tags;
};

struct EipAddress {
  std::string allocation_id;
  std::string account;
  std::string region_id;
  std::string ip_address;
  std::string status;                         // Available | InUse
  std::string instance_id;                    // the instance or ENI it is associated with
  std::string instance_type = "EcsInstance";  // EcsInstance | NetworkInterface (when associated)
  int bandwidth = 5;
  std::string internet_charge_type = "PayByTraffic";
  core::TimeMs allocation_time = 0;
  std::string name;
  std::string description;
  std::vector<Tag> tags;
};

// A VPC of the VPC API (2016-04-28). Status is computed in views: Pending until available_at.
struct Vpc {
  std::string vpc_id;
  std::string account;
  std::string region_id;
  std::string cidr_block;
  std::string vpc_name;
  std::string description;
  std::string vrouter_id;
  std::string route_table_id;
  std::string resource_group_id;
  bool is_default = false;  // CreateDefaultVpc: one per region
  core::TimeMs creation_time = 0;
  core::TimeMs available_at = 0;
  std::vector<Tag> tags;
  // Computed when a view is taken.
  std::string status;
  std::vector<std::string> vswitch_ids;
};

// A vSwitch: one zone, one CIDR block inside its VPC's; private IPs of instances come from it.
struct VSwitch {
  std::string vswitch_id;
  std::string account;
  std::string region_id;
  std::string vpc_id;
  std::string zone_id;
  std::string cidr_block;
  std::string vswitch_name;
  std::string description;
  std::string route_table_id;  // the VPC's system route table
  bool is_default = false;     // CreateDefaultVSwitch: one per zone, in the default VPC
  core::TimeMs creation_time = 0;
  core::TimeMs available_at = 0;
  std::vector<Tag> tags;
  std::set<std::uint32_t> used_ips;  // allocated private addresses
  // Computed when a view is taken.
  std::string status;
  long long available_ip_count = 0;
  int instance_count = 0;
};

// An elastic network interface. A primary ENI is created with its instance (launched into a
// vSwitch) and goes with it; its private IP and security groups are the instance's own and are
// filled in views. A secondary ENI has its own; it reads Attaching / Detaching until
// `transition_until`, then `settled` (Available | InUse).
struct NetworkInterface {
  std::string network_interface_id;
  std::string account;
  std::string region_id;
  std::string zone_id;
  std::string vpc_id;
  std::string vswitch_id;
  std::string name;
  std::string description;
  std::string type = "Secondary";  // Primary | Secondary
  std::string mac_address;
  std::string private_ip;
  std::vector<std::string> secondary_ips;
  std::vector<std::string> security_group_ids;
  std::string resource_group_id;
  std::string instance_id;  // attached to ("" when Available)
  // Deleted (not detached) when its instance is released: primary ENIs, and secondary ENIs made
  // by RunInstances' NetworkInterface.N unless DeleteOnRelease=false.
  bool delete_on_release = false;
  std::string traffic_mode = "Standard";  // NetworkInterfaceTrafficMode: Standard | HighPerformance
  std::string eip_allocation_id;
  std::string eip_ip_address;  // filled in views from the associated EIP
  core::TimeMs creation_time = 0;
  core::TimeMs attached_time = 0;
  std::vector<Tag> tags;
  std::uint64_t seq = 0;              // creation order: DescribeNetworkInterfaces lists by it
  std::string settled = "Available";  // Available | InUse
  std::string transition;             // Attaching | Detaching while now < transition_until
  core::TimeMs transition_until = 0;
  // Computed when a view is taken.
  std::string status;
};

// One rule of a security group. Ingress rules name a source, egress rules a destination; the
// port range is "from/to" ("-1/-1" for all ports of icmp / all).
struct SecurityGroupRule {
  std::string rule_id;      // sgr-…
  std::string direction;    // ingress | egress
  std::string ip_protocol;  // TCP | UDP | ICMP | GRE | ALL (as Alibaba reports: upper case)
  std::string port_range;
  std::string cidr_ip;            // SourceCidrIp / DestCidrIp
  std::string group_id;           // SourceGroupId / DestGroupId
  std::string policy = "Accept";  // Accept | Drop
  int priority = 1;
  std::string nic_type = "intranet";
  std::string description;
  core::TimeMs creation_time = 0;
};

struct SecurityGroup {
  std::string security_group_id;
  std::string account;
  std::string region_id;
  std::string vpc_id;
  std::string name;
  std::string description;
  std::string security_group_type = "normal";  // normal | enterprise
  std::string resource_group_id;
  std::string inner_access_policy = "Accept";
  core::TimeMs creation_time = 0;
  std::vector<Tag> tags;
  std::vector<SecurityGroupRule> rules;
  int instance_count = 0;  // computed in views
};

// An SSH key pair: the public half only (CreateKeyPair hands the private key out once).
struct KeyPair {
  std::string key_pair_name;
  std::string key_pair_id;
  std::string account;
  std::string region_id;
  std::string fingerprint;  // MD5 of the public key blob, lowercase hex
  std::string public_key;   // "ssh-rsa AAAA…"
  std::string resource_group_id;
  core::TimeMs creation_time = 0;
  std::vector<Tag> tags;
};

// The model's record of an instance: its data, its place in the shared state machine, and the
// presentation overlays that the state machine does not have names for.
struct InstanceRecord {
  Instance data;
  core::Lifecycle life;
  // CreateInstance: the instance is Stopped in the state machine but reads "Pending" until then.
  core::TimeMs creating_until = 0;
  // A core `pending` that came from StartInstance reads "Starting"; a new instance reads
  // "Pending" for the first half of its boot and "Starting" for the second.
  bool started_before = false;
  core::TimeMs boot_started = 0;
  core::TimeMs boot_until = 0;
  // RebootInstance keeps the instance running in the state machine; it reads "Stopping" then
  // "Starting" until reboot_until.
  core::TimeMs reboot_started = 0;
  core::TimeMs reboot_until = 0;
  std::string requested_stopped_mode;  // what the pending stop asked for
  core::EventId auto_release_event = 0;
  core::EventId expiry_event = 0;
  core::EventId reclaim_event = 0;
  std::optional<ReleaseCause> releasing;  // set once release has begun (no longer visible)
  std::uint64_t seq = 0;                  // launch order: DescribeInstances lists by it
};

}  // namespace cloudlife::ecs
