// DescribeInstanceStatus: status checks after boot and (with IncludeAllInstances) every state.
#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/api/ec2_encode.h"
#include "protocol/aws_query_envelope.h"

namespace cloudlife::ec2::api {
namespace {

using protocol::HttpResponse;
using protocol::XmlWriter;

void write_summary(XmlWriter& xml, const char* element, const std::string& status,
                   const std::string& reachability) {
  xml.open(element).leaf("status", status);
  xml.open("details");
  if (!reachability.empty()) {
    xml.open("item").leaf("name", "reachability").leaf("status", reachability).close();
  }
  xml.close().close();
}

HttpResponse describe_instance_status(Ec2Call& call) {
  DescribeInstanceStatusRequest req;
  req.instance_ids = call.params.list("InstanceId");
  req.filters = decode_filters(call.params);
  req.include_all_instances = call.params.boolean("IncludeAllInstances").value_or(false);
  if (auto v = call.params.integer("MaxResults")) req.max_results = *v;
  req.next_token = call.params.str_or("NextToken", "");
  const bool dry = dry_run(call.params);
  const DescribeInstanceStatusResult result = call.run([&](Ec2Partition& part, core::TimeMs now) {
    if (dry) {
      if (!req.instance_ids.empty()) call.model.require_instances(part, req.instance_ids);
      throw dry_run_succeeded();
    }
    return call.model.describe_instance_status(part, req, now);
  });
  XmlWriter xml = protocol::begin_ec2_response("DescribeInstanceStatus", call.ctx.request_id);
  xml.open("instanceStatusSet");
  for (const InstanceStatusView& v : result.statuses) {
    xml.open("item");
    xml.leaf("instanceId", v.instance.instance_id);
    xml.leaf("availabilityZone", v.instance.availability_zone);
    xml.leaf("availabilityZoneId", v.instance.zone_id);
    if (v.instance.events.empty()) {
      xml.empty("eventsSet");
    } else {
      xml.open("eventsSet");
      for (const InstanceEvent& e : v.instance.events) {
        xml.open("item");
        xml.leaf("instanceEventId", e.event_id);
        xml.leaf("code", e.code);
        xml.leaf("description", e.description);
        xml.leaf("notBefore", core::format_iso8601_ms(e.not_before));
        xml.leaf("notAfter", core::format_iso8601_ms(e.not_after));
        xml.close();
      }
      xml.close();
    }
    write_state(xml, "instanceState", v.instance.lifecycle.state(), call.state_code_high_byte);
    write_summary(xml, "systemStatus", v.system_status, v.reachability);
    write_summary(xml, "instanceStatus", v.instance_status, v.reachability);
    xml.close();
  }
  xml.close();
  xml.leaf_if("nextToken", result.next_token);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

}  // namespace

void register_instance_status_actions(Ec2ActionTable& table) {
  table["DescribeInstanceStatus"] = describe_instance_status;
}

}  // namespace cloudlife::ec2::api
