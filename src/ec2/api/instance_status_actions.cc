// DescribeInstanceStatus: status checks after boot and (with IncludeAllInstances) every state
// (decoded and encoded by the generated codec: codegen/ec2/instance_status.ops).
// IncludeManagedResources is honoured trivially: cloudlife runs no instances managed by other
// services, so the answer is the same with it or without.
#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2_codec.h"  // generated from codegen/ec2/instance_status.ops
#include "protocol/aws_ids.h"

namespace cloudlife::ec2::api {
namespace {

namespace wire = codec::ec2;
using protocol::HttpResponse;

void put_summary(wire::InstanceStatusSummaryWriter& w, const std::string& status,
                 const std::string& reachability) {
  w.status(status).details([&](wire::InstanceStatusDetailsListWriter& list) {
    if (reachability.empty()) return;
    list.item(
        [&](wire::InstanceStatusDetailsWriter& d) { d.name("reachability").status(reachability); });
  });
}

void put_status(wire::InstanceStatusWriter& w, const InstanceStatusView& v, int high_byte) {
  const Instance& i = v.instance;
  w.instance_id(i.instance_id)
      .availability_zone(i.availability_zone)
      .availability_zone_id(i.zone_id);
  w.events([&](wire::InstanceStatusEventListWriter& list) {
    for (const InstanceEvent& e : i.extras().events) {
      list.item([&](wire::InstanceStatusEventWriter& x) {
        x.instance_event_id(e.event_id)
            .code(e.code)
            .description(e.description)
            .not_before(e.not_before)
            .not_after(e.not_after);
      });
    }
  });
  w.instance_state([&](wire::InstanceStateWriter& s) {
    s.code((high_byte << 8) | core::state_code(i.lifecycle.state()))
        .name(core::state_name(i.lifecycle.state()));
  });
  w.system_status([&](wire::InstanceStatusSummaryWriter& s) {
    put_summary(s, v.system_status, v.reachability);
  });
  w.instance_status([&](wire::InstanceStatusSummaryWriter& s) {
    put_summary(s, v.instance_status, v.reachability);
  });
}

HttpResponse describe_instance_status(Ec2Call& call) {
  const auto in = wire::DescribeInstanceStatusRequest::decode(call.params);
  if (in.include_managed_resources.value_or(false)) {
    refuse_unimplemented(call.params, {"IncludeManagedResources"});
  }
  DescribeInstanceStatusRequest req;
  req.instance_ids = in.instance_ids;
  req.filters = to_filters(in.filters);
  req.include_all_instances = in.include_all_instances.value_or(false);
  req.max_results = in.max_results;
  req.next_token = in.next_token.value_or("");
  const bool dry = in.dry_run.value_or(false);
  protocol::require_well_formed_ids(req.instance_ids, "i-", "InvalidInstanceID.Malformed");
  const DescribeInstanceStatusResult result = call.run([&](Ec2Partition& part, core::TimeMs now) {
    if (dry) {
      if (!req.instance_ids.empty()) call.model.require_instances(part, req.instance_ids);
      throw dry_run_succeeded();
    }
    return call.model.describe_instance_status(part, req, now);
  });
  wire::DescribeInstanceStatusResponse out(call.ctx.request_id);
  const int high_byte = call.state_code_high_byte;
  out.instance_statuses(result.statuses,
                        [&](wire::InstanceStatusWriter& w, const InstanceStatusView& v) {
                          put_status(w, v, high_byte);
                        });
  if (!result.next_token.empty()) out.next_token(result.next_token);
  return out.finish();
}

}  // namespace

void register_instance_status_actions(Ec2ActionTable& table) {
  table["DescribeInstanceStatus"] = describe_instance_status;
}

}  // namespace cloudlife::ec2::api
