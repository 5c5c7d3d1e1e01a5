// DescribeInstanceTypes and DescribeInstanceTypeOfferings (instance_type_queries.h).
#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/instance_type_queries.h"
#include "protocol/aws_query_envelope.h"

namespace cloudlife::ec2::api {
namespace {

using protocol::HttpResponse;
using protocol::XmlWriter;

std::optional<long long> max_results(const protocol::QueryParams& params) {
  auto v = params.integer("MaxResults");
  return v ? std::optional<long long>(*v) : std::nullopt;
}

// The catalogue keeps each item in wire form: objects become elements, arrays <item> lists.
void write_wire(XmlWriter& xml, const std::string& name, const nlohmann::json& v) {
  if (v.is_object()) {
    xml.open(name);
    for (auto it = v.begin(); it != v.end(); ++it) write_wire(xml, it.key(), it.value());
    xml.close();
  } else if (v.is_array()) {
    xml.open(name);
    for (const nlohmann::json& item : v) write_wire(xml, "item", item);
    xml.close();
  } else if (v.is_string()) {
    xml.leaf(name, v.get<std::string>());
  } else if (v.is_boolean()) {
    xml.leaf(name, v.get<bool>());
  } else {
    xml.leaf(name, v.dump());
  }
}

HttpResponse describe_instance_types(Ec2Call& call) {
  DescribeInstanceTypesRequest req;
  req.region = call.ctx.region;
  req.instance_types = call.params.list("InstanceType");
  req.filters = decode_filters(call.params);
  req.max_results = max_results(call.params);
  req.next_token = call.params.str_or("NextToken", "");
  req.include_unsupported_in_region =
      call.params.boolean("IncludeUnsupportedInRegion").value_or(false);
  const DescribeInstanceTypesResult result = ec2::describe_instance_types(req);
  if (dry_run(call.params)) throw dry_run_succeeded();
  XmlWriter xml = protocol::begin_ec2_response("DescribeInstanceTypes", call.ctx.request_id);
  xml.open("instanceTypeSet");
  for (const InstanceTypeView& view : result.types) {
    nlohmann::json item = view.type->wire;
    item["supportedInRegion"] = view.supported_in_region;
    write_wire(xml, "item", item);
  }
  xml.close();
  xml.leaf_if("nextToken", result.next_token);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse describe_instance_type_offerings(Ec2Call& call) {
  DescribeInstanceTypeOfferingsRequest req;
  req.region = call.ctx.region;
  req.location_type = call.params.str_or("LocationType", "region");
  req.filters = decode_filters(call.params);
  req.max_results = max_results(call.params);
  req.next_token = call.params.str_or("NextToken", "");
  const DescribeInstanceTypeOfferingsResult result = ec2::describe_instance_type_offerings(req);
  if (dry_run(call.params)) throw dry_run_succeeded();
  XmlWriter xml =
      protocol::begin_ec2_response("DescribeInstanceTypeOfferings", call.ctx.request_id);
  xml.open("instanceTypeOfferingSet");
  for (const InstanceTypeOffering& o : result.offerings) {
    xml.open("item");
    xml.leaf("instanceType", o.instance_type);
    xml.leaf("locationType", o.location_type);
    xml.leaf("location", o.location);
    xml.close();
  }
  xml.close();
  xml.leaf_if("nextToken", result.next_token);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

}  // namespace

void register_instance_type_actions(Ec2ActionTable& table) {
  table["DescribeInstanceTypes"] = describe_instance_types;
  table["DescribeInstanceTypeOfferings"] = describe_instance_type_offerings;
}

}  // namespace cloudlife::ec2::api
