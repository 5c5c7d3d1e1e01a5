// Elastic network interfaces and Elastic IP addresses: CreateNetworkInterface,
// Attach/Detach/DeleteNetworkInterface, DescribeNetworkInterfaces,
// ModifyNetworkInterfaceAttribute, AllocateAddress, AssociateAddress, DisassociateAddress,
// ReleaseAddress, DescribeAddresses, and what instances do to them.
// Contract: called with the engine lock held; validate everything, then change. Every instance has
// a primary interface record (device index 0, DeleteOnTermination true) made at launch from the
// instance's address, MAC and groups. When an instance terminates, its DeleteOnTermination
// interfaces are deleted and their private addresses return to the subnet; the others are
// detached; an Elastic IP associated with it is disassociated and stays allocated. An Elastic IP
// on an instance's primary interface is the instance's public address across stop and start; the
// auto-assigned public address it replaced is given back (and a new one comes when the Elastic IP
// is disassociated from an instance launched with one).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/compact_text.h"
#include "core/heap_optional.h"
#include "core/mac_address.h"
#include "core/symbol.h"
#include "core/symbol_list.h"
#include "core/time.h"
#include "ec2/attachment_id.h"
#include "ec2/filters.h"
#include "ec2/tags.h"

namespace cloudlife::ec2 {

class Ec2Model;
struct Ec2Partition;
struct Instance;

struct InterfaceAttachment {
  AttachmentId attachment_id;                          // eni-attach-…, inline (no heap block)
  core::CompactText instance_id;                       // inline (no heap block)
  core::Symbol status = core::interned<"attached">();  // attaching | attached
  core::TimeMs attach_time = 0;
  int device_index = 0;
  bool delete_on_termination = false;
};

// The ClientToken an interface was created with (CreateNetworkInterface idempotency).
struct InterfaceToken {
  std::string client_token;
  std::string fingerprint;  // of the request that created it with that token
};

struct NetworkInterface {
  core::CompactText interface_id;  // eni-…, inline (no heap block)
  core::Symbol subnet_id;
  core::Symbol vpc_id;
  core::Symbol availability_zone;
  core::Symbol zone_id;
  std::string description;
  std::string private_ip;
  std::vector<std::string> secondary_private_ips;  // in the order they were assigned
  core::MacAddress mac_address;
  core::SymbolList group_ids;  // interned: most interfaces share their list
  core::Symbol interface_type = core::interned<"interface">();
  std::optional<InterfaceAttachment> attachment;
  // Few per account (interned): the NAT gateway that made it (requester-managed), if any; the
  // Elastic IP associated with it, if any.
  core::Symbol nat_gateway_id;
  core::Symbol allocation_id;
  core::HeapOptional<InterfaceToken> creation_token;  // CreateNetworkInterface's, if given
  TagSet tags;
  bool source_dest_check = true;

  std::string status() const {
    return attachment || !nat_gateway_id.empty() ? "in-use" : "available";
  }
};

struct ElasticAddress {
  std::string allocation_id;  // eipalloc-…
  std::string public_ip;
  std::string association_id;  // eipassoc-… while associated
  std::string network_interface_id;
  std::string private_ip;
  TagSet tags;
};

// --- interfaces ---------------------------------------------------------------------------------

struct CreateInterfaceRequest {
  std::string subnet_id;
  std::string description;
  std::optional<std::string> private_ip;
  std::vector<std::string> group_ids;
  std::vector<Tag> tags;
  std::string client_token;
  std::string fingerprint;
  bool dry_run = false;
};

// A repeated ClientToken returns the interface it created (IdempotentParameterMismatch when the
// parameters differ).
NetworkInterface create_network_interface(Ec2Partition& p, const CreateInterfaceRequest& request);
// The primary interface of a new instance (its ID, address and MAC are the instance's); sets the
// instance's group names. When the instance launched with an existing interface (its
// network_interface_id names one), that interface is attached at device index 0 instead.
// `delete_on_termination` unset: true for a new interface, false for an existing one.
void add_primary_interface(Ec2Partition& p, Instance& instance, core::TimeMs now,
                           const std::string& description = "",
                           std::optional<bool> delete_on_termination = std::nullopt);
// The attachment is `attaching`, then `attached` after the "eni-attaching" timing phase (an
// "ec2.network-interface-attached" TimedEvent, ec2/resource_events.h); the instance lists the
// interface at once (DescribeInstances, IMDS). The instance type's limits apply
// (interface_limits.h): AttachmentLimitExceeded, PrivateIpAddressLimitExceeded.
std::string attach_network_interface(Ec2Model& model, Ec2Partition& p,
                                     const std::string& interface_id,
                                     const std::string& instance_id, long long device_index,
                                     bool dry_run, core::TimeMs now);
// That event fired: the interface's attachment, if it is still `attachment_id`, is attached
// (nothing when the interface is gone or was detached meanwhile).
void on_network_interface_attached(Ec2Partition& p, const std::string& interface_id,
                                   const std::string& attachment_id);
// Detaching completes at once here, so Force changes nothing.
void detach_network_interface(Ec2Partition& p, const std::string& attachment_id, bool dry_run);

// AssignPrivateIpAddresses: the given addresses (each free in the interface's subnet, or held as
// a secondary address by another interface of the subnet when `allow_reassignment`), or `count`
// addresses the subnet hands out (lowest free first). Returns the addresses assigned.
struct AssignAddressesRequest {
  std::string interface_id;
  std::vector<std::string> addresses;
  std::optional<long long> count;
  bool allow_reassignment = false;
  bool dry_run = false;
};
std::vector<std::string> assign_private_ip_addresses(Ec2Partition& p,
                                                     const AssignAddressesRequest& request);
// UnassignPrivateIpAddresses: every address must be a secondary address of the interface; they
// return to the subnet.
void unassign_private_ip_addresses(Ec2Partition& p, const std::string& interface_id,
                                   const std::vector<std::string>& addresses, bool dry_run);

// Every interface attached to the instance, the primary first, then by device index.
std::vector<const NetworkInterface*> interfaces_of_instance(const Ec2Partition& p,
                                                            const Instance& instance);
// The names of the interface's security groups, parallel to its group_ids.
std::vector<core::Symbol> interface_group_names(const Ec2Partition& p, const NetworkInterface& eni);
void delete_network_interface(Ec2Partition& p, const std::string& interface_id, bool dry_run);

struct ModifyInterfaceRequest {
  std::string interface_id;
  std::optional<std::string> description;
  std::optional<bool> source_dest_check;
  std::vector<std::string> group_ids;
  std::string attachment_id;
  std::optional<bool> delete_on_termination;
  bool dry_run = false;
};
void modify_network_interface_attribute(Ec2Partition& p, const ModifyInterfaceRequest& request);

NetworkInterface& require_network_interface(Ec2Partition& p, const std::string& interface_id);

struct DescribeInterfacesRequest {
  std::vector<std::string> ids;
  std::vector<Filter> filters;
  std::optional<long long> max_results;
  std::string next_token;
  bool dry_run = false;
};
struct DescribeInterfacesResult {
  std::vector<NetworkInterface> interfaces;
  std::string next_token;
};
DescribeInterfacesResult describe_network_interfaces(Ec2Partition& p,
                                                     const DescribeInterfacesRequest& request);

// The public address an interface shows: its Elastic IP, or (primary interfaces) the instance's
// auto-assigned one; "" for none.
std::string interface_public_ip(const Ec2Partition& p, const NetworkInterface& eni);

// Replaces the security groups of an instance (ModifyInstanceAttribute GroupId.N): every group
// must exist in the instance's VPC. Applies to the instance and its primary interface.
void replace_instance_groups(Ec2Partition& p, Instance& instance,
                             const std::vector<std::string>& group_ids, bool apply);

// What an instance's state change does to its interfaces and addresses (an Ec2Model listener).
void on_instance_state(Ec2Partition& p, Instance& instance, core::TimeMs at);

// --- Elastic IPs --------------------------------------------------------------------------------

ElasticAddress allocate_address(Ec2Partition& p, const std::string& domain,
                                const std::vector<Tag>& tags, bool dry_run);

struct AssociateAddressRequest {
  std::string allocation_id;
  std::string public_ip;
  std::string instance_id;
  std::string interface_id;
  std::string private_ip;
  bool allow_reassociation = false;
  bool dry_run = false;
};
std::string associate_address(Ec2Partition& p, const AssociateAddressRequest& request);
void disassociate_address(Ec2Partition& p, const std::string& association_id,
                          const std::string& public_ip, bool dry_run);
void release_address(Ec2Partition& p, const std::string& allocation_id,
                     const std::string& public_ip, bool dry_run);

struct DescribeAddressesRequest {
  std::vector<std::string> allocation_ids;
  std::vector<std::string> public_ips;
  std::vector<Filter> filters;
  bool dry_run = false;
};
std::vector<ElasticAddress> describe_addresses(Ec2Partition& p,
                                               const DescribeAddressesRequest& request);
// The instance an address's interface is attached to ("" for none).
std::string address_instance_id(const Ec2Partition& p, const ElasticAddress& address);

}  // namespace cloudlife::ec2
