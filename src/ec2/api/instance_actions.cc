// EC2 instance actions: RunInstances, DescribeInstances, Start/Stop/Reboot/TerminateInstances,
// Describe/ModifyInstanceAttribute.
#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/api/ec2_encode.h"
#include "protocol/aws_query_envelope.h"

namespace cloudlife::ec2::api {
namespace {

using core::ServiceError;
using protocol::HttpResponse;
using protocol::XmlWriter;

constexpr std::size_t kMaxIdsPerRequest = 1000;

std::vector<std::string> instance_ids(const Ec2Call& call, bool required_param) {
  std::vector<std::string> ids = call.params.list("InstanceId");
  if (required_param && ids.empty()) {
    throw ServiceError("MissingParameter", "The request must contain the parameter InstanceId");
  }
  if (ids.size() > kMaxIdsPerRequest) {
    throw ServiceError("InvalidParameterValue",
                       "The maximum number of instance IDs per request is 1000; " +
                           std::to_string(ids.size()) + " were specified.");
  }
  return ids;
}

std::optional<long long> max_results(const protocol::QueryParams& params) {
  auto v = params.integer("MaxResults");
  return v ? std::optional<long long>(*v) : std::nullopt;
}

HttpResponse state_change_response(Ec2Call& call, const std::vector<StateChange>& changes) {
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  write_state_changes(xml, changes, call.state_code_high_byte);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse return_true_response(Ec2Call& call) {
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.leaf("return", true);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse run_instances(Ec2Call& call) {
  const auto& p = call.params;
  RunInstancesRequest req;
  req.spec = decode_launch_spec(p);
  const auto min_count = p.integer("MinCount");
  const auto max_count = p.integer("MaxCount");
  if (!min_count) {
    throw ServiceError("MissingParameter", "The request must contain the parameter MinCount");
  }
  if (!max_count) {
    throw ServiceError("MissingParameter", "The request must contain the parameter MaxCount");
  }
  req.min_count = *min_count;
  req.max_count = *max_count;
  if (p.has_any("LaunchTemplate")) {
    LaunchTemplateRef ref;
    ref.id = p.str_or("LaunchTemplate.LaunchTemplateId", "");
    ref.name = p.str_or("LaunchTemplate.LaunchTemplateName", "");
    ref.version = p.str_or("LaunchTemplate.Version", "");
    if (!ref.id.empty() && !ref.name.empty()) {
      throw ServiceError("InvalidParameterCombination",
                         "Only one of launchTemplateId or launchTemplateName can be specified.");
    }
    req.launch_template = ref;
  } else if (!req.spec.image_id) {
    throw ServiceError("MissingParameter", "The request must contain the parameter ImageId");
  }
  req.client_token = p.str_or("ClientToken", "");
  req.fingerprint = fingerprint(p, {"ClientToken", "DryRun"});
  req.dry_run = dry_run(p);
  const ReservationView view = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return call.model.run_instances(part, req, now);
  });
  for (const Instance& i : view.instances) {
    call.ctx.created_ids.push_back(i.instance_id);
    for (const InstanceBlockDevice& d : i.block_devices)
      call.ctx.created_ids.push_back(d.volume_id);
  }
  XmlWriter xml = protocol::begin_ec2_response("RunInstances", call.ctx.request_id);
  write_reservation(xml, view, call.ctx.region, call.state_code_high_byte);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse describe_instances(Ec2Call& call) {
  DescribeInstancesRequest req;
  req.instance_ids = instance_ids(call, false);
  req.filters = decode_filters(call.params);
  req.max_results = max_results(call.params);
  req.next_token = call.params.str_or("NextToken", "");
  if (dry_run(call.params)) {
    call.run([&](Ec2Partition& part, core::TimeMs) {
      if (!req.instance_ids.empty()) call.model.require_instances(part, req.instance_ids);
    });
    throw dry_run_succeeded();
  }
  // Written under the engine lock straight from the model: the answer needs every field of every
  // selected instance, and copying them out first cost as much as writing them, twice the memory.
  return call.run([&](Ec2Partition& part, core::TimeMs) {
    const InstanceSelection selection = call.model.select_instances(part, req);
    XmlWriter xml = protocol::begin_ec2_response("DescribeInstances", call.ctx.request_id);
    write_reservation_set(xml, selection, call.ctx.region, call.state_code_high_byte);
    xml.leaf_if("nextToken", selection.next_token);
    return protocol::finish_ec2_response(xml, call.ctx.request_id);
  });
}

HttpResponse start_instances(Ec2Call& call) {
  refuse_unimplemented(call.params, {"AdditionalInfo"});
  const auto ids = instance_ids(call, true);
  const bool dry = dry_run(call.params);
  return state_change_response(call, call.run([&](Ec2Partition& part, core::TimeMs now) {
    return call.model.start_instances(part, ids, dry, now);
  }));
}

HttpResponse stop_instances(Ec2Call& call) {
  const auto ids = instance_ids(call, true);
  const bool hibernate = call.params.boolean("Hibernate").value_or(false);
  const bool force = call.params.boolean("Force").value_or(false);
  const bool dry = dry_run(call.params);
  return state_change_response(call, call.run([&](Ec2Partition& part, core::TimeMs now) {
    return call.model.stop_instances(part, ids, hibernate, force, dry, now);
  }));
}

HttpResponse reboot_instances(Ec2Call& call) {
  const auto ids = instance_ids(call, true);
  const bool dry = dry_run(call.params);
  call.run([&](Ec2Partition& part, core::TimeMs now) {
    call.model.reboot_instances(part, ids, dry, now);
  });
  return return_true_response(call);
}

HttpResponse terminate_instances(Ec2Call& call) {
  const auto ids = instance_ids(call, true);
  const bool force = call.params.boolean("Force").value_or(false) ||
                     call.params.boolean("SkipOsShutdown").value_or(false);
  const bool dry = dry_run(call.params);
  const TerminateOutcome outcome = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return call.model.terminate_instances(part, ids, force, dry, now);
  });
  if (outcome.refusal) throw *outcome.refusal;
  return state_change_response(call, outcome.changes);
}

HttpResponse describe_instance_attribute(Ec2Call& call) {
  const std::string id = required(call.params, "InstanceId");
  const std::string attribute = required(call.params, "Attribute");
  const bool dry = dry_run(call.params);
  const Instance inst = call.run([&](Ec2Partition& part, core::TimeMs) {
    return call.model.describe_instance_attribute(part, id, attribute, dry);
  });
  XmlWriter xml = protocol::begin_ec2_response("DescribeInstanceAttribute", call.ctx.request_id);
  xml.leaf("instanceId", inst.instance_id);
  auto bool_value = [&](const char* element, bool v) {
    xml.open(element).leaf("value", v).close();
  };
  auto string_value = [&](const char* element, const std::string& v) {
    if (v.empty()) {
      xml.empty(element);
    } else {
      xml.open(element).leaf("value", v).close();
    }
  };
  if (attribute == "instanceType") string_value("instanceType", inst.instance_type);
  if (attribute == "kernel") xml.empty("kernel");
  if (attribute == "ramdisk") xml.empty("ramdisk");
  if (attribute == "userData") string_value("userData", inst.user_data);
  if (attribute == "disableApiTermination") {
    bool_value("disableApiTermination", inst.disable_api_termination);
  }
  if (attribute == "disableApiStop") bool_value("disableApiStop", inst.disable_api_stop);
  if (attribute == "instanceInitiatedShutdownBehavior") {
    string_value("instanceInitiatedShutdownBehavior", inst.shutdown_behavior);
  }
  if (attribute == "rootDeviceName") string_value("rootDeviceName", inst.root_device_name);
  if (attribute == "blockDeviceMapping") {
    xml.open("blockDeviceMapping");
    for (const InstanceBlockDevice& bd : inst.block_devices) {
      xml.open("item").leaf("deviceName", bd.device_name).open("ebs");
      xml.leaf("volumeId", bd.volume_id).leaf("status", bd.status);
      xml.leaf("attachTime", core::format_iso8601_ms(bd.attach_time));
      xml.leaf("deleteOnTermination", bd.delete_on_termination);
      xml.close().close();
    }
    xml.close();
  }
  if (attribute == "productCodes") xml.empty("productCodes");
  if (attribute == "sourceDestCheck") bool_value("sourceDestCheck", inst.source_dest_check);
  if (attribute == "groupSet") {
    xml.open("groupSet");
    for (const std::string& g : inst.security_group_ids) {
      xml.open("item").leaf("groupId", g).close();
    }
    xml.close();
  }
  if (attribute == "ebsOptimized") bool_value("ebsOptimized", inst.ebs_optimized);
  if (attribute == "sriovNetSupport") string_value("sriovNetSupport", inst.sriov_net_support);
  if (attribute == "enaSupport") bool_value("enaSupport", inst.ena_support);
  if (attribute == "enclaveOptions") xml.open("enclaveOptions").leaf("enabled", false).close();
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse modify_instance_attribute(Ec2Call& call) {
  const auto& p = call.params;
  refuse_unimplemented(p, {"Kernel.*", "Ramdisk.*"});
  ModifyInstanceAttributeRequest req;
  req.instance_id = required(p, "InstanceId");
  req.dry_run = dry_run(p);
  req.disable_api_termination = attribute_bool(p, "DisableApiTermination");
  req.disable_api_stop = attribute_bool(p, "DisableApiStop");
  req.shutdown_behavior = attribute_value(p, "InstanceInitiatedShutdownBehavior");
  req.instance_type = attribute_value(p, "InstanceType");
  req.user_data = attribute_value(p, "UserData");
  req.ebs_optimized = attribute_bool(p, "EbsOptimized");
  req.source_dest_check = attribute_bool(p, "SourceDestCheck");
  req.ena_support = attribute_bool(p, "EnaSupport");
  req.sriov_net_support = attribute_value(p, "SriovNetSupport");
  req.security_group_ids = p.list("GroupId");
  for (const protocol::QueryParams& b : p.structs("BlockDeviceMapping")) {
    const std::string device = b.str_or("DeviceName", "");
    const auto flag = b.boolean("Ebs.DeleteOnTermination");
    if (device.empty() || !flag) {
      throw ServiceError("MissingParameter",
                         "The request must contain the parameter "
                         "BlockDeviceMapping.DeviceName and Ebs.DeleteOnTermination");
    }
    req.delete_on_termination.emplace_back(device, *flag);
  }
  // The legacy form: Attribute=<name>&Value=<value>.
  if (auto attribute = p.str("Attribute")) {
    const std::string value = p.str_or("Value", "");
    auto as_bool = [&]() -> bool {
      if (value == "true") return true;
      if (value == "false") return false;
      throw ServiceError("InvalidParameterValue",
                         "Value (" + value +
                             ") for parameter value is invalid. Expected a "
                             "boolean.");
    };
    if (*attribute == "instanceType") {
      req.instance_type = value;
    } else if (*attribute == "userData") {
      req.user_data = value;
    } else if (*attribute == "disableApiTermination") {
      req.disable_api_termination = as_bool();
    } else if (*attribute == "disableApiStop") {
      req.disable_api_stop = as_bool();
    } else if (*attribute == "instanceInitiatedShutdownBehavior") {
      req.shutdown_behavior = value;
    } else if (*attribute == "ebsOptimized") {
      req.ebs_optimized = as_bool();
    } else if (*attribute == "sourceDestCheck") {
      req.source_dest_check = as_bool();
    } else if (*attribute == "enaSupport") {
      req.ena_support = as_bool();
    } else if (*attribute == "sriovNetSupport") {
      req.sriov_net_support = value;
    } else {
      throw ServiceError(
          "InvalidParameterValue",
          "Value (" + *attribute + ") for parameter attribute is invalid. Unknown attribute.");
    }
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
    throw ServiceError("MissingParameter",
                       "The request must contain the parameter attribute or a specific attribute "
                       "value");
  }
  if (given > 1) {
    throw ServiceError("InvalidParameterCombination",
                       "Fields for multiple attribute types specified. Only one attribute can be "
                       "modified at a time.");
  }
  call.run([&](Ec2Partition& part, core::TimeMs now) {
    call.model.modify_instance_attribute(part, req, now);
  });
  return return_true_response(call);
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
