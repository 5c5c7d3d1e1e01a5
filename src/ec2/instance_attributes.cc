// DescribeInstanceAttribute and ModifyInstanceAttribute.
#include "ec2/credit_specifications.h"
#include "ec2/ec2_model.h"
#include "ec2/images.h"
#include "ec2/instance_types.h"
#include "ec2/launch_type_rules.h"
#include "ec2/user_data.h"
#include "ec2/volumes.h"

namespace cloudlife::ec2 {
namespace {

using core::InstanceState;
using core::ServiceError;

const std::vector<std::string>& known_attributes() {
  static const std::vector<std::string> names = {"instanceType",
                                                 "kernel",
                                                 "ramdisk",
                                                 "userData",
                                                 "disableApiTermination",
                                                 "instanceInitiatedShutdownBehavior",
                                                 "rootDeviceName",
                                                 "blockDeviceMapping",
                                                 "productCodes",
                                                 "sourceDestCheck",
                                                 "groupSet",
                                                 "ebsOptimized",
                                                 "sriovNetSupport",
                                                 "enaSupport",
                                                 "enclaveOptions",
                                                 "disableApiStop"};
  return names;
}

void require_stopped(const Instance& inst) {
  if (inst.lifecycle.state() != InstanceState::kStopped) {
    throw ServiceError("IncorrectInstanceState", "The instance '" + inst.instance_id.str() +
                                                     "' is not in the 'stopped' state.");
  }
}

}  // namespace

Instance Ec2Model::describe_instance_attribute(Ec2Partition& p, const std::string& instance_id,
                                               const std::string& attribute, bool dry_run) {
  const auto& names = known_attributes();
  if (std::find(names.begin(), names.end(), attribute) == names.end()) {
    throw ServiceError(
        "InvalidParameterValue",
        "Value (" + attribute + ") for parameter attribute is invalid. Unknown attribute.");
  }
  Instance* inst = require_instances(p, {instance_id}).front();
  if (dry_run) throw dry_run_succeeded();
  return *inst;
}

void Ec2Model::modify_instance_attribute(Ec2Partition& p, const ModifyInstanceAttributeRequest& r,
                                         core::TimeMs /*now*/) {
  Instance* inst = require_instances(p, {r.instance_id}).front();
  if (inst->lifecycle.state() == InstanceState::kTerminated) {
    throw ServiceError("IncorrectInstanceState", "The instance '" + inst->instance_id.str() +
                                                     "' is not in a valid state for "
                                                     "this operation.");
  }
  if (r.instance_type) {
    const InstanceTypeInfo* type = find_instance_type(*r.instance_type);
    if (!type) {
      throw ServiceError(
          "InvalidParameterValue",
          "The following supplied instance types do not exist: [" + *r.instance_type + "]");
    }
    Image running;
    running.architecture = inst->architecture;
    require_matching_architecture(*type, running);
    require_stopped(*inst);
  }
  if (r.user_data) {
    validate_user_data(r.user_data);
    require_stopped(*inst);
  }
  if (r.ena_support) require_stopped(*inst);
  if (r.sriov_net_support) {
    if (*r.sriov_net_support != "simple") {
      throw ServiceError("InvalidParameterValue",
                         "Value (" + *r.sriov_net_support +
                             ") for parameter sriovNetSupport is invalid. Valid value: simple");
    }
    require_stopped(*inst);
  }
  if (r.shutdown_behavior && *r.shutdown_behavior != "stop" &&
      *r.shutdown_behavior != "terminate") {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + *r.shutdown_behavior +
                           ") for parameter instanceInitiatedShutdownBehavior is invalid.");
  }
  for (const auto& [device, flag] : r.delete_on_termination) {
    bool found = false;
    for (const InstanceBlockDevice& bd : inst->block_devices) found |= bd.device_name == device;
    if (!found) {
      throw ServiceError("InvalidInstanceAttributeValue",
                         "No device is currently mapped at " + device);
    }
  }
  if (!r.security_group_ids.empty()) replace_instance_groups(p, *inst, r.security_group_ids, false);
  if (r.dry_run) throw dry_run_succeeded();

  if (r.disable_api_termination) inst->disable_api_termination = *r.disable_api_termination;
  if (r.disable_api_stop) inst->disable_api_stop = *r.disable_api_stop;
  if (r.shutdown_behavior) inst->shutdown_behavior = *r.shutdown_behavior;
  if (r.instance_type) {
    inst->instance_type = *r.instance_type;
    // A resized instance keeps its credit option; one that had none takes its new family's.
    if (inst->cpu_credits.empty()) {
      inst->cpu_credits = launch_cpu_credits(p, inst->instance_type, std::nullopt);
    }
  }
  if (r.ena_support) inst->ena_support = *r.ena_support;
  if (r.sriov_net_support) inst->sriov_net_support = *r.sriov_net_support;
  if (r.user_data) inst->user_data = *r.user_data;
  if (r.ebs_optimized) inst->ebs_optimized = *r.ebs_optimized;
  if (r.source_dest_check) inst->source_dest_check = *r.source_dest_check;
  if (!r.security_group_ids.empty()) replace_instance_groups(p, *inst, r.security_group_ids, true);
  for (const auto& [device, flag] : r.delete_on_termination) {
    for (InstanceBlockDevice& bd : inst->block_devices) {
      if (bd.device_name != device) continue;
      bd.delete_on_termination = flag;
      if (Volume* v = p.find_volume(bd.volume_id)) {
        if (VolumeAttachment* a = volume_attachment_of(*v, inst->instance_id)) {
          a->delete_on_termination = flag;
        }
      }
    }
  }
}

}  // namespace cloudlife::ec2
