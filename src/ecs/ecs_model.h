// The Alibaba Cloud ECS model: instances, disks, snapshots and addresses, with the release rules.
// Contract: every method runs with the engine lock held (inside Engine::transact) and receives the
// partition the request addresses (`scope`: its account and region, resolved once by the front end
// through partition()) and the virtual `now`. New resources go into `scope` (one made for an
// existing instance or vSwitch goes where that lives); a resource named by ID alone is found in
// whichever region of scope's account holds it. Each method either throws core::ServiceError before
// changing anything (validate first, then mutate) or applies its change whole. Batches are
// all-or-nothing unless the caller asks for per-instance results (BatchOptimization=SuccessFirst).
// Results are copies, safe to encode after the lock is released. Every instance lives in
// core::Lifecycle (the shared state machine) with durations from the engine's timing profile; ECS
// statuses are a view of it (see status_of()). Releases are immediate for the caller: the instance
// stops being visible at once and its system disk and DeleteWithInstance disks go; EIPs and other
// disks stay. System-initiated releases (automatic release time, subscription reclaim 15 days after
// expiry, overdue and security reclaim) ignore release protection. Instances, disks, EIPs and
// snapshots can be found by ID alone. Timed events are data (core/timed_event.h): the constructor
// defines each kind the model schedules ("ecs.…"), and each handler finds its partition
// (event.part) and instance (event.subject) again when it fires, doing nothing when either is gone.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/engine.h"
#include "core/partitions.h"
#include "core/tracked_map.h"
#include "ecs/ecs_types.h"
#include "ecs/instance_catalog.h"
#include "ecs/instance_index.h"
#include "ecs/region_catalog.h"
#include "ecs/release_policy.h"

namespace cloudlife::ecs {

struct EcsPartition : core::LockedState {
  EcsPartition(core::LockProof held, const core::PartitionKey& k)
      : core::LockedState(held), key(k) {}
  // Takes an instance out of `listed` and `index` (its release has begun).
  void unlist(const InstanceRecord& r);
  // Rebuilds `listed` and `index` from `instances` (after a snapshot is loaded): the visible
  // instances in launch order, each unsettled in the index as if just added, which is what the
  // live lists hold once refreshed.
  void relist(core::TimeMs now);
  core::PartitionKey key;
  // What the usage meter bills is kept in core::TrackedMap: take one as const (std::as_const) to
  // read it without noting it changed.
  core::TrackedMap<std::map<std::string, InstanceRecord>> instances;
  // The visible (not releasing) instances in launch order: DescribeInstances without filters cuts
  // its page here without visiting the others.
  std::vector<const InstanceRecord*> listed;
  // The same by zone and by status: filtered DescribeInstances start from the narrowest list.
  // `listed` and `index` point into `instances`: snapshots leave them out and relist() after
  // loading.
  InstanceIndex index;
  core::TrackedMap<std::map<std::string, Disk>> disks;
  core::TrackedMap<std::map<std::string, Snapshot>> snapshots;
  core::TrackedMap<std::map<std::string, EipAddress>> eips;
  std::map<std::string, Vpc> vpcs;
  std::map<std::string, VSwitch> vswitches;
  std::map<std::string, SecurityGroup> security_groups;
  std::map<std::string, KeyPair> key_pairs;  // by name
  std::map<std::string, NetworkInterface> enis;
};

// --- requests ------------------------------------------------------------------------------------

struct DiskSpec {
  std::string category = "cloud_essd";
  std::optional<int> size_gib;
  std::string disk_name;
  std::string description;
  std::string performance_level;
  std::string snapshot_id;
  std::string device;
  bool delete_with_instance = true;
};

// One NetworkInterface.N of RunInstances. The primary one (at most one) names the instance's
// vSwitch, security groups and address (resolve_primary_nic() moves them to the request); each
// secondary one becomes an ENI attached at launch, in the instance's VPC and zone.
struct LaunchNic {
  int index = 0;                                // N
  std::string type = "Secondary";               // Primary | Secondary
  std::string vswitch_id;                       // "" = the instance's
  std::vector<std::string> security_group_ids;  // empty = the instance's
  std::string primary_ip;                       // "" = allocated
  std::string name;
  std::string description;
  std::string traffic_mode = "Standard";
  int secondary_count = 0;  // SecondaryPrivateIpAddressCount
  bool delete_on_release = true;
  bool delete_on_release_given = false;
  // NetworkInterfaceId: an existing Available ENI attached at launch instead of a new one.
  std::string network_interface_id;
};

struct LaunchRequest {
  std::string region_id;
  std::string zone_id;
  std::string image_id;
  std::string instance_type;
  std::string instance_name;
  std::string description;
  std::string host_name;
  std::string vswitch_id;
  std::vector<std::string> security_group_ids;
  std::string key_pair_name;
  std::string resource_group_id;
  ChargeType charge_type = ChargeType::kPostPaid;
  std::optional<int> period;
  std::string period_unit = "Month";
  bool auto_renew = false;
  std::optional<int> auto_renew_period;  // AutoRenewPeriod, in PeriodUnit units (default 1)
  std::string internet_charge_type = "PayByTraffic";
  int internet_max_bandwidth_in = 200;
  int internet_max_bandwidth_out = 0;
  DiskSpec system_disk;
  std::vector<DiskSpec> data_disks;
  std::vector<Tag> tags;
  bool deletion_protection = false;
  std::optional<std::string> auto_release_time;  // raw text as sent
  std::string user_data;                         // Base64 as sent (/_cloudlife/state shows it)
  std::string private_ip_address;                // PrivateIpAddress ("" = allocated)
  std::vector<LaunchNic> network_interfaces;     // NetworkInterface.N
  std::string primary_nic_name;                  // the primary ENI's, from NetworkInterface.N
  std::string primary_nic_description;
  std::string primary_nic_traffic_mode = "Standard";
  int primary_nic_secondary_count = 0;  // secondary addresses of the primary ENI
  int amount = 1;
  bool start = true;  // RunInstances: true; CreateInstance: false (left Stopped)
  bool dry_run = false;
};

struct PageRequest {
  bool token_mode = false;  // MaxResults/NextToken instead of PageNumber/PageSize
  long long page_number = 1;
  long long page_size = 10;
  std::string next_token;
};

struct PageInfo {
  bool token_mode = false;
  long long total_count = 0;
  long long page_number = 1;
  long long page_size = 10;
  std::string next_token;
};

struct InstanceFilter {
  std::string region_id;
  std::optional<std::vector<std::string>> instance_ids;
  std::string status;
  std::string zone_id;
  std::string instance_charge_type;
  std::string instance_name;  // '*' wildcard
  std::string instance_type;
  std::string vpc_id;
  std::string vswitch_id;
  std::string image_id;
  std::string security_group_id;
  std::string lock_reason;
  std::string instance_type_family;  // ecs.g7
  std::string internet_charge_type;
  std::string key_pair_name;
  std::string resource_group_id;
  std::optional<std::vector<std::string>> private_ip_addresses;
  std::optional<std::vector<std::string>> public_ip_addresses;
  std::optional<std::vector<std::string>> eip_addresses;
  std::vector<Tag> tags;  // a tag with an empty value matches on the key alone
};

struct InstancePage {
  std::vector<Instance> instances;
  PageInfo page;
};

// One entry of InstanceResponses.InstanceResponse[].
struct InstanceResponse {
  std::string instance_id;
  std::string code;  // "200" on success
  std::string message;
  std::string previous_status;
  std::string current_status;
};

enum class BatchMode { kAllTogether, kSuccessFirst };

struct StopOptions {
  bool force_stop = false;
  std::string stopped_mode = "KeepCharging";
};

struct ChargeTypeChange {
  std::string region_id;
  std::vector<std::string> instance_ids;
  ChargeType target = ChargeType::kPrePaid;
  std::optional<int> period;
  std::string period_unit = "Month";
  bool dry_run = false;
};

struct DiskFilter {
  std::string region_id;
  std::string instance_id;
  std::optional<std::vector<std::string>> disk_ids;
  std::string disk_type;  // all | system | data
  std::string category;
  std::string status;
  std::string zone_id;
  std::optional<bool> delete_with_instance;
  std::optional<bool> delete_auto_snapshot;
  std::optional<bool> enable_auto_snapshot;
  std::optional<bool> portable;
  std::string disk_charge_type;  // PrePaid | PostPaid
  std::string disk_name;
  std::string snapshot_id;  // the snapshot the disk was created from
};

struct DiskPage {
  std::vector<Disk> disks;
  PageInfo page;
};

struct CreateDiskRequest {
  std::string region_id;
  std::string zone_id;
  std::string instance_id;  // create-and-attach
  DiskSpec spec;
  std::vector<Tag> tags;
  bool dry_run = false;
};

struct DiskAttributeChange {
  std::string disk_id;
  std::optional<bool> delete_with_instance;
  std::optional<bool> delete_auto_snapshot;
  std::optional<bool> enable_auto_snapshot;
  std::optional<std::string> disk_name;
  std::optional<std::string> description;
};

struct SnapshotFilter {
  std::string region_id;
  std::string disk_id;
  std::string instance_id;
  std::optional<std::vector<std::string>> snapshot_ids;
  std::string snapshot_type;  // auto | user | all
};

struct SnapshotPage {
  std::vector<Snapshot> snapshots;
  PageInfo page;
};

struct EipFilter {
  std::string region_id;
  std::string allocation_id;
  std::string ip_address;
  std::string status;
  std::string associated_instance_id;
};

struct EipPage {
  std::vector<EipAddress> eips;
  PageInfo page;
};

struct InstanceAttributeChange {
  std::string instance_id;
  std::optional<bool> deletion_protection;
  std::optional<std::string> instance_name;
  std::optional<std::string> description;
  std::optional<std::string> host_name;
  std::optional<std::vector<std::string>> security_group_ids;  // replaces the instance's groups
  std::optional<std::string> user_data;
};

struct CreateVpcRequest {
  std::string region_id;
  std::string cidr_block;  // "" = 172.16.0.0/12
  std::string vpc_name;
  std::string description;
  std::string resource_group_id;
  std::vector<Tag> tags;
  bool dry_run = false;
};

struct VpcFilter {
  std::string region_id;
  std::vector<std::string> vpc_ids;  // VpcId: comma-separated on the wire
  std::string vpc_name;
  std::optional<bool> is_default;
  std::string resource_group_id;
  std::vector<Tag> tags;
};

struct VpcPage {
  std::vector<Vpc> vpcs;
  PageInfo page;
};

struct CreateVSwitchRequest {
  std::string region_id;
  std::string vpc_id;
  std::string zone_id;
  std::string cidr_block;
  std::string vswitch_name;
  std::string description;
  std::vector<Tag> tags;
};

struct VSwitchFilter {
  std::string region_id;
  std::string vpc_id;
  std::string zone_id;
  std::vector<std::string> vswitch_ids;  // VSwitchId: comma-separated on the wire
  std::string vswitch_name;
  std::optional<bool> is_default;
  std::vector<Tag> tags;
};

struct VSwitchPage {
  std::vector<VSwitch> vswitches;
  PageInfo page;
};

// Name / description changes of a VPC, vSwitch or EIP; empty optionals are left alone.
struct NameChange {
  std::optional<std::string> name;
  std::optional<std::string> description;
};

struct CreateSecurityGroupRequest {
  std::string region_id;
  std::string vpc_id;
  std::string name;
  std::string description;
  std::string security_group_type = "normal";
  std::string resource_group_id;
  std::vector<Tag> tags;
  bool dry_run = false;
};

struct SecurityGroupFilter {
  std::string region_id;
  std::string vpc_id;
  std::optional<std::vector<std::string>> security_group_ids;
  std::string security_group_name;
  std::string security_group_type;
  std::string resource_group_id;
  std::vector<Tag> tags;
};

struct SecurityGroupPage {
  std::vector<SecurityGroup> groups;
  PageInfo page;
};

// --- elastic network interfaces and instance changes (ecs_network_interfaces.cc, ecs_spec.cc) ---

struct CreateNetworkInterfaceRequest {
  std::string region_id;
  std::string vswitch_id;
  std::vector<std::string> security_group_ids;  // SecurityGroupId and SecurityGroupIds.N
  std::string name;
  std::string description;
  std::string primary_ip;                  // PrimaryIpAddress ("" = allocated)
  std::vector<std::string> secondary_ips;  // PrivateIpAddress.N
  int secondary_count = 0;                 // SecondaryPrivateIpAddressCount
  std::string resource_group_id;
  std::vector<Tag> tags;
  bool dry_run = false;
};

struct NetworkInterfaceFilter {
  std::string region_id;
  std::vector<std::string> ids;  // NetworkInterfaceId.N (at most 100)
  std::string vswitch_id;
  std::string vpc_id;
  std::string instance_id;
  std::string type;  // Primary | Secondary
  std::string status;
  std::string name;
  std::string primary_ip;
  std::string security_group_id;
  std::string resource_group_id;
  std::vector<std::string> private_ips;  // PrivateIpAddress.N
  std::vector<Tag> tags;
};

struct NetworkInterfacePage {
  std::vector<NetworkInterface> enis;
  PageInfo page;
};

// AssignPrivateIpAddresses: named addresses or a count (exactly one of them).
struct PrivateIpAssignment {
  std::string region_id;
  std::string network_interface_id;
  std::vector<std::string> ips;  // PrivateIpAddress.N
  std::optional<int> count;      // SecondaryPrivateIpAddressCount
};

// ModifyNetworkInterfaceAttribute; empty optionals are left alone.
struct NetworkInterfaceChange {
  std::string network_interface_id;
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::vector<std::string>> security_group_ids;
};

// ModifyInstanceSpec (pay-as-you-go): a new type (Stopped only) and/or public bandwidth.
struct InstanceSpecChange {
  std::string instance_id;
  std::string instance_type;  // "" = unchanged
  std::optional<int> internet_max_bandwidth_out;
  std::optional<int> internet_max_bandwidth_in;
  bool dry_run = false;
};

// ModifyPrepayInstanceSpec (subscription): upgrade (Running or Stopped) or downgrade (Stopped).
struct PrepaySpecChange {
  std::string instance_id;
  std::string instance_type;
  std::string operator_type = "upgrade";  // upgrade | downgrade
  bool reboot_when_finished = false;
};

// ModifyInstanceVpcAttribute: a Stopped instance moves to another vSwitch (and VPC).
struct InstanceVpcChange {
  std::string instance_id;
  std::string vswitch_id;
  std::string vpc_id;      // the new VPC when it changes ("" = same VPC)
  std::string private_ip;  // "" = allocated in the new vSwitch
  std::optional<std::vector<std::string>> security_group_ids;
};

// The CIDR block of the next default vSwitch: the first /20 of 172.16.0.0/12 that none of `taken`
// overlaps ("" when none is left).
std::string next_default_vswitch_block(const std::vector<std::string>& taken);

// The pure rules behind the spec changes (unit-tested on their own).
// Is `to` smaller than `from` in vCPUs or memory (a downgrade)?
bool is_downgrade(const InstanceTypeInfo& from, const InstanceTypeInfo& to);
// The ENI quota of an instance type: its published ENI count (at least 1, the primary).
int eni_quota(const InstanceTypeInfo* type);
// How many secondary private IPv4 addresses an ENI may hold: 49 while it is Available (API
// reference); once attached, the instance type's IPv4 addresses per ENI less the primary one.
int secondary_ip_limit(const InstanceTypeInfo* type, bool attached);
// RunInstances' NetworkInterface.N rules that need no state: types are Primary | Secondary (at
// most one Primary), traffic modes Standard | HighPerformance, counts 0..49. A Primary one
// needs VSwitchId and a security group, conflicts with the top-level VSwitchId, SecurityGroupId(s)
// and PrivateIpAddress, and is moved into them (its name, description, traffic mode and
// secondary address count go to the primary ENI);
// `request.network_interfaces` is left with the secondary ones. Throws Alibaba's errors.
void resolve_primary_nic(LaunchRequest& request);

// --- the model -----------------------------------------------------------------------------------

class EcsModel {
 public:
  // Defines the model's kinds of timed event on the engine's scheduler: one model per engine. Not
  // copyable: the handlers act on this model.
  explicit EcsModel(core::Engine& engine);
  EcsModel(const EcsModel&) = delete;
  EcsModel& operator=(const EcsModel&) = delete;

  // Instances
  std::vector<std::string> launch(EcsPartition& scope, const LaunchRequest& request,
                                  core::TimeMs now);
  InstancePage describe_instances(EcsPartition& scope, const InstanceFilter& filter,
                                  const PageRequest& page, core::TimeMs now);
  Instance describe_instance(EcsPartition& scope, const std::string& instance_id, core::TimeMs now);
  std::vector<InstanceResponse> start_instances(EcsPartition& scope,
                                                const std::vector<std::string>& ids, BatchMode mode,
                                                bool dry_run, core::TimeMs now);
  std::vector<InstanceResponse> stop_instances(EcsPartition& scope,
                                               const std::vector<std::string>& ids,
                                               const StopOptions& options, BatchMode mode,
                                               bool dry_run, core::TimeMs now);
  std::vector<InstanceResponse> reboot_instances(EcsPartition& scope,
                                                 const std::vector<std::string>& ids, bool force,
                                                 BatchMode mode, bool dry_run, core::TimeMs now);
  // DeleteInstance / DeleteInstances: all-or-nothing.
  void delete_instances(EcsPartition& scope, const std::vector<std::string>& ids,
                        const ManualReleaseOptions& options, bool dry_run, core::TimeMs now);
  void modify_instance_attribute(EcsPartition& scope, const InstanceAttributeChange& change,
                                 core::TimeMs now);
  // `when` empty = cancel.
  void modify_auto_release_time(EcsPartition& scope, const std::string& instance_id,
                                const std::optional<std::string>& when, core::TimeMs now);
  void modify_charge_type(EcsPartition& scope, const ChargeTypeChange& change, core::TimeMs now);
  void renew_instance(EcsPartition& scope, const std::string& instance_id, int period,
                      const std::string& period_unit, core::TimeMs now);
  // ModifyInstanceAutoRenewAttribute: subscription instances only (ChargeTypeViolation
  // otherwise); all-or-nothing over `ids`. `duration` is in `period_unit`s (Month | Week).
  void modify_auto_renew(EcsPartition& scope, const std::vector<std::string>& ids, bool auto_renew,
                         std::optional<int> duration, const std::string& period_unit);

  // Disks and snapshots
  DiskPage describe_disks(EcsPartition& scope, const DiskFilter& filter, const PageRequest& page,
                          core::TimeMs now);
  std::string create_disk(EcsPartition& scope, const CreateDiskRequest& request, core::TimeMs now);
  void attach_disk(EcsPartition& scope, const std::string& instance_id, const std::string& disk_id,
                   std::optional<bool> delete_with_instance, core::TimeMs now);
  void detach_disk(EcsPartition& scope, const std::string& instance_id, const std::string& disk_id,
                   std::optional<bool> delete_with_instance, core::TimeMs now);
  void delete_disk(EcsPartition& scope, const std::string& disk_id, core::TimeMs now);
  void modify_disk_attribute(EcsPartition& scope, const DiskAttributeChange& change);
  std::string create_snapshot(EcsPartition& scope, const std::string& disk_id,
                              const std::string& name, const std::string& description,
                              const std::string& snapshot_type, core::TimeMs now);
  SnapshotPage describe_snapshots(EcsPartition& scope, const SnapshotFilter& filter,
                                  const PageRequest& page);
  void delete_snapshot(EcsPartition& scope, const std::string& snapshot_id);

  // Addresses
  std::string allocate_public_ip(EcsPartition& scope, const std::string& instance_id,
                                 core::TimeMs now);
  void convert_nat_public_ip_to_eip(EcsPartition& scope, const std::string& instance_id,
                                    core::TimeMs now);
  EipAddress allocate_eip(EcsPartition& scope, int bandwidth,
                          const std::string& internet_charge_type, core::TimeMs now,
                          const NameChange& names = {});
  // `instance_type`: EcsInstance, or NetworkInterface (an ENI ID; a primary ENI stands for its
  // instance).
  void associate_eip(EcsPartition& scope, const std::string& allocation_id,
                     const std::string& instance_id, core::TimeMs now,
                     const std::string& instance_type = "EcsInstance");
  void unassociate_eip(EcsPartition& scope, const std::string& allocation_id,
                       const std::string& instance_id);
  void release_eip(EcsPartition& scope, const std::string& allocation_id);
  EipPage describe_eips(EcsPartition& scope, const EipFilter& filter, const PageRequest& page);

  // VPCs and vSwitches (ecs_vpc.cc): the VPC API, same partitions as the instances.
  Vpc create_vpc(EcsPartition& scope, const CreateVpcRequest& request, core::TimeMs now);
  VpcPage describe_vpcs(EcsPartition& scope, const VpcFilter& filter, const PageRequest& page,
                        core::TimeMs now);
  Vpc describe_vpc(EcsPartition& scope, const std::string& vpc_id, core::TimeMs now);
  void modify_vpc(EcsPartition& scope, const std::string& vpc_id, const NameChange& change);
  void delete_vpc(EcsPartition& scope, const std::string& vpc_id, core::TimeMs now);
  VSwitch create_vswitch(EcsPartition& scope, const CreateVSwitchRequest& request,
                         core::TimeMs now);
  VSwitchPage describe_vswitches(EcsPartition& scope, const VSwitchFilter& filter,
                                 const PageRequest& page, core::TimeMs now);
  VSwitch describe_vswitch(EcsPartition& scope, const std::string& vswitch_id, core::TimeMs now);
  void modify_vswitch(EcsPartition& scope, const std::string& vswitch_id, const NameChange& change);
  void delete_vswitch(EcsPartition& scope, const std::string& vswitch_id, core::TimeMs now);
  // The default network (ecs_default_vpc.cc): CreateDefaultVpc (172.16.0.0/12, one per region) and
  // CreateDefaultVSwitch (a /20 of it per zone). RunInstances / CreateInstance without VSwitchId
  // launch into the default vSwitch of their zone when there is one.
  Vpc create_default_vpc(EcsPartition& scope, core::TimeMs now);
  VSwitch create_default_vswitch(EcsPartition& scope, const std::string& zone_id, core::TimeMs now);
  void modify_eip(EcsPartition& scope, const std::string& allocation_id,
                  std::optional<int> bandwidth, const NameChange& change);

  // Key pairs (ecs_key_pairs.cc). CreateKeyPair's RSA key is generated outside the lock by
  // generate_rsa_key() and stored through import_key_pair(); ImportKeyPair stores an OpenSSH key.
  KeyPair import_key_pair(EcsPartition& scope, const std::string& name,
                          const std::string& public_key, const std::string& resource_group_id,
                          const std::vector<Tag>& tags, core::TimeMs now);
  std::vector<KeyPair> describe_key_pairs(const EcsPartition& scope,
                                          const std::string& name_pattern,
                                          const std::string& fingerprint);
  void delete_key_pairs(EcsPartition& scope, const std::vector<std::string>& names);
  // AttachKeyPair / DetachKeyPair: all-or-nothing over `instance_ids`.
  void attach_key_pair(EcsPartition& scope, const std::string& name,
                       const std::vector<std::string>& instance_ids, bool attach, core::TimeMs now);
  void check_key_pair(const EcsPartition& scope, const std::string& name);

  // Tags of any taggable resource by ID (ecs_tags.cc). `type` is the wire's ResourceType
  // (ECS: instance | disk | snapshot | securitygroup; VPC API: VPC | VSWITCH | EIP).
  struct TaggedResource {
    std::string resource_id;
    std::string resource_type;
    Tag tag;
  };
  void tag_resources(EcsPartition& scope, const std::string& type,
                     const std::vector<std::string>& ids, const std::vector<Tag>& tags);
  void untag_resources(EcsPartition& scope, const std::string& type,
                       const std::vector<std::string>& ids, const std::vector<std::string>& keys,
                       bool all);
  std::vector<TaggedResource> list_tag_resources(EcsPartition& scope, const std::string& type,
                                                 const std::vector<std::string>& ids,
                                                 const std::vector<Tag>& tags);

  // Security groups (ecs_security_groups.cc).
  SecurityGroup create_security_group(EcsPartition& scope,
                                      const CreateSecurityGroupRequest& request, core::TimeMs now);
  SecurityGroupPage describe_security_groups(EcsPartition& scope, const SecurityGroupFilter& filter,
                                             const PageRequest& page);
  SecurityGroup describe_security_group(EcsPartition& scope, const std::string& id);
  void modify_security_group(EcsPartition& scope, const std::string& id, const NameChange& change);
  void delete_security_group(EcsPartition& scope, const std::string& id);
  // Adds the rules (all-or-nothing; an identical rule already present is an error, as Alibaba
  // answers it). Each rule's direction is set by the caller.
  void authorize_rules(EcsPartition& scope, const std::string& id,
                       const std::vector<SecurityGroupRule>& rules, core::TimeMs now);
  // Removes the rules matching each given one (by rule ID when set, else by its fields).
  void revoke_rules(EcsPartition& scope, const std::string& id,
                    const std::vector<SecurityGroupRule>& rules);
  // Changes the description and/or priority of the rule matching `match`.
  void modify_rule(EcsPartition& scope, const std::string& id, const SecurityGroupRule& match,
                   const std::optional<std::string>& description, std::optional<int> priority);
  void join_security_group(EcsPartition& scope, const std::string& group_id,
                           const std::string& instance_id, core::TimeMs now);
  void leave_security_group(EcsPartition& scope, const std::string& group_id,
                            const std::string& instance_id, core::TimeMs now);

  // Elastic network interfaces (ecs_network_interfaces.cc).
  NetworkInterface create_network_interface(EcsPartition& scope,
                                            const CreateNetworkInterfaceRequest& request,
                                            core::TimeMs now);
  NetworkInterfacePage describe_network_interfaces(EcsPartition& scope,
                                                   const NetworkInterfaceFilter& filter,
                                                   const PageRequest& page, core::TimeMs now);
  void attach_network_interface(EcsPartition& scope, const std::string& eni_id,
                                const std::string& instance_id, core::TimeMs now);
  void detach_network_interface(EcsPartition& scope, const std::string& eni_id,
                                const std::string& instance_id, core::TimeMs now);
  void delete_network_interface(EcsPartition& scope, const std::string& eni_id, core::TimeMs now);
  void modify_network_interface(EcsPartition& scope, const NetworkInterfaceChange& change,
                                core::TimeMs now);
  // AssignPrivateIpAddresses (returns the addresses assigned) / UnassignPrivateIpAddresses:
  // all-or-nothing, addresses from and back to the ENI's vSwitch.
  std::vector<std::string> assign_private_ips(EcsPartition& scope,
                                              const PrivateIpAssignment& request, core::TimeMs now);
  void unassign_private_ips(EcsPartition& scope, const std::string& eni_id,
                            const std::vector<std::string>& ips, core::TimeMs now);

  // Instance type, bandwidth and network changes (ecs_spec.cc).
  void modify_instance_spec(EcsPartition& scope, const InstanceSpecChange& change,
                            core::TimeMs now);
  void modify_prepay_instance_spec(EcsPartition& scope, const PrepaySpecChange& change,
                                   core::TimeMs now);
  void modify_instance_vpc_attribute(EcsPartition& scope, const InstanceVpcChange& change,
                                     core::TimeMs now);

  // System-initiated release (control plane): any account; ignores release protection.
  // Returns false when no visible instance has that ID.
  bool reclaim(core::LockProof held, const std::string& instance_id, ReleaseCause cause,
               core::TimeMs now);

  // The ECS status of a record at `now` ("" while it is being released).
  static std::string status_of(const InstanceRecord& record, core::TimeMs now);
  // True when status_of(record, t) stays what it is at `now` for every later t, until another
  // model call changes the record (no transition or timed overlay under way).
  static bool status_settled(const InstanceRecord& record, core::TimeMs now);

  // The doors to the model's state take the engine lock's proof (core/engine_lock.h).
  void clear(core::LockProof held);
  nlohmann::json dump(core::LockProof held, core::TimeMs now) const;
  // The partition of `key` (created on first use; stable until clear()): the front end resolves
  // the request's (account, region) here once and passes it to the methods above.
  EcsPartition& partition(core::LockProof held, const core::PartitionKey& key);
  // The partition holding the resource `id` of `account`, whatever its region (null when none):
  // for callers that name a resource without a region (the control plane).
  EcsPartition* partition_holding(core::LockProof held, const std::string& account,
                                  const std::string& id);
  // Read-only walk over every partition (usage metering, engine lock held).
  template <class F>
  void for_each_partition(core::LockProof held, F&& f) {
    parts_.for_each(held, std::forward<F>(f));
  }
  template <class F>
  void for_each_partition(core::LockProof held, F&& f) const {
    parts_.for_each(held, std::forward<F>(f));
  }

  // Snapshots reach the model-wide members (scripts/gen_state_reflection.py, ecs/ecs_snapshot.cc);
  // the partitions are saved one by one through for_each_partition().
  template <class V>
  friend void reflect(V& v, EcsModel& x);

 private:
  // One page of `listed` (launch-ordered, every item a match) as views.
  InstancePage page_of_listed(core::LockProof held,
                              const std::vector<const InstanceRecord*>& listed,
                              const PageRequest& page, core::TimeMs now) const;
  EcsPartition* home_of(const EcsPartition& scope, const std::string& id);
  InstanceRecord* find_instance(const EcsPartition& scope, const std::string& id);
  InstanceRecord& require_instance(const EcsPartition& scope, const std::string& id);
  Disk& require_disk(const EcsPartition& scope, const std::string& id);
  EipAddress& require_eip(const EcsPartition& scope, const std::string& id);
  Vpc& require_vpc(const EcsPartition& scope, const std::string& id);
  VSwitch& require_vswitch(const EcsPartition& scope, const std::string& id);
  SecurityGroup& require_security_group(const EcsPartition& scope, const std::string& id);
  NetworkInterface& require_eni(const EcsPartition& scope, const std::string& id);
  NetworkInterface eni_view(const EcsPartition& p, const NetworkInterface& eni,
                            core::TimeMs now) const;
  // The primary ENI of an instance launched into a vSwitch; removed (and its secondary ENIs
  // detached) when the instance is released.
  void add_primary_eni(EcsPartition& p, InstanceRecord& r, core::TimeMs now);
  void release_enis(EcsPartition& p, InstanceRecord& r, core::TimeMs now);
  // RunInstances' secondary ENIs (NetworkInterface.N): checked before anything changes, then
  // made attached (IDs and MACs derived from the instance's ID, as the primary ENI's).
  void check_launch_nics(const EcsPartition& scope, const LaunchRequest& request,
                         const VSwitch* vswitch, core::TimeMs now);
  void reserve_launch_nic_ips(EcsPartition& p, const LaunchRequest& request);
  void add_launch_enis(EcsPartition& p, InstanceRecord& r, const LaunchRequest& request,
                       core::TimeMs now);
  // The steps of the two above: a new secondary ENI's vSwitch (checked against the instance's),
  // an existing ENI named by NetworkInterfaceId, the primary ENI's launch settings, and the
  // secondary ENIs made or attached at launch (InUse at once).
  const VSwitch& launch_nic_vswitch(const EcsPartition& scope, const LaunchRequest& request,
                                    const LaunchNic& nic, const VSwitch& instance_vswitch,
                                    core::TimeMs now);
  void check_existing_launch_eni(const EcsPartition& scope, const LaunchRequest& request,
                                 const LaunchNic& nic, const VSwitch& instance_vswitch,
                                 core::TimeMs now);
  void configure_launch_primary_eni(EcsPartition& p, Instance& d, const LaunchRequest& request);
  void make_launch_eni(EcsPartition& p, Instance& d, const LaunchNic& nic, core::TimeMs now);
  void attach_launch_eni(EcsPartition& p, Instance& d, const LaunchNic& nic, core::TimeMs now);
  static void attach_at_launch(Instance& d, NetworkInterface& eni, core::TimeMs now);
  InstanceRecord* disk_target_instance(EcsPartition& scope, const CreateDiskRequest& request,
                                       core::TimeMs now);
  InstanceRecord& charge_type_target(EcsPartition& scope, const ChargeTypeChange& change,
                                     const std::string& id, core::TimeMs now);
  void switch_charge_type(EcsPartition& scope, InstanceRecord& r, const ChargeTypeChange& change,
                          core::TimeMs now);
  // Removes an ENI record: its addresses go back to its vSwitch, an associated EIP is left
  // unassociated.
  void erase_eni(EcsPartition& p, const std::string& eni_id);
  // The InstanceNic of `eni` on its instance, refreshed from the ENI (secondary addresses).
  void sync_instance_nic(EcsPartition& p, const NetworkInterface& eni);
  // A free address of `vsw` (the lowest) or `wanted` (checked), marked used.
  std::string take_vswitch_ip(VSwitch& vsw, const std::string& wanted);
  Vpc vpc_view(const EcsPartition& p, const Vpc& vpc, core::TimeMs now) const;
  VSwitch vswitch_view(const EcsPartition& p, const VSwitch& vsw, core::TimeMs now) const;
  SecurityGroup security_group_view(const EcsPartition& p, const SecurityGroup& g) const;
  // The network a launch goes into: the vSwitch (checked Available, with room for `amount`
  // addresses, the asked private IP free in it) and the security groups (existing, same VPC).
  const VSwitch* check_launch_network(const EcsPartition& scope, const LaunchRequest& request,
                                      core::TimeMs now);
  void check_security_groups(const EcsPartition& scope, const std::string& region_id,
                             const std::string& vpc_id, const std::vector<std::string>& ids);
  std::string allocate_private_ip(EcsPartition& p, const Instance& instance,
                                  const std::string& wanted);
  void free_private_ip(EcsPartition& p, const Instance& instance);
  std::vector<Tag>* tags_of(const EcsPartition& scope, const std::string& type,
                            const std::string& id);
  Instance view(core::LockProof held, const InstanceRecord& record, core::TimeMs now) const;

  // launch() in steps (ecs_instances.cc).
  struct LaunchPlan {
    std::string zone_id;
    std::string vpc_id;
    std::optional<core::TimeMs> expires;
    std::optional<core::TimeMs> auto_release;
  };
  std::string validate_launch(const EcsPartition& scope, const LaunchRequest& request,
                              core::TimeMs now, LaunchPlan& plan);
  static std::string launch_zone(const RegionInfo& region, const LaunchRequest& request,
                                 const VSwitch* vswitch);
  // The default vSwitch a launch without VSwitchId goes into ("" = none): the one of the asked
  // zone, else of the first zone (region order) that has one and sells the type.
  std::string default_vswitch_for(const EcsPartition& scope, const LaunchRequest& request,
                                  core::TimeMs now);
  static void check_launch_disks(const LaunchRequest& request);
  void check_private_ip(const EcsPartition& scope, const LaunchRequest& request);
  InstanceRecord& new_instance(EcsPartition& p, const LaunchRequest& request,
                               const LaunchPlan& plan, core::TimeMs now);
  void add_launch_disks(EcsPartition& p, InstanceRecord& r, const LaunchRequest& request,
                        core::TimeMs now);
  void set_launched(EcsPartition& p, InstanceRecord& r, const LaunchRequest& request,
                    const LaunchPlan& plan, core::TimeMs now);

  // The timed events (defined by define_events(), from the constructor). Each handler gets the
  // engine's lock, the event's due time and the event: its partition, its instance's ID as the
  // subject, and for ecs.instance-stopped the stopped mode as args[0].
  void define_events();
  // The instance `id` of `p` (a mutable find: the usage meter notes the record), or null.
  static InstanceRecord* instance_in(EcsPartition& p, const std::string& id);
  // "ecs.instance-running" / "ecs.instance-stopped" / "ecs.instance-released": a boot, stop or
  // release settles, then what follows it (finish_boot, finish_stop, forget).
  void on_boot_settled(const core::EngineLock& held, core::TimeMs due,
                       const core::TimedEvent& event);
  void on_stop_settled(const core::EngineLock& held, core::TimeMs due,
                       const core::TimedEvent& event);
  void on_release_settled(const core::EngineLock& held, core::TimeMs due,
                          const core::TimedEvent& event);
  static void finish_boot(Instance& d, core::TimeMs at);
  static void finish_stop(Instance& inst, const std::string& mode);
  // Drops a released instance's record for good.
  void forget(EcsPartition& p, const std::string& id);
  // "ecs.auto-release": the automatic release time. "ecs.subscription-expiry": a subscription
  // ends (renewed when auto-renew is on, else stopped, locked and its reclaim scheduled).
  // "ecs.expired-reclaim": the expired subscription's release, 15 days later.
  void on_auto_release(const core::EngineLock& held, core::TimeMs due,
                       const core::TimedEvent& event);
  void on_expired(const core::EngineLock& held, core::TimeMs at, const core::TimedEvent& event);
  void on_expired_reclaim(const core::EngineLock& held, core::TimeMs due,
                          const core::TimedEvent& event);

  void begin_boot(EcsPartition& p, InstanceRecord& r, core::TimeMs now, bool restart);
  void begin_stop(EcsPartition& p, InstanceRecord& r, core::TimeMs now, bool force,
                  const std::string& stopped_mode);
  void release(EcsPartition& p, InstanceRecord& r, ReleaseCause cause, core::TimeMs now);
  void release_disk(EcsPartition& p, const std::string& disk_id);
  void schedule_auto_release(EcsPartition& p, InstanceRecord& r, core::TimeMs at);
  void schedule_expiry(EcsPartition& p, InstanceRecord& r);
  void cancel_event(core::EventId& id);
  std::string new_public_ip();
  std::string new_private_ip();

  std::vector<InstanceResponse> run_batch(
      const EcsPartition& scope, const std::vector<std::string>& ids, BatchMode mode, bool dry_run,
      core::TimeMs now,
      const std::function<std::optional<core::ServiceError>(InstanceRecord&)>& check,
      const std::function<void(EcsPartition&, InstanceRecord&)>& apply);

  core::Engine& engine_;
  core::Partitions<EcsPartition> parts_;
  // Resource ID -> partition, so calls without RegionId find their resource.
  std::unordered_map<std::string, core::PartitionKey> home_;
  std::uint64_t next_seq_ = 1;
  std::map<std::string, std::uint64_t> seq_;  // instance ID -> launch order
  std::uint32_t next_ip_ = 1;
  // The kinds of timed event (define_events()).
  core::EventKind boot_settled_kind_ = 0;
  core::EventKind stop_settled_kind_ = 0;
  core::EventKind release_settled_kind_ = 0;
  core::EventKind auto_release_kind_ = 0;
  core::EventKind expiry_kind_ = 0;
  core::EventKind expired_reclaim_kind_ = 0;
};

// A new RSA 2048 key (OpenSSL): the private key as PEM and the public key in OpenSSH form
// ("ssh-rsa AAAA…"). Slow (tens to hundreds of ms): never call it with the engine lock held.
struct GeneratedKey {
  std::string private_key_pem;
  std::string public_key;
};
GeneratedKey generate_rsa_key();

// Validates UserData: Base64 text of at most 32 KB; throws InvalidParameter otherwise.
void check_user_data(const std::string& user_data);

// Validates an AutoReleaseTime against `now`: UTC yyyy-MM-ddTHH:mm:ssZ (or …THH:mmZ), at least 30
// minutes and at most 3 years ahead; returns it truncated to the minute. Throws
// InvalidAutoReleaseTime.Malformed otherwise.
core::TimeMs parse_auto_release_time(const std::string& text, core::TimeMs now);

// The end of a subscription of `period` `unit`s (Month | Week | Year) bought at `from`: calendar
// arithmetic, then rounded up to the next 16:00 UTC (midnight in UTC+8, where Alibaba bills).
core::TimeMs subscription_end(core::TimeMs from, int period, const std::string& unit);

}  // namespace cloudlife::ecs
