// SuspendProcesses, ResumeProcesses, DescribeScalingProcessTypes and
// DescribeTerminationPolicyTypes, decoded and encoded by the generated codec
// (codegen/autoscaling/hooks_tags_pools.ops).
#include "autoscaling/api/misc_actions.h"
#include "autoscaling_codec.h"

namespace cloudlife::autoscaling::api {
namespace {

namespace wire = codec::autoscaling;
using protocol::HttpResponse;

// The policies DescribeTerminationPolicyTypes lists, in the order it lists them (each one
// is_known_termination_policy accepts).
constexpr const char* kListedTerminationPolicies[] = {"ClosestToNextInstanceHour",
                                                      "Default",
                                                      "NewestInstance",
                                                      "OldestInstance",
                                                      "OldestLaunchConfiguration",
                                                      "OldestLaunchTemplate",
                                                      "AllocationStrategy"};

HttpResponse suspend_processes(AsgCall& call) {
  const auto req = wire::SuspendProcessesRequest::decode(call.params);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.suspend_processes(part, req.auto_scaling_group_name, req.scaling_processes, now);
  });
  return wire::SuspendProcessesResponse(call.ctx.request_id).finish();
}

HttpResponse resume_processes(AsgCall& call) {
  const auto req = wire::ResumeProcessesRequest::decode(call.params);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.resume_processes(part, req.auto_scaling_group_name, req.scaling_processes, now);
  });
  return wire::ResumeProcessesResponse(call.ctx.request_id).finish();
}

HttpResponse describe_scaling_process_types(AsgCall& call) {
  wire::DescribeScalingProcessTypesResponse out(call.ctx.request_id);
  out.processes(AsgModel::process_names(),
                [](wire::ProcessTypeWriter& w, const std::string& p) { w.process_name(p); });
  return out.finish();
}

HttpResponse describe_termination_policy_types(AsgCall& call) {
  wire::DescribeTerminationPolicyTypesResponse out(call.ctx.request_id);
  out.termination_policy_types([](wire::TerminationPoliciesWriter& list) {
    for (const char* p : kListedTerminationPolicies) list.item(p);
  });
  return out.finish();
}

}  // namespace

void register_process_actions(AsgActionTable& t) {
  t["SuspendProcesses"] = suspend_processes;
  t["ResumeProcesses"] = resume_processes;
  t["DescribeScalingProcessTypes"] = describe_scaling_process_types;
  t["DescribeTerminationPolicyTypes"] = describe_termination_policy_types;
}

}  // namespace cloudlife::autoscaling::api
