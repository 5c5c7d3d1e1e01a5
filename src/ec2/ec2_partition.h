// All EC2 state of one account in one region.
// Contract: plain containers; the Ec2Model enforces every rule. Reservations are kept in launch
// order (by sequence number) so describes and their pagination are stable; instances, volumes and
// launch templates are found by ID. The maps of what there is one of per instance (instances,
// volumes, interfaces) and a reservation's instance list hold the IDs as core::CompactText (inline,
// no heap block; ordered and hashed as the std::string keys they replaced). Instances and volumes
// (what the usage meter bills) are kept in core::TrackedMap: take one as const (std::as_const) to
// read it without noting it changed.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/compact_text.h"
#include "core/partitions.h"
#include "core/tracked_map.h"
#include "ec2/fleet.h"
#include "ec2/images.h"
#include "ec2/instance.h"
#include "ec2/key_pairs.h"
#include "ec2/launch_template.h"
#include "ec2/nat_gateways.h"
#include "ec2/network.h"
#include "ec2/network_acls.h"
#include "ec2/network_interfaces.h"
#include "ec2/routing.h"
#include "ec2/security_groups.h"
#include "ec2/snapshot.h"
#include "ec2/spot_request.h"
#include "ec2/volume.h"

namespace cloudlife::ec2 {

struct Reservation {
  std::string reservation_id;
  std::string owner_id;
  std::string requester_id;  // set when a service (Auto Scaling) launched on the owner's behalf
  std::vector<core::CompactText> instance_ids;  // IDs inline (no heap block each)
  std::vector<std::string> security_group_ids;
};

struct ClientTokenRecord {
  std::string fingerprint;
  std::string reservation_id;
};

struct Ec2Partition : core::LockedState {
  Ec2Partition(core::LockProof held, const core::PartitionKey& partition_key);

  core::PartitionKey key;
  Network network;

  std::map<std::uint64_t, Reservation> reservations;  // by launch sequence
  std::unordered_map<std::string, std::uint64_t> reservation_seq;
  core::TrackedMap<std::unordered_map<core::CompactText, Instance>> instances;
  core::TrackedMap<std::map<core::CompactText, Volume>> volumes;
  std::map<std::string, LaunchTemplate> launch_templates;    // by ID
  std::map<std::string, SpotInstanceRequest> spot_requests;  // by ID
  std::map<std::string, Fleet> fleets;                       // by ID
  std::unordered_map<std::string, ClientTokenRecord> run_client_tokens;
  std::unordered_map<std::string, std::string> volume_client_tokens;
  std::unordered_map<std::string, std::string> template_client_tokens;
  std::map<std::string, SecurityGroup> security_groups;              // by ID
  std::map<std::string, KeyPair> key_pairs;                          // by ID
  std::map<core::CompactText, NetworkInterface> network_interfaces;  // by ID
  std::map<std::string, NatGateway> nat_gateways;                    // by ID
  std::map<std::string, ElasticAddress> addresses;                   // by allocation ID
  std::map<std::string, InternetGateway> internet_gateways;          // by ID
  std::map<std::string, RouteTable> route_tables;                    // by ID
  std::map<std::string, NetworkAcl> network_acls;                    // by ID
  std::map<std::string, Snapshot> snapshots;                         // by ID
  std::map<std::string, Image> images;  // the account's own AMIs (CreateImage / RegisterImage)
  std::set<std::string> deregistered_images;  // own AMIs deregistered (no longer launchable)

  // ModifyDefaultCreditSpecification: instance family -> standard | unlimited.
  std::map<std::string, std::string> default_cpu_credits;

  std::uint64_t next_seq = 1;
  std::size_t next_zone = 0;  // round-robin placement when no zone is asked for

  Instance* find_instance(std::string_view id);  // notes the instance (core::TrackedMap)
  Volume* find_volume(std::string_view id);
  const Instance* find_instance(std::string_view id) const;  // for readers: notes nothing
  const Volume* find_volume(std::string_view id) const;
  LaunchTemplate* find_template_by_name(const std::string& name);
};

}  // namespace cloudlife::ec2
