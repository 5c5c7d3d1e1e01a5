// EC2 instance actions: RunInstances, DescribeInstances, Start/Stop/Reboot/TerminateInstances,
// Describe/ModifyInstanceAttribute (decoded and encoded by the generated codec:
// codegen/ec2/instances.ops; the Instance shape is written by instance_encode.cc).
// Parameters of these actions that cloudlife does not implement are refused with Unsupported, by
// their wire names as sent, before decoding (docs/supported.md lists them).
#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/api/instance_encode.h"
#include "ec2/api/run_instances_decode.h"
#include "ec2_codec.h"  // generated from codegen/ec2/instances.ops
#include "protocol/aws_errors.h"

namespace cloudlife::ec2::api {
namespace {

namespace icodec = codec::ec2;
using core::ServiceError;
using protocol::HttpResponse;

constexpr std::size_t kMaxInstanceIdsPerRequest = 1000;

void check_instance_id_count(const std::vector<std::string>& ids) {
  if (ids.size() > kMaxInstanceIdsPerRequest) {
    throw protocol::aws_error("InvalidParameterValue",
                              {"The maximum number of instance IDs per request is 1000; " +
                               std::to_string(ids.size()) + " were specified."});
  }
}

// RunInstances' launch parameters with no model here (of the request and of NetworkInterface.N).
void refuse_unimplemented_launch_parameters(const protocol::QueryParams& params) {
  refuse_unimplemented(params, {"KernelId",
                                "RamdiskId",
                                "RamDiskId",
                                "AdditionalInfo",
                                "Ipv6AddressCount",
                                "Ipv6Address.*",
                                "ElasticGpuSpecification.*",
                                "ElasticInferenceAccelerator.*",
                                "CpuOptions.*",
                                "CapacityReservationSpecification.*",
                                "LicenseSpecification.*",
                                "EnclaveOptions.*",
                                "PrivateDnsNameOptions.*",
                                "InstanceRequirements.*",
                                "Placement.Affinity",
                                "Placement.GroupName",
                                "Placement.GroupId",
                                "Placement.PartitionNumber",
                                "Placement.SpreadDomain",
                                "Placement.HostResourceGroupArn",
                                "BlockDeviceMapping.*.Ebs.KmsKeyId",
                                "BlockDeviceMapping.*.Ebs.OutpostArn",
                                "InstanceMarketOptions.SpotOptions.BlockDurationMinutes",
                                "InstanceMarketOptions.SpotOptions.ValidUntil",
                                "NetworkInterface.*.AssociateCarrierIpAddress",
                                "NetworkInterface.*.Ipv6AddressCount",
                                "NetworkInterface.*.Ipv6Addresses.*",
                                "NetworkInterface.*.InterfaceType",
                                "NetworkInterface.*.Ipv4Prefix.*",
                                "NetworkInterface.*.Ipv4PrefixCount",
                                "NetworkInterface.*.Ipv6Prefix.*",
                                "NetworkInterface.*.Ipv6PrefixCount",
                                "EnablePrimaryIpv6",
                                "NetworkPerformanceOptions.*",
                                "Operator.*",
                                "SecondaryInterface.*",
                                "BlockDeviceMapping.*.Ebs.AvailabilityZone",
                                "BlockDeviceMapping.*.Ebs.AvailabilityZoneId",
                                "BlockDeviceMapping.*.Ebs.VolumeInitializationRate",
                                "BlockDeviceMapping.*.Ebs.EbsCardIndex",
                                "NetworkInterface.*.PrimaryIpv6",
                                "NetworkInterface.*.EnaSrdSpecification.*",
                                "NetworkInterface.*.ConnectionTrackingSpecification.*",
                                "NetworkInterface.*.EnaQueueCount"});
}

HttpResponse run_instances(Ec2Call& call) {
  refuse_unimplemented_launch_parameters(call.params);
  const auto req = icodec::RunInstancesRequest::decode(call.params);
  RunInstancesRequest run;
  run.spec = run_instances_launch_spec(req);
  run.min_count = req.min_count;
  run.max_count = req.max_count;
  if (req.launch_template) {
    LaunchTemplateRef ref;
    ref.id = req.launch_template->launch_template_id.value_or("");
    ref.name = req.launch_template->launch_template_name.value_or("");
    ref.version = req.launch_template->version.value_or("");
    if (!ref.id.empty() && !ref.name.empty()) {
      throw protocol::aws_error(
          "InvalidParameterCombination",
          {"Only one of launchTemplateId or launchTemplateName can be specified."});
    }
    run.launch_template = ref;
  } else if (!run.spec.image_id) {
    throw protocol::aws_error("MissingParameter", {"ImageId"});
  }
  run.client_token = req.client_token.value_or("");
  // The request as sent (every parameter but the token and DryRun), for ClientToken idempotency:
  // the same text the model has always stored, so journals replay unchanged. Only a request with
  // a token is compared or remembered.
  if (!run.client_token.empty())
    run.fingerprint = fingerprint(call.params, {"ClientToken", "DryRun"});
  run.dry_run = req.dry_run.value_or(false);
  // Written under the engine lock: the instances' interfaces beyond the primary are the
  // partition's records.
  return call.run([&](Ec2Partition& part, core::TimeMs now) {
    // Pointers into the partition, read while the lock is held: no instance is copied.
    const InstanceSelection::Group launched = call.model.run_instances_in_place(part, run, now);
    for (const Instance* i : launched.instances) {
      call.ctx.created_ids.push_back(i->instance_id.str());
      for (const InstanceBlockDevice& d : i->block_devices)
        call.ctx.created_ids.push_back(d.volume_id.str());
    }
    icodec::RunInstancesResponse out(call.ctx.request_id);
    // ~4.2 KB per instance: the buffer is allocated once instead of grown and copied (perf of
    // sequential one-instance launches: docs/performance.md, "Issue 14 follow-up").
    out.document().reserve(launched.instances.size() * 4608 + 512);
    write_reservation_shape(out, launched, call.ctx.region, call.state_code_high_byte, &part);
    return out.finish();
  });
}

HttpResponse describe_instances(Ec2Call& call) {
  const auto decoded = icodec::DescribeInstancesRequest::decode(call.params);
  check_instance_id_count(decoded.instance_ids);
  if (decoded.include_managed_resources.value_or(false)) {
    refuse_unimplemented(call.params, {"IncludeManagedResources"});
  }
  DescribeInstancesRequest req;
  req.instance_ids = decoded.instance_ids;
  req.filters = to_filters(decoded.filters);
  req.max_results = decoded.max_results;
  req.next_token = decoded.next_token.value_or("");
  if (decoded.dry_run.value_or(false)) {
    call.run([&](Ec2Partition& part, core::TimeMs) {
      if (!req.instance_ids.empty()) call.model.require_instances(part, req.instance_ids);
    });
    throw dry_run_succeeded();
  }
  // Written under the engine lock straight from the model: the answer needs every field of every
  // selected instance, and copying them out first cost as much as writing them, twice the memory.
  return call.run([&](Ec2Partition& part, core::TimeMs) {
    const InstanceSelection selection = call.model.select_instances(part, req);
    icodec::DescribeInstancesResponse out(call.ctx.request_id);
    write_reservation_set_shape(out, selection, part, call.ctx.region, call.state_code_high_byte);
    if (!selection.next_token.empty()) out.next_token(selection.next_token);
    return out.finish();
  });
}

HttpResponse start_instances(Ec2Call& call) {
  refuse_unimplemented(call.params, {"AdditionalInfo"});
  const auto req = icodec::StartInstancesRequest::decode(call.params);
  check_instance_id_count(req.instance_ids);
  const bool dry = req.dry_run.value_or(false);
  const auto changes = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return call.model.start_instances(part, req.instance_ids, dry, now);
  });
  icodec::StartInstancesResponse out(call.ctx.request_id);
  out.starting_instances([&](icodec::InstanceStateChangeListWriter& list) {
    write_state_change_items(list, changes, call.state_code_high_byte);
  });
  return out.finish();
}

HttpResponse stop_instances(Ec2Call& call) {
  const auto req = icodec::StopInstancesRequest::decode(call.params);
  check_instance_id_count(req.instance_ids);
  const bool hibernate = req.hibernate.value_or(false);
  const bool force = req.force.value_or(false);
  const bool dry = req.dry_run.value_or(false);
  const auto changes = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return call.model.stop_instances(part, req.instance_ids, hibernate, force, dry, now);
  });
  icodec::StopInstancesResponse out(call.ctx.request_id);
  out.stopping_instances([&](icodec::InstanceStateChangeListWriter& list) {
    write_state_change_items(list, changes, call.state_code_high_byte);
  });
  return out.finish();
}

HttpResponse reboot_instances(Ec2Call& call) {
  const auto req = icodec::RebootInstancesRequest::decode(call.params);
  check_instance_id_count(req.instance_ids);
  const bool dry = req.dry_run.value_or(false);
  call.run([&](Ec2Partition& part, core::TimeMs now) {
    call.model.reboot_instances(part, req.instance_ids, dry, now);
  });
  return icodec::RebootInstancesResponse(call.ctx.request_id).finish();
}

HttpResponse terminate_instances(Ec2Call& call) {
  const auto req = icodec::TerminateInstancesRequest::decode(call.params);
  check_instance_id_count(req.instance_ids);
  const bool force = req.force.value_or(false) || req.skip_os_shutdown.value_or(false);
  const bool dry = req.dry_run.value_or(false);
  const TerminateOutcome outcome = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return call.model.terminate_instances(part, req.instance_ids, force, dry, now);
  });
  if (outcome.refusal) throw *outcome.refusal;
  icodec::TerminateInstancesResponse out(call.ctx.request_id);
  out.terminating_instances([&](icodec::InstanceStateChangeListWriter& list) {
    write_state_change_items(list, outcome.changes, call.state_code_high_byte);
  });
  return out.finish();
}

// One attribute of `inst`, as DescribeInstanceAttribute names it ("instanceType", "groupSet" …).
void write_instance_attribute(icodec::InstanceAttributeWriter& w, const Instance& inst,
                              const std::string& attribute) {
  auto boolean = [](bool v) { return [v](icodec::AttributeBooleanValueWriter& a) { a.value(v); }; };
  // An empty value is the element without content.
  auto text = [](const std::string& v) {
    return [&v](icodec::AttributeValueWriter& a) {
      if (!v.empty()) a.value(v);
    };
  };
  auto none = [](icodec::AttributeValueWriter&) {};
  if (attribute == "instanceType") w.instance_type(text(inst.instance_type));
  if (attribute == "kernel") w.kernel_id(none);
  if (attribute == "ramdisk") w.ramdisk_id(none);
  if (attribute == "userData") w.user_data(text(inst.user_data));
  if (attribute == "disableApiTermination") {
    w.disable_api_termination(boolean(inst.disable_api_termination));
  }
  if (attribute == "disableApiStop") w.disable_api_stop(boolean(inst.disable_api_stop));
  if (attribute == "instanceInitiatedShutdownBehavior") {
    w.instance_initiated_shutdown_behavior(text(inst.shutdown_behavior));
  }
  if (attribute == "rootDeviceName") w.root_device_name(text(inst.root_device_name));
  if (attribute == "blockDeviceMapping") {
    w.block_device_mappings(inst.block_devices, [](icodec::InstanceBlockDeviceMappingWriter& m,
                                                   const InstanceBlockDevice& bd) {
      m.device_name(bd.device_name).ebs([&](icodec::EbsInstanceBlockDeviceWriter& e) {
        e.volume_id(bd.volume_id)
            .status(bd.status)
            .attach_time(bd.attach_time)
            .delete_on_termination(bd.delete_on_termination);
      });
    });
  }
  if (attribute == "productCodes") w.product_codes([](icodec::ProductCodeListWriter&) {});
  if (attribute == "sourceDestCheck") w.source_dest_check(boolean(inst.source_dest_check));
  if (attribute == "groupSet") {
    w.groups(inst.security_group_ids,
             [](icodec::GroupIdentifierWriter& g, const std::string& id) { g.group_id(id); });
  }
  if (attribute == "ebsOptimized") w.ebs_optimized(boolean(inst.ebs_optimized));
  if (attribute == "sriovNetSupport") w.sriov_net_support(text(inst.sriov_net_support));
  if (attribute == "enaSupport") w.ena_support(boolean(inst.ena_support));
  if (attribute == "enclaveOptions") {
    w.enclave_options([](icodec::EnclaveOptionsWriter& e) { e.enabled(false); });
  }
}

HttpResponse describe_instance_attribute(Ec2Call& call) {
  const auto req = icodec::DescribeInstanceAttributeRequest::decode(call.params);
  const bool dry = req.dry_run.value_or(false);
  const Instance inst = call.run([&](Ec2Partition& part, core::TimeMs) {
    return call.model.describe_instance_attribute(part, req.instance_id, req.attribute, dry);
  });
  icodec::DescribeInstanceAttributeResponse out(call.ctx.request_id);
  out.instance_id(inst.instance_id);
  write_instance_attribute(out, inst, req.attribute);
  return out.finish();
}

// The legacy form Attribute=<name>&Value=<value> into `req` (the model's request).
void apply_legacy_instance_attribute(const std::string& attribute, const std::string& value,
                                     ModifyInstanceAttributeRequest& req) {
  auto as_bool = [&]() -> bool {
    if (value == "true") return true;
    if (value == "false") return false;
    throw protocol::aws_error(
        "InvalidParameterValue",
        {"Value (" + value + ") for parameter value is invalid. Expected a boolean."});
  };
  if (attribute == "instanceType") {
    req.instance_type = value;
  } else if (attribute == "userData") {
    req.user_data = value;
  } else if (attribute == "disableApiTermination") {
    req.disable_api_termination = as_bool();
  } else if (attribute == "disableApiStop") {
    req.disable_api_stop = as_bool();
  } else if (attribute == "instanceInitiatedShutdownBehavior") {
    req.shutdown_behavior = value;
  } else if (attribute == "ebsOptimized") {
    req.ebs_optimized = as_bool();
  } else if (attribute == "sourceDestCheck") {
    req.source_dest_check = as_bool();
  } else if (attribute == "enaSupport") {
    req.ena_support = as_bool();
  } else if (attribute == "sriovNetSupport") {
    req.sriov_net_support = value;
  } else {
    throw protocol::aws_error(
        "InvalidParameterValue",
        {"Value (" + attribute + ") for parameter attribute is invalid. Unknown attribute."});
  }
}

template <class Attribute>
auto attribute_of(const std::optional<Attribute>& a) {
  return a ? a->value : decltype(a->value){};
}

HttpResponse modify_instance_attribute(Ec2Call& call) {
  refuse_unimplemented(call.params, {"Kernel.*", "Ramdisk.*"});
  const auto decoded = icodec::ModifyInstanceAttributeRequest::decode(call.params);
  ModifyInstanceAttributeRequest req;
  req.instance_id = decoded.instance_id;
  req.dry_run = decoded.dry_run.value_or(false);
  req.disable_api_termination = attribute_of(decoded.disable_api_termination);
  req.disable_api_stop = attribute_of(decoded.disable_api_stop);
  req.shutdown_behavior = attribute_of(decoded.instance_initiated_shutdown_behavior);
  req.instance_type = attribute_of(decoded.instance_type);
  req.user_data = attribute_of(decoded.user_data);
  req.ebs_optimized = attribute_of(decoded.ebs_optimized);
  req.source_dest_check = attribute_of(decoded.source_dest_check);
  req.ena_support = attribute_of(decoded.ena_support);
  req.sriov_net_support = attribute_of(decoded.sriov_net_support);
  req.security_group_ids = decoded.groups;
  for (const icodec::InstanceBlockDeviceMappingSpecification& b : decoded.block_device_mappings) {
    const std::string device = b.device_name.value_or("");
    const std::optional<bool> flag = b.ebs ? b.ebs->delete_on_termination : std::nullopt;
    if (device.empty() || !flag) {
      throw protocol::aws_error("MissingParameter",
                                {"BlockDeviceMapping.DeviceName and Ebs.DeleteOnTermination"});
    }
    req.delete_on_termination.emplace_back(device, *flag);
  }
  if (decoded.attribute) {
    apply_legacy_instance_attribute(*decoded.attribute, decoded.value.value_or(""), req);
  }
  int given = 0;
  for (bool b :
       {req.disable_api_termination.has_value(), req.disable_api_stop.has_value(),
        req.shutdown_behavior.has_value(), req.instance_type.has_value(), req.user_data.has_value(),
        req.ebs_optimized.has_value(), req.source_dest_check.has_value(),
        req.ena_support.has_value(), req.sriov_net_support.has_value(),
        !req.security_group_ids.empty(), !req.delete_on_termination.empty()}) {
    given += b ? 1 : 0;
  }
  if (given == 0) {
    throw protocol::aws_error("MissingParameter", {"attribute or a specific attribute value"});
  }
  if (given > 1) {
    throw protocol::aws_error("InvalidParameterCombination",
                              {"Fields for multiple attribute types specified. Only one attribute "
                               "can be modified at a time."});
  }
  call.run([&](Ec2Partition& part, core::TimeMs now) {
    call.model.modify_instance_attribute(part, req, now);
  });
  return icodec::ModifyInstanceAttributeResponse(call.ctx.request_id).finish();
}

}  // namespace

void register_instance_actions(Ec2ActionTable& table) {
  table["RunInstances"] = run_instances;
  table["DescribeInstances"] = describe_instances;
  table["StartInstances"] = start_instances;
  table["StopInstances"] = stop_instances;
  table["RebootInstances"] = reboot_instances;
  table["TerminateInstances"] = terminate_instances;
  table["DescribeInstanceAttribute"] = describe_instance_attribute;
  table["ModifyInstanceAttribute"] = modify_instance_attribute;
}

}  // namespace cloudlife::ec2::api
