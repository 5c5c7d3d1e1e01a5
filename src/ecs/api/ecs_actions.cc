// The ECS actions: wire parameters in, model call under the lock, JSON body out.
#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <memory>
#include <set>

#include "core/ids.h"
#include "ecs/api/catalog_actions.h"
#include "ecs/api/ecs_call.h"
#include "ecs/api/ecs_encode.h"
#include "ecs/api/eip_association_actions.h"
#include "ecs/api/instance_reads.h"
#include "ecs/api/key_pair_actions.h"
#include "ecs/api/network_interface_actions.h"
#include "ecs/api/security_group_actions.h"
#include "ecs/ecs_errors.h"

namespace cloudlife::ecs::api {
namespace {

using nlohmann::json;

std::string order_id() {
  return std::to_string(core::random_between(200000000000000LL, 299999999999999LL));
}

ChargeType parse_charge_type(const Params& p, const std::string& name, ChargeType fallback) {
  const std::string v = p.str(name);
  if (v.empty()) return fallback;
  if (v == "PrePaid") return ChargeType::kPrePaid;
  if (v == "PostPaid") return ChargeType::kPostPaid;
  throw core::ServiceError("InvalidInstanceChargeType.ValueNotSupported",
                           "The specified InstanceChargeType is not valid.", 400);
}

BatchMode batch_mode(const Params& p) {
  const std::string v = p.str("BatchOptimization", "AllTogether");
  if (v == "AllTogether") return BatchMode::kAllTogether;
  if (v == "SuccessFirst") return BatchMode::kSuccessFirst;
  throw errors::invalid_parameter("BatchOptimization");
}

int int_param(const Params& p, const std::string& name, int fallback) {
  const auto v = p.integer(name);
  if (!v) return fallback;
  if (*v < -1000000 || *v > 1000000) throw errors::invalid_parameter(name);
  return static_cast<int>(*v);
}

DiskSpec disk_spec(const Params& p, const std::string& prefix, bool delete_default) {
  DiskSpec d;
  d.category = p.str(prefix + "Category", "cloud_essd");
  if (auto size = p.integer(prefix + "Size")) {
    if (*size < 0 || *size > 100000) throw errors::invalid_parameter(prefix + "Size");
    d.size_gib = static_cast<int>(*size);
  }
  d.disk_name = p.str(prefix + "DiskName");
  d.description = p.str(prefix + "Description");
  d.performance_level = p.str(prefix + "PerformanceLevel");
  d.snapshot_id = p.str(prefix + "SnapshotId");
  d.device = p.str(prefix + "Device");
  d.delete_with_instance = p.flag(prefix + "DeleteWithInstance", delete_default);
  return d;
}

// RunInstances' NetworkInterface.N (N from 1 while any of its fields is present).
std::vector<LaunchNic> launch_nics(const Params& p) {
  std::vector<LaunchNic> out;
  for (int n = 1; n <= 32; ++n) {
    const std::string prefix = "NetworkInterface." + std::to_string(n) + ".";
    bool any = false;
    for (const char* f :
         {"InstanceType", "VSwitchId", "SecurityGroupId", "SecurityGroupIds.1", "PrimaryIpAddress",
          "NetworkInterfaceName", "Description", "NetworkInterfaceTrafficMode",
          "SecondaryPrivateIpAddressCount", "DeleteOnRelease", "NetworkInterfaceId"}) {
      if (p.opt(prefix + f)) any = true;
    }
    if (!any) continue;
    LaunchNic nic;
    nic.index = n;
    nic.type = p.str(prefix + "InstanceType", "Secondary");
    nic.vswitch_id = p.str(prefix + "VSwitchId");
    if (auto sg = p.opt(prefix + "SecurityGroupId"); sg && !sg->empty()) {
      nic.security_group_ids.push_back(*sg);
    }
    for (const std::string& sg : p.list(prefix + "SecurityGroupIds")) {
      nic.security_group_ids.push_back(sg);
    }
    nic.primary_ip = p.str(prefix + "PrimaryIpAddress");
    nic.name = p.str(prefix + "NetworkInterfaceName");
    nic.description = p.str(prefix + "Description");
    nic.traffic_mode = p.str(prefix + "NetworkInterfaceTrafficMode", "Standard");
    nic.secondary_count = int_param(p, prefix + "SecondaryPrivateIpAddressCount", 0);
    nic.delete_on_release = p.flag(prefix + "DeleteOnRelease", true);
    nic.delete_on_release_given = p.opt(prefix + "DeleteOnRelease").has_value();
    nic.network_interface_id = p.str(prefix + "NetworkInterfaceId");
    out.push_back(std::move(nic));
  }
  return out;
}

// InstanceChargeType, Period (1-60), PeriodUnit (Month | Week), AutoRenew, AutoRenewPeriod.
void read_launch_billing(const Params& p, LaunchRequest& r) {
  r.charge_type = parse_charge_type(p, "InstanceChargeType", ChargeType::kPostPaid);
  if (auto period = p.integer("Period")) {
    if (*period < 1 || *period > 60) throw errors::invalid_parameter("Period");
    r.period = static_cast<int>(*period);
  }
  r.period_unit = p.str("PeriodUnit", "Month");
  if (r.period_unit != "Month" && r.period_unit != "Week") {
    throw errors::invalid_parameter("PeriodUnit");
  }
  r.auto_renew = p.flag("AutoRenew");
  if (auto v = p.integer("AutoRenewPeriod")) {
    if (*v < 1 || *v > 60) throw errors::invalid_parameter("AutoRenewPeriod");
    r.auto_renew_period = static_cast<int>(*v);
  }
}

// SystemDisk.* and DataDisk.N.* (N from 1 to 16 while any of its fields is present).
void read_launch_disks(const Params& p, LaunchRequest& r) {
  r.system_disk = disk_spec(p, "SystemDisk.", true);
  for (int i = 1; i <= 16; ++i) {
    const std::string prefix = "DataDisk." + std::to_string(i) + ".";
    bool any = false;
    for (const char* field : {"Size", "Category", "SnapshotId", "DeleteWithInstance", "DiskName",
                              "Description", "PerformanceLevel", "Device"}) {
      if (p.opt(prefix + field)) any = true;
    }
    if (any) r.data_disks.push_back(disk_spec(p, prefix, true));
  }
  if (p.opt("DataDisk.17.Size") || p.opt("DataDisk.17.Category")) {
    throw errors::invalid_parameter("DataDisk");
  }
}

LaunchRequest launch_request(const Params& p, bool start) {
  LaunchRequest r;
  r.start = start;
  r.region_id = p.required("RegionId");
  r.zone_id = p.str("ZoneId");
  r.image_id = p.str("ImageId");
  r.instance_type = p.str("InstanceType");
  r.instance_name = p.str("InstanceName");
  r.description = p.str("Description");
  r.host_name = p.str("HostName");
  r.vswitch_id = p.str("VSwitchId");
  if (auto sg = p.opt("SecurityGroupId"); sg && !sg->empty()) r.security_group_ids.push_back(*sg);
  for (const std::string& sg : p.list("SecurityGroupIds")) r.security_group_ids.push_back(sg);
  r.key_pair_name = p.str("KeyPairName");
  r.resource_group_id = p.str("ResourceGroupId");
  read_launch_billing(p, r);
  r.user_data = p.str("UserData");
  r.private_ip_address = p.str("PrivateIpAddress");
  r.internet_charge_type = p.str("InternetChargeType", "PayByTraffic");
  r.internet_max_bandwidth_in = int_param(p, "InternetMaxBandwidthIn", 200);
  r.internet_max_bandwidth_out = int_param(p, "InternetMaxBandwidthOut", 0);
  read_launch_disks(p, r);
  if (start) r.network_interfaces = launch_nics(p);
  r.tags = p.tags();
  r.deletion_protection = p.flag("DeletionProtection");
  r.auto_release_time = p.opt("AutoReleaseTime");
  if (r.auto_release_time && r.auto_release_time->empty()) r.auto_release_time.reset();
  if (start) {
    r.amount = int_param(p, "Amount", 1);
    if (auto min_amount = p.integer("MinAmount"); min_amount && *min_amount > r.amount) {
      throw errors::invalid_parameter("MinAmount");
    }
  }
  r.dry_run = p.flag("DryRun");
  return r;
}

// --- instances -----------------------------------------------------------------------------------

json run_instances(EcsCall& c) {
  const LaunchRequest req = launch_request(c.params, true);
  const auto ids = c.transact(
      [&](EcsPartition& scope, core::TimeMs now) { return c.model.launch(scope, req, now); });
  c.created_ids = ids;
  json body{{"InstanceIdSets", {{"InstanceIdSet", ids}}}, {"TradePrice", 0.0}};
  if (req.charge_type == ChargeType::kPrePaid) body["OrderId"] = order_id();
  return body;
}

json create_instance(EcsCall& c) {
  const LaunchRequest req = launch_request(c.params, false);
  const auto ids = c.transact(
      [&](EcsPartition& scope, core::TimeMs now) { return c.model.launch(scope, req, now); });
  c.created_ids = ids;
  json body{{"InstanceId", ids.front()}, {"TradePrice", 0.0}};
  if (req.charge_type == ChargeType::kPrePaid) body["OrderId"] = order_id();
  return body;
}

json describe_instances(EcsCall& c) {
  const Params& p = c.params;
  InstanceFilter f;
  f.region_id = p.required("RegionId");
  f.instance_ids = p.json_array("InstanceIds", "InvalidInstanceIds.Malformed");
  if (f.instance_ids && f.instance_ids->size() > 100) {
    throw core::ServiceError("InvalidInstanceIds.Malformed",
                             "The specified parameter \"InstanceIds\" is not valid.", 400);
  }
  f.status = p.str("Status");
  f.zone_id = p.str("ZoneId");
  f.instance_charge_type = p.str("InstanceChargeType");
  f.instance_name = p.str("InstanceName");
  f.instance_type = p.str("InstanceType");
  f.vpc_id = p.str("VpcId");
  f.vswitch_id = p.str("VSwitchId");
  f.image_id = p.str("ImageId");
  f.security_group_id = p.str("SecurityGroupId");
  f.lock_reason = p.str("LockReason");
  f.instance_type_family = p.str("InstanceTypeFamily");
  f.internet_charge_type = p.str("InternetChargeType");
  f.key_pair_name = p.str("KeyPairName");
  f.resource_group_id = p.str("ResourceGroupId");
  f.private_ip_addresses = p.json_array("PrivateIpAddresses", "InvalidParameter");
  f.public_ip_addresses = p.json_array("PublicIpAddresses", "InvalidParameter");
  f.eip_addresses = p.json_array("EipAddresses", "InvalidParameter");
  f.tags = p.tags();
  const PageRequest page = p.page(10, 100, true);
  const bool dry_run = p.flag("DryRun");
  InstancePage result = c.transact([&](EcsPartition& scope, core::TimeMs now) {
    InstancePage r = c.model.describe_instances(scope, f, page, now);
    if (dry_run) throw errors::dry_run_operation();
    return r;
  });
  // Written straight to the answer: no DOM per instance.
  auto page_ptr = std::make_shared<const InstancePage>(std::move(result));
  c.write_body = [page_ptr](AnswerWriter& w) {
    write_page_fields(w, page_ptr->page);
    w.reserve(page_ptr->instances.size() * 1600);
    w.open_list("Instances", "Instance");
    for (const Instance& i : page_ptr->instances) {
      w.item();
      write_instance(w, i);
      w.close_item();
    }
    w.close_list();
  };
  return json::object();
}

json describe_instance_status(EcsCall& c) {
  const Params& p = c.params;
  InstanceFilter f;
  f.region_id = p.required("RegionId");
  const auto ids = p.list("InstanceId");
  if (ids.size() > 100) throw errors::invalid_parameter("InstanceId");
  if (!ids.empty()) f.instance_ids = ids;
  f.zone_id = p.str("ZoneId");
  const PageRequest page = p.page(10, 50, false);
  const InstancePage result = c.transact([&](EcsPartition& scope, core::TimeMs now) {
    return c.model.describe_instances(scope, f, page, now);
  });
  json list = json::array();
  for (const Instance& i : result.instances) {
    list.push_back({{"InstanceId", i.instance_id}, {"Status", i.status}});
  }
  return json{{"InstanceStatuses", {{"InstanceStatus", list}}},
              {"TotalCount", result.page.total_count},
              {"PageNumber", result.page.page_number},
              {"PageSize", result.page.page_size}};
}

json describe_instance_attribute(EcsCall& c) {
  const std::string id = c.params.required("InstanceId");
  const Instance inst = c.transact([&](EcsPartition& scope, core::TimeMs now) {
    return c.model.describe_instance(scope, id, now);
  });
  // DescribeInstanceAttribute's shape is narrower than DescribeInstances': the members it does
  // not have (src/ecs/data/answer_order.json) are left out.
  json body = instance_json(inst);
  for (const char* listed_only :
       {"AutoReleaseTime", "DeletionProtection", "DeviceAvailable", "InstanceTypeFamily",
        "KeyPairName", "NetworkInterfaces", "OSName", "OSNameEn", "OSType", "Recyclable",
        "ResourceGroupId", "SaleCycle", "SpotStrategy", "StartTime", "Tags"}) {
    body.erase(listed_only);
  }
  body["EipAddress"].erase("IsSupportUnassociate");
  return body;
}

std::vector<std::string> single_id(const Params& p) {
  return {p.required("InstanceId")};
}

json start_instance(EcsCall& c) {
  const auto ids = single_id(c.params);
  const bool dry_run = c.params.flag("DryRun");
  c.transact([&](EcsPartition& scope, core::TimeMs now) {
    return c.model.start_instances(scope, ids, BatchMode::kAllTogether, dry_run, now);
  });
  return json::object();
}

json start_instances(EcsCall& c) {
  c.params.required("RegionId");
  const auto ids = c.params.list("InstanceId");
  const BatchMode mode = batch_mode(c.params);
  const bool dry_run = c.params.flag("DryRun");
  const auto result = c.transact([&](EcsPartition& scope, core::TimeMs now) {
    return c.model.start_instances(scope, ids, mode, dry_run, now);
  });
  return json{{"InstanceResponses", instance_response_json(result)}};
}

StopOptions stop_options(const Params& p, const char* force_name) {
  StopOptions o;
  o.force_stop = p.flag(force_name);
  o.stopped_mode = p.str("StoppedMode", "KeepCharging");
  return o;
}

json stop_instance(EcsCall& c) {
  const auto ids = single_id(c.params);
  const StopOptions options = stop_options(c.params, "ForceStop");
  const bool dry_run = c.params.flag("DryRun");
  c.transact([&](EcsPartition& scope, core::TimeMs now) {
    return c.model.stop_instances(scope, ids, options, BatchMode::kAllTogether, dry_run, now);
  });
  return json::object();
}

json stop_instances(EcsCall& c) {
  c.params.required("RegionId");
  const auto ids = c.params.list("InstanceId");
  const StopOptions options = stop_options(c.params, "ForceStop");
  const BatchMode mode = batch_mode(c.params);
  const bool dry_run = c.params.flag("DryRun");
  const auto result = c.transact([&](EcsPartition& scope, core::TimeMs now) {
    return c.model.stop_instances(scope, ids, options, mode, dry_run, now);
  });
  return json{{"InstanceResponses", instance_response_json(result)}};
}

json reboot_instance(EcsCall& c) {
  const auto ids = single_id(c.params);
  const bool force = c.params.flag("ForceStop");
  const bool dry_run = c.params.flag("DryRun");
  c.transact([&](EcsPartition& scope, core::TimeMs now) {
    return c.model.reboot_instances(scope, ids, force, BatchMode::kAllTogether, dry_run, now);
  });
  return json::object();
}

json reboot_instances(EcsCall& c) {
  c.params.required("RegionId");
  const auto ids = c.params.list("InstanceId");
  const bool force = c.params.flag("ForceReboot");
  const BatchMode mode = batch_mode(c.params);
  const bool dry_run = c.params.flag("DryRun");
  const auto result = c.transact([&](EcsPartition& scope, core::TimeMs now) {
    return c.model.reboot_instances(scope, ids, force, mode, dry_run, now);
  });
  return json{{"InstanceResponses", instance_response_json(result)}};
}

ManualReleaseOptions release_options(const Params& p) {
  ManualReleaseOptions o;
  o.force = p.flag("Force");
  o.terminate_subscription = p.flag("TerminateSubscription");
  return o;
}

json delete_instance(EcsCall& c) {
  const auto ids = single_id(c.params);
  const ManualReleaseOptions options = release_options(c.params);
  const bool dry_run = c.params.flag("DryRun");
  c.transact([&](EcsPartition& scope, core::TimeMs now) {
    c.model.delete_instances(scope, ids, options, dry_run, now);
  });
  return json::object();
}

json delete_instances(EcsCall& c) {
  c.params.required("RegionId");
  const auto ids = c.params.list("InstanceId");
  const ManualReleaseOptions options = release_options(c.params);
  const bool dry_run = c.params.flag("DryRun");
  c.transact([&](EcsPartition& scope, core::TimeMs now) {
    c.model.delete_instances(scope, ids, options, dry_run, now);
  });
  return json::object();
}

json modify_instance_attribute(EcsCall& c) {
  InstanceAttributeChange change;
  change.instance_id = c.params.required("InstanceId");
  change.deletion_protection = c.params.boolean("DeletionProtection");
  change.instance_name = c.params.opt("InstanceName");
  change.description = c.params.opt("Description");
  change.host_name = c.params.opt("HostName");
  if (auto groups = c.params.list("SecurityGroupIds"); !groups.empty()) {
    change.security_group_ids = groups;
  }
  change.user_data = c.params.opt("UserData");
  c.transact([&](EcsPartition& scope, core::TimeMs now) {
    c.model.modify_instance_attribute(scope, change, now);
  });
  return json::object();
}

json modify_instance_auto_release_time(EcsCall& c) {
  const std::string id = c.params.required("InstanceId");
  const auto when = c.params.opt("AutoReleaseTime");
  c.transact([&](EcsPartition& scope, core::TimeMs now) {
    c.model.modify_auto_release_time(scope, id, when, now);
  });
  return json::object();
}

json modify_instance_charge_type(EcsCall& c) {
  ChargeTypeChange change;
  change.region_id = c.params.required("RegionId");
  const auto ids = c.params.json_array("InstanceIds", "InvalidParameter.InstanceIds");
  if (!ids || ids->empty()) throw errors::missing_parameter("InstanceIds");
  change.instance_ids = *ids;
  change.target = parse_charge_type(c.params, "InstanceChargeType", ChargeType::kPrePaid);
  if (auto period = c.params.integer("Period")) change.period = static_cast<int>(*period);
  change.period_unit = c.params.str("PeriodUnit", "Month");
  if (change.period_unit != "Month" && change.period_unit != "Week") {
    throw errors::invalid_parameter("PeriodUnit");
  }
  change.dry_run = c.params.flag("DryRun");
  c.transact([&](EcsPartition& scope, core::TimeMs now) {
    c.model.modify_charge_type(scope, change, now);
  });
  json body = json::object();
  if (change.target == ChargeType::kPrePaid) body["OrderId"] = order_id();
  if (c.params.flag("IsDetailFee")) {
    json fees = json::array();
    for (const std::string& id : change.instance_ids) {
      fees.push_back({{"InstanceId", id}, {"Fee", "0"}, {"Currency", "CNY"}});
    }
    body["FeeOfInstances"] = {{"FeeOfInstance", fees}};
  }
  return body;
}

json renew_instance(EcsCall& c) {
  const std::string id = c.params.required("InstanceId");
  const auto period = c.params.integer("Period");
  if (!period) throw errors::missing_parameter("Period");
  const std::string unit = c.params.str("PeriodUnit", "Month");
  c.transact([&](EcsPartition& scope, core::TimeMs now) {
    c.model.renew_instance(scope, id, static_cast<int>(*period), unit, now);
  });
  return json{{"OrderId", order_id()}};
}

// --- disks and snapshots -------------------------------------------------------------------------

json describe_disks(EcsCall& c) {
  const Params& p = c.params;
  DiskFilter f;
  f.region_id = p.required("RegionId");
  f.instance_id = p.str("InstanceId");
  f.disk_ids = p.json_array("DiskIds", "InvalidDiskIds.Malformed");
  f.disk_type = p.str("DiskType");
  f.category = p.str("Category");
  f.status = p.str("Status");
  f.zone_id = p.str("ZoneId");
  f.delete_with_instance = p.boolean("DeleteWithInstance");
  f.delete_auto_snapshot = p.boolean("DeleteAutoSnapshot");
  f.enable_auto_snapshot = p.boolean("EnableAutoSnapshot");
  f.portable = p.boolean("Portable");
  f.disk_charge_type = p.str("DiskChargeType");
  if (!f.disk_charge_type.empty() && f.disk_charge_type != "PrePaid" &&
      f.disk_charge_type != "PostPaid") {
    throw errors::invalid_parameter("DiskChargeType");
  }
  f.disk_name = p.str("DiskName");
  f.snapshot_id = p.str("SnapshotId");
  const PageRequest page = p.page(10, 100, true);
  const bool dry_run = p.flag("DryRun");
  const DiskPage result = c.transact([&](EcsPartition& scope, core::TimeMs now) {
    DiskPage r = c.model.describe_disks(scope, f, page, now);
    if (dry_run) throw errors::dry_run_operation();
    return r;
  });
  json list = json::array();
  for (const Disk& d : result.disks) list.push_back(disk_json(d));
  json body{{"Disks", {{"Disk", list}}}};
  add_page_fields(body, result.page);
  return body;
}

json create_disk(EcsCall& c) {
  CreateDiskRequest req;
  req.region_id = c.params.str("RegionId");
  req.zone_id = c.params.str("ZoneId");
  req.instance_id = c.params.str("InstanceId");
  if (req.region_id.empty() && req.instance_id.empty()) throw errors::missing_parameter("RegionId");
  req.spec = disk_spec(c.params, "", false);
  // CreateDisk names the category DiskCategory (default: cloud, the basic disk).
  req.spec.category = c.params.str("DiskCategory", "cloud");
  req.tags = c.params.tags();
  req.dry_run = c.params.flag("DryRun");
  const std::string id = c.transact(
      [&](EcsPartition& scope, core::TimeMs now) { return c.model.create_disk(scope, req, now); });
  c.created_ids.push_back(id);
  return json{{"DiskId", id}};
}

json attach_disk(EcsCall& c) {
  const std::string instance = c.params.required("InstanceId");
  const std::string disk = c.params.required("DiskId");
  const auto dwi = c.params.boolean("DeleteWithInstance");
  c.transact([&](EcsPartition& scope, core::TimeMs now) {
    c.model.attach_disk(scope, instance, disk, dwi, now);
  });
  return json::object();
}

json detach_disk(EcsCall& c) {
  const std::string instance = c.params.required("InstanceId");
  const std::string disk = c.params.required("DiskId");
  const auto dwi = c.params.boolean("DeleteWithInstance");
  c.transact([&](EcsPartition& scope, core::TimeMs now) {
    c.model.detach_disk(scope, instance, disk, dwi, now);
  });
  return json::object();
}

json delete_disk(EcsCall& c) {
  const std::string disk = c.params.required("DiskId");
  c.transact([&](EcsPartition& scope, core::TimeMs now) { c.model.delete_disk(scope, disk, now); });
  return json::object();
}

json modify_disk_attribute(EcsCall& c) {
  DiskAttributeChange change;
  change.disk_id = c.params.str("DiskId");
  if (change.disk_id.empty()) {
    // The newer API takes DiskIds.N; one disk is what cloudlife models per call.
    const auto ids = c.params.list("DiskIds");
    if (ids.size() != 1) throw errors::missing_parameter("DiskId");
    change.disk_id = ids.front();
  }
  change.delete_with_instance = c.params.boolean("DeleteWithInstance");
  change.delete_auto_snapshot = c.params.boolean("DeleteAutoSnapshot");
  change.enable_auto_snapshot = c.params.boolean("EnableAutoSnapshot");
  change.disk_name = c.params.opt("DiskName");
  change.description = c.params.opt("Description");
  c.transact(
      [&](EcsPartition& scope, core::TimeMs) { c.model.modify_disk_attribute(scope, change); });
  return json::object();
}

json create_snapshot(EcsCall& c) {
  const std::string disk = c.params.required("DiskId");
  const std::string name = c.params.str("SnapshotName");
  const std::string description = c.params.str("Description");
  const std::string id = c.transact([&](EcsPartition& scope, core::TimeMs now) {
    return c.model.create_snapshot(scope, disk, name, description, "user", now);
  });
  c.created_ids.push_back(id);
  return json{{"SnapshotId", id}};
}

json describe_snapshots(EcsCall& c) {
  SnapshotFilter f;
  f.region_id = c.params.required("RegionId");
  f.disk_id = c.params.str("DiskId");
  f.instance_id = c.params.str("InstanceId");
  f.snapshot_ids = c.params.json_array("SnapshotIds", "InvalidSnapshotIds.Malformed");
  f.snapshot_type = c.params.str("SnapshotType");
  const PageRequest page = c.params.page(10, 100, true);
  const bool dry_run = c.params.flag("DryRun");
  const SnapshotPage result = c.transact([&](EcsPartition& scope, core::TimeMs) {
    SnapshotPage r = c.model.describe_snapshots(scope, f, page);
    if (dry_run) throw errors::dry_run_operation();
    return r;
  });
  json list = json::array();
  for (const Snapshot& s : result.snapshots) list.push_back(snapshot_json(s));
  json body{{"Snapshots", {{"Snapshot", list}}}};
  add_page_fields(body, result.page);
  return body;
}

json delete_snapshot(EcsCall& c) {
  const std::string id = c.params.required("SnapshotId");
  c.transact([&](EcsPartition& scope, core::TimeMs) { c.model.delete_snapshot(scope, id); });
  return json::object();
}

// --- addresses -----------------------------------------------------------------------------------

json allocate_public_ip_address(EcsCall& c) {
  const std::string id = c.params.required("InstanceId");
  const std::string ip = c.transact([&](EcsPartition& scope, core::TimeMs now) {
    return c.model.allocate_public_ip(scope, id, now);
  });
  return json{{"IpAddress", ip}};
}

json convert_nat_public_ip_to_eip(EcsCall& c) {
  const std::string id = c.params.required("InstanceId");
  c.transact([&](EcsPartition& scope, core::TimeMs now) {
    c.model.convert_nat_public_ip_to_eip(scope, id, now);
  });
  return json::object();
}

json allocate_eip_address(EcsCall& c) {
  c.params.required("RegionId");
  const int bandwidth = int_param(c.params, "Bandwidth", 5);
  const std::string charge = c.params.str("InternetChargeType", "PayByTraffic");
  const EipAddress eip = c.transact([&](EcsPartition& scope, core::TimeMs now) {
    return c.model.allocate_eip(scope, bandwidth, charge, now);
  });
  c.created_ids.push_back(eip.allocation_id);
  return json{{"AllocationId", eip.allocation_id}, {"EipAddress", eip.ip_address}};
}

json describe_eip_addresses(EcsCall& c) {
  EipFilter f;
  f.region_id = c.params.required("RegionId");
  f.allocation_id = c.params.str("AllocationId");
  f.ip_address = c.params.str("EipAddress");
  f.status = c.params.str("Status");
  f.associated_instance_id = c.params.str("AssociatedInstanceId");
  const PageRequest page = c.params.page(10, 100, false);
  const EipPage result = c.transact(
      [&](EcsPartition& scope, core::TimeMs) { return c.model.describe_eips(scope, f, page); });
  json list = json::array();
  for (const EipAddress& e : result.eips) {
    // The ECS API's older EIP shape: the VPC API's members it does not have are left out.
    json eip = eip_json(e);
    for (const char* newer :
         {"DeletionProtection", "Description", "ISP", "InstanceRegionId", "Mode", "Name", "Netmode",
          "PrivateIpAddress", "ResourceGroupId", "Tags"}) {
      eip.erase(newer);
    }
    list.push_back(std::move(eip));
  }
  return json{{"EipAddresses", {{"EipAddress", list}}},
              {"TotalCount", result.page.total_count},
              {"PageNumber", result.page.page_number},
              {"PageSize", result.page.page_size}};
}

// --- regions and zones ---------------------------------------------------------------------------

// AcceptLanguage: zh-CN (the API's default) names regions and zones in Chinese, en-US in English.
// The other documented languages (zh-TW, ja, fr, de, ko) answer in English: the catalogue holds
// only these two (docs/ecs.md).
// A parameter that narrows availability: cloudlife sells everything everywhere, so every valid
// value gives the full answer; an invalid one is refused.
void check_one_of(const Params& p, const std::string& name, std::initializer_list<const char*> ok) {
  const auto v = p.opt(name);
  if (!v || v->empty()) return;
  for (const char* allowed : ok) {
    if (*v == allowed) return;
  }
  throw errors::invalid_parameter(name);
}

void check_availability_filters(const Params& p) {
  check_one_of(p, "InstanceChargeType",
               {"PrePaid", "PostPaid", "SpotWithPriceLimit", "SpotAsPriceGo"});
  check_one_of(p, "SpotStrategy", {"NoSpot", "SpotWithPriceLimit", "SpotAsPriceGo"});
}

json describe_regions(EcsCall& c) {
  const Language language = accept_language(c.params);
  check_availability_filters(c.params);
  check_one_of(c.params, "ResourceType", {"instance", "disk", "reservedinstance", "scu"});
  json list = json::array();
  for (const RegionInfo& r : regions()) {
    list.push_back({{"RegionId", r.region_id},
                    {"LocalName", r.local_name(language)},
                    {"RegionEndpoint", r.endpoint},
                    {"Status", "available"}});
  }
  return json{{"Regions", {{"Region", list}}}};
}

}  // namespace

const std::map<std::string, ActionHandler, std::less<>>& ecs_actions() {
  static const std::map<std::string, ActionHandler, std::less<>> kActions = [] {
    std::map<std::string, ActionHandler, std::less<>> actions = {
        {"RunInstances", run_instances},
        {"CreateInstance", create_instance},
        {"DescribeInstances", describe_instances},
        {"DescribeInstanceStatus", describe_instance_status},
        {"DescribeInstanceAttribute", describe_instance_attribute},
        {"StartInstance", start_instance},
        {"StartInstances", start_instances},
        {"StopInstance", stop_instance},
        {"StopInstances", stop_instances},
        {"RebootInstance", reboot_instance},
        {"RebootInstances", reboot_instances},
        {"DeleteInstance", delete_instance},
        {"DeleteInstances", delete_instances},
        {"ModifyInstanceAttribute", modify_instance_attribute},
        {"ModifyInstanceAutoReleaseTime", modify_instance_auto_release_time},
        {"ModifyInstanceChargeType", modify_instance_charge_type},
        {"RenewInstance", renew_instance},
        {"DescribeDisks", describe_disks},
        {"CreateDisk", create_disk},
        {"AttachDisk", attach_disk},
        {"DetachDisk", detach_disk},
        {"DeleteDisk", delete_disk},
        {"ModifyDiskAttribute", modify_disk_attribute},
        {"CreateSnapshot", create_snapshot},
        {"DescribeSnapshots", describe_snapshots},
        {"DeleteSnapshot", delete_snapshot},
        {"AllocatePublicIpAddress", allocate_public_ip_address},
        {"ConvertNatPublicIpToEip", convert_nat_public_ip_to_eip},
        {"AllocateEipAddress", allocate_eip_address},
        {"DescribeEipAddresses", describe_eip_addresses},
        {"DescribeRegions", describe_regions},
        {"DescribeZones", describe_zones},
        {"DescribeAvailableResource", describe_available_resource},
        {"DescribeInstanceTypes", describe_instance_types},
        {"DescribeInstanceTypeFamilies", describe_instance_type_families},
    };
    add_security_group_actions(actions);
    add_instance_read_actions(actions);
    add_key_pair_actions(actions);
    add_eip_association_actions(actions);
    add_network_interface_actions(actions);
    return actions;
  }();
  return kActions;
}

}  // namespace cloudlife::ecs::api
