// DescribeInstanceTypes and DescribeInstanceTypeOfferings (instance_type_queries.h), decoded and
// encoded by the generated codec (codegen/ec2/settings_types.ops).
#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/api/instance_type_encode.h"
#include "ec2/instance_type_queries.h"
#include "ec2_codec.h"  // generated from codegen/ec2/settings_types.ops

namespace cloudlife::ec2::api {
namespace {

using protocol::HttpResponse;
namespace wire = codec::ec2;

// Room for one DescribeInstanceTypes item (catalogue items are 2.4 KB of XML on average, 3.4 KB at
// most), so a page of up to 100 types is written into one buffer.
constexpr std::size_t kInstanceTypeItemBytes = 3584;

HttpResponse describe_instance_types(Ec2Call& call) {
  const auto in = wire::DescribeInstanceTypesRequest::decode(call.params);
  DescribeInstanceTypesRequest req;
  req.region = call.ctx.region;
  req.instance_types = in.instance_types;
  req.filters = to_filters(in.filters);
  req.max_results = in.max_results;
  req.next_token = in.next_token.value_or("");
  req.include_unsupported_in_region = in.include_unsupported_in_region.value_or(false);
  const DescribeInstanceTypesResult result = ec2::describe_instance_types(req);
  if (in.dry_run.value_or(false)) throw dry_run_succeeded();
  wire::DescribeInstanceTypesResponse out(call.ctx.request_id);
  out.document().reserve(512 + result.types.size() * kInstanceTypeItemBytes);
  out.instance_types(result.types, write_instance_type_info);
  if (!result.next_token.empty()) out.next_token(result.next_token);
  return out.finish();
}

HttpResponse describe_instance_type_offerings(Ec2Call& call) {
  const auto in = wire::DescribeInstanceTypeOfferingsRequest::decode(call.params);
  DescribeInstanceTypeOfferingsRequest req;
  req.region = call.ctx.region;
  req.location_type = in.location_type.value_or("region");
  req.filters = to_filters(in.filters);
  req.max_results = in.max_results;
  req.next_token = in.next_token.value_or("");
  const DescribeInstanceTypeOfferingsResult result = ec2::describe_instance_type_offerings(req);
  if (in.dry_run.value_or(false)) throw dry_run_succeeded();
  wire::DescribeInstanceTypeOfferingsResponse out(call.ctx.request_id);
  out.instance_type_offerings(
      result.offerings, [](wire::InstanceTypeOfferingWriter& w, const InstanceTypeOffering& o) {
        w.instance_type(o.instance_type).location_type(o.location_type).location(o.location);
      });
  if (!result.next_token.empty()) out.next_token(result.next_token);
  return out.finish();
}

}  // namespace

void register_instance_type_actions(Ec2ActionTable& table) {
  table["DescribeInstanceTypes"] = describe_instance_types;
  table["DescribeInstanceTypeOfferings"] = describe_instance_type_offerings;
}

}  // namespace cloudlife::ec2::api
