#include "ec2/instance_metadata.h"

#include <nlohmann/json.hpp>

#include "ec2/network.h"
#include "ec2/network_interfaces.h"

namespace cloudlife::ec2 {
namespace {

template <class Text>
std::string joined(const std::vector<Text>& values) {
  std::string out;
  for (const Text& v : values) out += (out.empty() ? "" : "\n") + v;
  return out;
}

// The names of an instance's security groups, as DescribeInstances' groupSet shows them.
const std::vector<core::Symbol>& group_names_of(const Instance& inst) {
  return inst.security_group_names;
}

std::string subnet_cidr(const Ec2Partition& p, const std::string& subnet_id) {
  auto it = p.network.subnets.find(subnet_id);
  return it == p.network.subnets.end() ? "" : it->second.cidr_block;
}

std::string vpc_cidr(const Ec2Partition& p, const std::string& vpc_id) {
  auto it = p.network.vpcs.find(vpc_id);
  return it == p.network.vpcs.end() ? "" : it->second.cidr_block;
}

// One interface's network/interfaces/macs/<mac>/ subtree.
struct ImdsInterface {
  std::string interface_id;
  std::string mac;
  int device_number = 0;
  std::vector<core::Symbol> group_ids;
  std::vector<core::Symbol> group_names;
  std::string subnet_id;
  std::string vpc_id;
  std::vector<std::string> private_ips;  // the primary first
  std::string public_ip;
};

void add_interface(MetadataTree& t, const ImdsInterface& n, const Ec2Partition& p) {
  const std::string base = "meta-data/network/interfaces/macs/" + n.mac + "/";
  t.set(base + "device-number", std::to_string(n.device_number));
  t.set(base + "interface-id", n.interface_id);
  t.set(base + "mac", n.mac);
  t.set(base + "owner-id", p.key.account);
  t.set(base + "security-group-ids", joined(n.group_ids));
  t.set(base + "security-groups", joined(n.group_names));
  t.set(base + "subnet-id", n.subnet_id);
  t.set(base + "subnet-ipv4-cidr-block", subnet_cidr(p, n.subnet_id));
  t.set(base + "vpc-id", n.vpc_id);
  t.set(base + "vpc-ipv4-cidr-block", vpc_cidr(p, n.vpc_id));
  t.set(base + "vpc-ipv4-cidr-blocks", vpc_cidr(p, n.vpc_id));
  if (!n.private_ips.empty() && !n.private_ips.front().empty()) {
    t.set(base + "local-hostname", private_dns_name(n.private_ips.front(), p.key.region));
    t.set(base + "local-ipv4s", joined(n.private_ips));
  }
  if (!n.public_ip.empty()) {
    t.set(base + "public-hostname", public_dns_name(n.public_ip, p.key.region));
    t.set(base + "public-ipv4s", n.public_ip);
  }
}

// The primary interface from the instance's fields (its record adds secondary addresses), then
// every interface attached at device index 1 and above.
void add_network(MetadataTree& t, const Instance& inst, const Ec2Partition& p) {
  if (inst.mac_address.empty()) return;
  ImdsInterface primary{inst.network_interface_id.str(),
                        inst.mac_address.str(),
                        0,
                        inst.security_group_ids,
                        group_names_of(inst),
                        inst.subnet_id,
                        inst.vpc_id,
                        {inst.private_ip},
                        inst.public_ip};
  if (auto it = p.network_interfaces.find(inst.network_interface_id);
      it != p.network_interfaces.end()) {
    const auto& more = it->second.secondary_private_ips;
    primary.private_ips.insert(primary.private_ips.end(), more.begin(), more.end());
  }
  add_interface(t, primary, p);
  for (const NetworkInterface* e : interfaces_of_instance(p, inst)) {
    if (e->interface_id == inst.network_interface_id || !e->attachment) continue;
    ImdsInterface n{e->interface_id.str(),
                    e->mac_address.str(),
                    e->attachment->device_index,
                    e->group_ids,
                    interface_group_names(p, *e),
                    e->subnet_id,
                    e->vpc_id,
                    {e->private_ip},
                    interface_public_ip(p, *e)};
    n.private_ips.insert(n.private_ips.end(), e->secondary_private_ips.begin(),
                         e->secondary_private_ips.end());
    add_interface(t, n, p);
  }
}

void add_spot_and_events(MetadataTree& t, const Instance& inst) {
  if (inst.spot && inst.extras().spot_interruption_at) {
    const std::string action =
        inst.spot_interruption_behavior.empty() ? "terminate" : inst.spot_interruption_behavior;
    const std::string time = core::format_iso8601_s(inst.extras().spot_interruption_at);
    t.set("meta-data/spot/instance-action",
          nlohmann::json{{"action", action}, {"time", time}}.dump());
    if (action == "terminate") t.set("meta-data/spot/termination-time", time);
  }
  if (inst.extras().rebalance_recommended_at) {
    t.set("meta-data/events/recommendations/rebalance",
          nlohmann::json{
              {"noticeTime", core::format_iso8601_s(inst.extras().rebalance_recommended_at)}}
              .dump());
  }
}

}  // namespace

std::optional<std::string> MetadataTree::get(const std::string& path) const {
  std::string dir = path;
  if (!dir.empty() && dir.back() == '/') dir.pop_back();
  // A leaf answers with or without a trailing slash (botocore asks "placement/availability-zone/").
  if (auto it = leaves_.find(dir); it != leaves_.end()) return it->second;
  const std::string prefix = dir.empty() ? "" : dir + "/";
  std::string listing;
  std::string last;
  bool found = false;
  for (auto it = leaves_.lower_bound(prefix); it != leaves_.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    const std::string rest = it->first.substr(prefix.size());
    const auto slash = rest.find('/');
    const std::string child = slash == std::string::npos ? rest : rest.substr(0, slash + 1);
    found = true;
    if (child == last) continue;
    last = child;
    listing += (listing.empty() ? "" : "\n") + child;
  }
  if (!found) return std::nullopt;
  return listing;
}

MetadataTree metadata_tree(const Instance& inst, const Ec2Partition& p,
                           const MetadataExtras& extras) {
  MetadataTree t;
  const std::string& region = p.key.region;
  t.set("meta-data/ami-id", inst.image_id);
  t.set("meta-data/ami-launch-index", std::to_string(inst.ami_launch_index));
  t.set("meta-data/ami-manifest-path", "(unknown)");
  t.set("meta-data/block-device-mapping/ami", inst.root_device_name);
  t.set("meta-data/block-device-mapping/root", inst.root_device_name);
  t.set("meta-data/instance-action", "none");
  t.set("meta-data/instance-id", inst.instance_id.str());
  t.set("meta-data/instance-life-cycle", inst.spot ? "spot" : "on-demand");
  t.set("meta-data/instance-type", inst.instance_type);
  if (!inst.private_ip.empty()) {
    t.set("meta-data/hostname", private_dns_name(inst.private_ip, region));
    t.set("meta-data/local-hostname", private_dns_name(inst.private_ip, region));
    t.set("meta-data/local-ipv4", inst.private_ip);
  }
  if (!inst.public_ip.empty()) {
    t.set("meta-data/public-hostname", public_dns_name(inst.public_ip, region));
    t.set("meta-data/public-ipv4", inst.public_ip);
  }
  if (!inst.mac_address.empty()) t.set("meta-data/mac", inst.mac_address.str());
  t.set("meta-data/placement/availability-zone", inst.availability_zone);
  t.set("meta-data/placement/availability-zone-id", inst.zone_id);
  t.set("meta-data/placement/region", region);
  t.set("meta-data/reservation-id", inst.reservation_id);
  t.set("meta-data/security-groups", joined(group_names_of(inst)));
  t.set("meta-data/services/domain", "amazonaws.com");
  t.set("meta-data/services/partition", "aws");
  add_network(t, inst, p);
  add_spot_and_events(t, inst);
  if (!extras.target_lifecycle_state.empty()) {
    t.set("meta-data/autoscaling/target-lifecycle-state", extras.target_lifecycle_state);
  }
  if (inst.metadata.instance_metadata_tags == "enabled") {
    for (const Tag& tag : inst.tags.items()) {
      t.set("meta-data/tags/instance/" + tag.key, tag.value);
    }
  }
  t.set("dynamic/instance-identity/document", identity_document(inst, p.key));
  return t;
}

std::string identity_document(const Instance& inst, const core::PartitionKey& key) {
  const nlohmann::json doc = {
      {"accountId", key.account},
      {"architecture", inst.architecture},
      {"availabilityZone", inst.availability_zone},
      {"billingProducts", nullptr},
      {"devpayProductCodes", nullptr},
      {"marketplaceProductCodes", nullptr},
      {"imageId", inst.image_id},
      {"instanceId", inst.instance_id.str()},
      {"instanceType", inst.instance_type},
      {"kernelId", nullptr},
      {"pendingTime", core::format_iso8601_s(inst.launch_time)},
      {"privateIp",
       inst.private_ip.empty() ? nlohmann::json(nullptr) : nlohmann::json(inst.private_ip)},
      {"ramdiskId", nullptr},
      {"region", key.region},
      {"version", "2017-09-30"}};
  return doc.dump(2);
}

}  // namespace cloudlife::ec2
