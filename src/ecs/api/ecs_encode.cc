#include "ecs/api/ecs_encode.h"

#include <algorithm>

#include "ecs/disk_performance.h"

namespace cloudlife::ecs::api {
namespace {

using nlohmann::json;

// A disk's serial number as the guest sees it: its ID without the "d-" prefix.
std::string disk_serial(const std::string& disk_id) {
  return disk_id.size() > 2 ? disk_id.substr(2) : disk_id;
}

json string_list(const char* item, const std::vector<std::string>& values) {
  return json{{item, values}};
}

}  // namespace

std::string ecs_time(core::TimeMs t) {
  return core::format_iso8601_min(t);
}

json tags_json(const std::vector<Tag>& tags, const char* key_name, const char* value_name) {
  json list = json::array();
  for (const Tag& t : tags) list.push_back({{key_name, t.key}, {value_name, t.value}});
  return json{{"Tag", list}};
}

void write_instance(AnswerWriter& w, const Instance& d) {
  // Members in Alibaba's order (src/ecs/data/answer_order.json, DescribeInstances "Instances").
  const std::string_view type = d.instance_type;
  const std::size_t last = type.rfind('.');
  const std::string_view family = last == std::string_view::npos ? type : type.substr(0, last);
  const std::string_view id = d.instance_id;
  w.field("CreationTime", ecs_time(d.creation_time));
  w.field("SerialNumber", id.size() > 2 ? id.substr(2) : id);
  w.field("Status", d.status);
  w.field("KeyPairName", d.key_pair_name);
  w.field("SaleCycle", d.charge_type == ChargeType::kPrePaid ? d.period_unit : "");
  w.field("SpotStrategy", "NoSpot");
  w.field("DeviceAvailable", true);
  w.field("Description", d.description);
  w.field("InstanceNetworkType", "vpc");
  w.field("InstanceName", d.instance_name);
  w.field("OSNameEn", "Alibaba Cloud Linux 3");
  w.field("Memory", d.memory_mib);
  w.field("OSName", "Alibaba Cloud Linux 3");
  w.field("ImageId", d.image_id);
  w.field("AutoReleaseTime", d.auto_release_time ? ecs_time(*d.auto_release_time) : "");
  w.field("DeletionProtection", d.deletion_protection);
  w.field("StoppedMode", d.stopped_mode);
  w.field("HostName", d.host_name);
  w.field("InstanceId", d.instance_id);
  w.field("InternetMaxBandwidthOut", d.internet_max_bandwidth_out);
  w.field("InternetMaxBandwidthIn", d.internet_max_bandwidth_in);
  w.field("InstanceType", d.instance_type);
  w.field("InstanceChargeType", charge_type_name(d.charge_type));
  w.field("RegionId", d.region_id);
  w.field("IoOptimized", true);
  w.field("StartTime", d.start_time ? ecs_time(d.start_time) : "");
  w.field("Cpu", d.cpu);
  w.field("ExpiredTime", d.expired_time ? ecs_time(*d.expired_time) : "2099-12-31T15:59Z");
  w.field("ResourceGroupId", d.resource_group_id);
  w.field("InternetChargeType", d.internet_charge_type);
  w.field("ZoneId", d.zone_id);
  w.field("Recyclable", false);
  w.field("InstanceTypeFamily", family);
  w.field("OSType", "linux");
  w.open_list("SecurityGroupIds", "SecurityGroupId");
  for (const std::string& g : d.security_group_ids) w.string_item(g);
  w.close_list();
  w.open_list("PublicIpAddress", "IpAddress");
  if (!d.public_ip.empty()) w.string_item(d.public_ip);
  w.close_list();
  w.open_list("InnerIpAddress", "IpAddress");
  w.close_list();
  w.open("VpcAttributes");
  w.field("VpcId", d.vpc_id);
  w.field("NatIpAddress", "");
  w.field("VSwitchId", d.vswitch_id);
  w.open_list("PrivateIpAddress", "IpAddress");
  w.string_item(d.private_ip);
  w.close_list();
  w.close();
  w.open("EipAddress");
  w.field("IsSupportUnassociate", !d.eip_allocation_id.empty());
  w.field("InternetChargeType", d.eip_internet_charge_type);
  w.field("IpAddress", d.eip_ip_address);
  w.field("Bandwidth", d.eip_bandwidth);
  w.field("AllocationId", d.eip_allocation_id);
  w.close();
  w.open_list("NetworkInterfaces", "NetworkInterface");
  for (const InstanceNic& n : d.network_interfaces) {
    w.item();
    w.field("Type", n.type);
    w.field("MacAddress", n.mac_address);
    w.field("PrimaryIpAddress", n.primary_ip);
    w.field("NetworkInterfaceId", n.network_interface_id);
    w.open_list("PrivateIpSets", "PrivateIpSet");
    w.item();
    w.field("PrivateIpAddress", n.primary_ip);
    w.field("Primary", true);
    w.close_item();
    for (const std::string& ip : n.secondary_ips) {
      w.item();
      w.field("PrivateIpAddress", ip);
      w.field("Primary", false);
      w.close_item();
    }
    w.close_list();
    w.close_item();
  }
  w.close_list();
  w.open_list("OperationLocks", "LockReason");
  for (const OperationLock& l : d.operation_locks) {
    w.item();
    w.field("LockMsg", l.message);
    w.field("LockReason", l.reason);
    w.close_item();
  }
  w.close_list();
  w.open_list("Tags", "Tag");
  for (const Tag& t : d.tags) {
    w.item();
    w.field("TagValue", t.value);
    w.field("TagKey", t.key);
    w.close_item();
  }
  w.close_list();
}

json instance_json(const Instance& d) {
  AnswerWriter w(false);
  w.begin("Instance");
  write_instance(w, d);
  return json::parse(w.finish());
}

void write_page_fields(AnswerWriter& w, const PageInfo& page) {
  // Alibaba's order: NextToken, PageSize, PageNumber, TotalCount.
  w.field("NextToken", page.token_mode ? page.next_token : "");
  w.field("PageSize", page.page_size);
  if (!page.token_mode) w.field("PageNumber", page.page_number);
  w.field("TotalCount", page.total_count);
}

json network_interface_json(const NetworkInterface& e) {
  json ips = json::array();
  ips.push_back({{"PrivateIpAddress", e.private_ip}, {"Primary", true}});
  for (const std::string& ip : e.secondary_ips) {
    ips.push_back({{"PrivateIpAddress", ip}, {"Primary", false}});
  }
  json attachment = json::object();
  if (!e.instance_id.empty()) {
    attachment = {{"InstanceId", e.instance_id}, {"DeviceIndex", e.type == "Primary" ? 0 : 1}};
  }
  return json{
      {"NetworkInterfaceId", e.network_interface_id},
      {"NetworkInterfaceName", e.name},
      {"Description", e.description},
      {"Status", e.status},
      {"Type", e.type},
      {"VpcId", e.vpc_id},
      {"VSwitchId", e.vswitch_id},
      {"ZoneId", e.zone_id},
      {"PrivateIpAddress", e.private_ip},
      {"MacAddress", e.mac_address},
      {"InstanceId", e.instance_id},
      {"CreationTime", core::format_iso8601_s(e.creation_time)},
      {"ResourceGroupId", e.resource_group_id},
      {"ServiceManaged", false},
      {"QueueNumber", 1},
      {"NetworkInterfaceTrafficMode", e.traffic_mode},
      {"SourceDestCheck", true},
      {"DeleteOnRelease", e.delete_on_release},
      {"OwnerId", e.account},
      {"SecurityGroupIds", string_list("SecurityGroupId", e.security_group_ids)},
      {"PrivateIpSets", {{"PrivateIpSet", ips}}},
      {"Ipv6Sets", {{"Ipv6Set", json::array()}}},
      {"Ipv4PrefixSets", {{"Ipv4PrefixSet", json::array()}}},
      {"Ipv6PrefixSets", {{"Ipv6PrefixSet", json::array()}}},
      {"AssociatedPublicIp",
       {{"PublicIpAddress", e.eip_ip_address}, {"AllocationId", e.eip_allocation_id}}},
      {"Attachment", attachment},
      {"Tags", tags_json(e.tags)},
  };
}

json instance_response_json(const std::vector<InstanceResponse>& responses) {
  json list = json::array();
  for (const InstanceResponse& r : responses) {
    list.push_back({{"InstanceId", r.instance_id},
                    {"Code", r.code},
                    {"Message", r.message},
                    {"PreviousStatus", r.previous_status},
                    {"CurrentStatus", r.current_status}});
  }
  return json{{"InstanceResponse", list}};
}

json disk_json(const Disk& d) {
  json attachments = json::array();
  if (!d.instance_id.empty()) {
    attachments.push_back({{"InstanceId", d.instance_id},
                           {"Device", d.device},
                           {"AttachedTime", ecs_time(d.attached_time)}});
  }
  json out{
      {"DiskId", d.disk_id},
      {"DiskName", d.disk_name},
      {"Description", d.description},
      {"Type", d.type},
      {"Category", d.category},
      {"Size", d.size_gib},
      {"PerformanceLevel", d.performance_level},
      {"Status", d.status},
      {"InstanceId", d.instance_id},
      {"Device", d.device},
      {"RegionId", d.region_id},
      {"ZoneId", d.zone_id},
      {"DeleteWithInstance", d.delete_with_instance},
      {"DeleteAutoSnapshot", d.delete_auto_snapshot},
      {"EnableAutoSnapshot", d.enable_auto_snapshot},
      {"Portable", d.portable},
      {"DiskChargeType", d.disk_charge_type},
      {"ImageId", d.image_id},
      {"SourceSnapshotId", d.source_snapshot_id},
      {"Encrypted", false},
      {"CreationTime", ecs_time(d.creation_time)},
      {"AttachedTime", d.attached_time && !d.instance_id.empty() ? ecs_time(d.attached_time) : ""},
      {"DetachedTime", d.detached_time ? ecs_time(d.detached_time) : ""},
      {"ExpiredTime", "2999-09-08T16:00Z"},
      {"Tags", tags_json(d.tags)},
      {"Attachments", {{"Attachment", attachments}}},
      {"OperationLocks", {{"OperationLock", json::array()}}},
      // What the alicloud provider's disk Read sets, at the values of what cloudlife models
      // (no auto-snapshot policy, bursting, KMS key, multi-attach, provisioned IOPS, storage set).
      {"SerialNumber", disk_serial(d.disk_id)},
      {"ResourceGroupId", ""},
      {"AutoSnapshotPolicyId", ""},
      {"EnableAutomatedSnapshotPolicy", false},
      {"BurstingEnabled", false},
      {"KMSKeyId", ""},
      {"MultiAttach", "Disabled"},
      {"ProvisionedIops", 0},
      {"SourceDiskId", ""},
      {"StorageClusterId", ""},
      {"StorageSetId", ""},
      {"StorageSetPartitionNumber", 0},
      {"MountInstanceNum", 0},
  };
  if (const auto iops = disk_iops(d.category, d.performance_level, d.size_gib)) {
    out["IOPS"] = *iops;
  }
  return out;
}

json snapshot_json(const Snapshot& s) {
  return json{
      {"SnapshotId", s.snapshot_id},
      {"SnapshotName", s.snapshot_name},
      {"Description", s.description},
      {"SourceDiskId", s.source_disk_id},
      {"SourceDiskType", s.source_disk_type},
      {"SourceDiskSize", std::to_string(s.source_disk_size)},
      {"SnapshotType", s.snapshot_type},
      {"Status", "accomplished"},
      {"Progress", "100%"},
      {"Usage", "none"},
      {"Category", "standard"},
      {"Encrypted", false},
      {"RegionId", s.region_id},
      {"CreationTime", ecs_time(s.creation_time)},
      {"Tags", tags_json(s.tags)},
  };
}

json eip_json(const EipAddress& e) {
  return json{
      {"AllocationId", e.allocation_id},
      {"IpAddress", e.ip_address},
      {"Status", e.status},
      {"InstanceId", e.instance_id},
      {"InstanceType", e.instance_id.empty() ? "" : e.instance_type},
      {"Bandwidth", std::to_string(e.bandwidth)},
      {"InternetChargeType", e.internet_charge_type},
      {"ChargeType", "PostPaid"},
      {"RegionId", e.region_id},
      {"AllocationTime", core::format_iso8601_s(e.allocation_time)},
      {"OperationLocks", {{"LockReason", json::array()}}},
      {"Name", e.name},
      {"Description", e.description},
      {"ISP", "BGP"},
      {"Netmode", "public"},
      {"Mode", "NAT"},
      {"InstanceRegionId", e.instance_id.empty() ? "" : e.region_id},
      {"PrivateIpAddress", ""},
      {"DeletionProtection", false},
      {"ResourceGroupId", ""},
      {"ExpiredTime", ""},
      {"Tags", tags_json(e.tags, "Key", "Value")},
  };
}

json vpc_json(const Vpc& v) {
  return json{
      {"VpcId", v.vpc_id},
      {"RegionId", v.region_id},
      {"Status", v.status},
      {"VpcName", v.vpc_name},
      {"Description", v.description},
      {"CreationTime", core::format_iso8601_s(v.creation_time)},
      {"CidrBlock", v.cidr_block},
      {"VRouterId", v.vrouter_id},
      {"IsDefault", v.is_default},
      {"VSwitchIds", string_list("VSwitchId", v.vswitch_ids)},
      {"UserCidrs", string_list("UserCidr", {})},
      {"NatGatewayIds", string_list("NatGatewayIds", {})},
      {"RouterTableIds", string_list("RouterTableIds", {v.route_table_id})},
      {"SecondaryCidrBlocks", string_list("SecondaryCidrBlock", {})},
      {"ResourceGroupId", v.resource_group_id},
      {"Ipv6CidrBlock", ""},
      {"EnabledIpv6", false},
      {"CenStatus", "Detached"},
      {"DhcpOptionsSetId", ""},
      {"DhcpOptionsSetStatus", ""},
      {"Tags", tags_json(v.tags, "Key", "Value")},
  };
}

json vswitch_json(const VSwitch& v) {
  return json{
      {"VSwitchId", v.vswitch_id},
      {"VpcId", v.vpc_id},
      {"ZoneId", v.zone_id},
      {"Status", v.status},
      {"CidrBlock", v.cidr_block},
      {"VSwitchName", v.vswitch_name},
      {"Description", v.description},
      {"CreationTime", core::format_iso8601_s(v.creation_time)},
      {"AvailableIpAddressCount", v.available_ip_count},
      {"IsDefault", v.is_default},
      {"ResourceGroupId", ""},
      {"NetworkAclId", ""},
      {"Ipv6CidrBlock", ""},
      {"EnabledIpv6", false},
      {"RouteTable", {{"RouteTableId", v.route_table_id}, {"RouteTableType", "System"}}},
      {"Tags", tags_json(v.tags, "Key", "Value")},
  };
}

json security_group_json(const SecurityGroup& g) {
  return json{
      {"SecurityGroupId", g.security_group_id},
      {"SecurityGroupName", g.name},
      {"Description", g.description},
      {"VpcId", g.vpc_id},
      {"SecurityGroupType", g.security_group_type},
      {"CreationTime", core::format_iso8601_s(g.creation_time)},
      {"ResourceGroupId", g.resource_group_id},
      {"EcsCount", g.instance_count},
      {"AvailableInstanceAmount", 2000 - g.instance_count},
      {"ServiceManaged", false},
      {"RuleCount", static_cast<int>(g.rules.size())},
      {"GroupToGroupRuleCount", static_cast<int>(std::count_if(g.rules.begin(), g.rules.end(),
                                                               [](const SecurityGroupRule& r) {
                                                                 return !r.group_id.empty();
                                                               }))},
      {"Tags", tags_json(g.tags, "TagKey", "TagValue")},
  };
}

json permission_json(const SecurityGroupRule& r) {
  const bool in = r.direction == "ingress";
  return json{
      {"SecurityGroupRuleId", r.rule_id},
      {"Direction", r.direction},
      {"IpProtocol", r.ip_protocol},
      {"PortRange", r.port_range},
      {"SourceCidrIp", in ? r.cidr_ip : ""},
      {"SourceGroupId", in ? r.group_id : ""},
      {"SourceGroupOwnerAccount", ""},
      {"SourcePortRange", ""},
      {"DestCidrIp", in ? "" : r.cidr_ip},
      {"DestGroupId", in ? "" : r.group_id},
      {"DestGroupOwnerAccount", ""},
      {"Policy", r.policy},
      {"Priority", std::to_string(r.priority)},
      {"NicType", r.nic_type},
      {"Description", r.description},
      {"CreateTime", core::format_iso8601_s(r.creation_time)},
      {"Ipv6SourceCidrIp", ""},
      {"Ipv6DestCidrIp", ""},
      {"PortRangeListId", ""},
  };
}

void add_page_fields(json& body, const PageInfo& page) {
  body["TotalCount"] = page.total_count;
  if (page.token_mode) {
    body["NextToken"] = page.next_token;
    body["PageSize"] = page.page_size;
  } else {
    body["PageNumber"] = page.page_number;
    body["PageSize"] = page.page_size;
    body["NextToken"] = "";
  }
}

}  // namespace cloudlife::ecs::api
