// Spot actions: RequestSpotInstances, DescribeSpotInstanceRequests, CancelSpotInstanceRequests,
// DescribeSpotPriceHistory (docs/spot.md).
#include <algorithm>

#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/api/ec2_encode.h"
#include "ec2/regions.h"
#include "ec2/spot_price.h"
#include "protocol/aws_query_envelope.h"

namespace cloudlife::ec2::api {
namespace {

using core::ServiceError;
using protocol::HttpResponse;
using protocol::XmlWriter;

std::optional<core::TimeMs> time_param(const protocol::QueryParams& p, const std::string& name) {
  const auto text = p.str(name);
  if (!text) return std::nullopt;
  const auto t = core::parse_iso8601(*text);
  if (!t) {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + *text + ") for parameter " + name + " is invalid.");
  }
  return t;
}

void write_request(XmlWriter& xml, const SpotInstanceRequest& r, const std::string& region) {
  xml.open("item");
  xml.leaf("spotInstanceRequestId", r.id);
  if (r.max_price) xml.leaf("spotPrice", format_price(*r.max_price));
  xml.leaf("type", r.type);
  xml.leaf("state", r.state);
  xml.open("status")
      .leaf("code", r.status_code)
      .leaf("updateTime", core::format_iso8601_ms(r.status_time))
      .leaf("message", r.status_message)
      .close();
  if (r.valid_from) xml.leaf("validFrom", core::format_iso8601_ms(*r.valid_from));
  if (r.valid_until) xml.leaf("validUntil", core::format_iso8601_ms(*r.valid_until));
  xml.open("launchSpecification");
  xml.leaf("imageId", r.spec.image_id.value_or(""));
  if (r.spec.key_name) xml.leaf("keyName", *r.spec.key_name);
  if (!r.spec.security_group_ids.empty()) {
    xml.open("groupSet");
    for (const std::string& g : r.spec.security_group_ids) {
      xml.open("item").leaf("groupId", g).leaf("groupName", "default").close();
    }
    xml.close();
  }
  xml.leaf("instanceType", r.spec.instance_type.value_or("m1.small"));
  xml.open("placement");
  const std::string zone = r.spec.availability_zone.value_or("");
  if (!zone.empty()) xml.leaf("availabilityZone", zone);
  xml.close();
  if (r.spec.subnet_id) xml.leaf("subnetId", *r.spec.subnet_id);
  xml.open("monitoring").leaf("enabled", r.spec.monitoring.value_or(false)).close();
  xml.close();
  if (!r.instance_id.empty()) xml.leaf("instanceId", r.instance_id);
  xml.leaf("createTime", core::format_iso8601_ms(r.create_time));
  xml.leaf("productDescription", r.product_description);
  if (!r.launched_zone.empty()) xml.leaf("launchedAvailabilityZone", r.launched_zone);
  write_tag_set(xml, r.tags);
  xml.leaf("instanceInterruptionBehavior", r.interruption_behavior);
  (void)region;
  xml.close();
}

HttpResponse request_set_response(Ec2Call& call, const std::vector<SpotInstanceRequest>& requests) {
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.open("spotInstanceRequestSet");
  for (const SpotInstanceRequest& r : requests) write_request(xml, r, call.ctx.region);
  xml.close();
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse request_spot_instances(Ec2Call& call) {
  const auto& p = call.params;
  refuse_unimplemented(
      p, {"ClientToken", "BlockDurationMinutes", "LaunchGroup", "AvailabilityZoneGroup",
          "LaunchSpecification.AddressingType", "LaunchSpecification.SecurityGroup.*"});
  RequestSpotInput in;
  in.spec = decode_launch_spec(p.scope("LaunchSpecification."));
  in.instance_count = p.integer("InstanceCount").value_or(1);
  in.type = p.str_or("Type", "one-time");
  in.spot_price = p.str("SpotPrice");
  in.valid_from = time_param(p, "ValidFrom");
  in.valid_until = time_param(p, "ValidUntil");
  in.interruption_behavior = p.str_or("InstanceInterruptionBehavior", "terminate");
  for (const TagSpecification& ts : decode_tag_specifications(p)) {
    if (ts.resource_type != "spot-instances-request") {
      throw ServiceError(
          "InvalidParameterValue",
          "'" + ts.resource_type + "' is not a valid taggable resource type for this operation.");
    }
    in.tags.insert(in.tags.end(), ts.tags.begin(), ts.tags.end());
  }
  in.dry_run = dry_run(p);
  const auto requests = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return call.model.request_spot_instances(part, in, now);
  });
  return request_set_response(call, requests);
}

HttpResponse describe_spot_instance_requests(Ec2Call& call) {
  const auto& p = call.params;
  const std::vector<std::string> ids = p.list("SpotInstanceRequestId");
  const std::vector<Filter> filters = decode_filters(p);
  const auto max = p.integer("MaxResults");
  if (max && (*max < 5 || *max > 1000)) {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + std::to_string(*max) +
                           ") for parameter maxResults is invalid. Expecting a value between 5 "
                           "and 1000.");
  }
  const std::string token = p.str_or("NextToken", "");
  const bool dry = dry_run(p);
  auto requests = call.run([&](Ec2Partition& part, core::TimeMs) {
    auto found = call.model.describe_spot_instance_requests(part, ids, filters);
    if (dry) throw dry_run_succeeded();
    return found;
  });
  // Pages by position: the token is the ID of the first request of the next page.
  std::size_t start = 0;
  if (!token.empty()) {
    auto it = std::find_if(requests.begin(), requests.end(),
                           [&](const SpotInstanceRequest& r) { return r.id == token; });
    if (it == requests.end()) {
      throw ServiceError("InvalidParameterValue", "The token '" + token + "' is invalid.");
    }
    start = static_cast<std::size_t>(it - requests.begin());
  }
  std::string next;
  std::vector<SpotInstanceRequest> page(requests.begin() + static_cast<long>(start),
                                        requests.end());
  if (max && page.size() > static_cast<std::size_t>(*max)) {
    next = page[static_cast<std::size_t>(*max)].id;
    page.resize(static_cast<std::size_t>(*max));
  }
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.open("spotInstanceRequestSet");
  for (const SpotInstanceRequest& r : page) write_request(xml, r, call.ctx.region);
  xml.close();
  xml.leaf_if("nextToken", next);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse cancel_spot_instance_requests(Ec2Call& call) {
  const std::vector<std::string> ids =
      required_list(call.params, "SpotInstanceRequestId", "SpotInstanceRequestId");
  const bool dry = dry_run(call.params);
  const auto results = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return call.model.cancel_spot_instance_requests(part, ids, dry, now);
  });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.open("spotInstanceRequestSet");
  for (const SpotCancelResult& r : results) {
    xml.open("item").leaf("spotInstanceRequestId", r.id).leaf("state", r.state).close();
  }
  xml.close();
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

// --- price history -------------------------------------------------------------------------------

struct PriceQuery {
  std::vector<std::string> types, products, zones;
  core::TimeMs from = 0, to = 0;
};

HttpResponse describe_spot_price_history(Ec2Call& call) {
  const auto& p = call.params;
  refuse_unimplemented(p, {"AvailabilityZoneId"});
  PriceQuery q;
  q.types = p.list("InstanceType");
  q.products = p.list("ProductDescription");
  std::vector<Filter> filters = decode_filters(p);
  for (const std::string& t : q.types) {
    if (!Ec2Model::is_valid_instance_type(t)) {
      throw ServiceError("InvalidParameterValue", "Invalid value '" + t + "' for InstanceType.");
    }
  }
  const auto& known = spot_product_descriptions();
  for (const std::string& d : q.products) {
    if (std::find(known.begin(), known.end(), d) == known.end()) {
      throw ServiceError("InvalidParameterValue",
                         "Value (" + d + ") for parameter ProductDescription is invalid.");
    }
  }
  if (q.products.empty()) q.products = known;
  const auto max = p.integer("MaxResults");
  if (max && (*max < 1 || *max > 1000)) {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + std::to_string(*max) +
                           ") for parameter maxResults is invalid. Expecting a value between 1 "
                           "and 1000.");
  }
  const std::size_t limit = max ? static_cast<std::size_t>(*max) : 1000;
  const std::string token = p.str_or("NextToken", "");
  const auto start = time_param(p, "StartTime");
  const auto end = time_param(p, "EndTime");
  const std::string zone = p.str_or("AvailabilityZone", "");
  const bool dry = dry_run(p);
  const core::TimeMs now = call.run([&](Ec2Partition&, core::TimeMs t) {
    if (dry) throw dry_run_succeeded();
    return t;
  });
  q.to = std::min(end.value_or(now), now);
  q.from = start.value_or(q.to - core::kDay);
  if (q.from > q.to) {
    throw ServiceError("InvalidParameterValue",
                       "The start time must be earlier than the end time.");
  }
  if (!zone.empty()) {
    if (!is_zone_of(call.ctx.region, zone)) {
      throw ServiceError("InvalidParameterValue", "Invalid availability zone: [" + zone + "]");
    }
    q.zones = {zone};
  } else {
    for (const ZoneInfo& z : zones_of(call.ctx.region)) q.zones.push_back(z.name);
  }
  if (q.types.empty()) q.types = spot_priced_types();
  auto values = [](const SpotPricePoint& pt) {
    return [&pt](const std::string& name) -> std::optional<std::vector<std::string>> {
      if (name == "availability-zone") return std::vector<std::string>{pt.zone};
      if (name == "instance-type") return std::vector<std::string>{pt.instance_type};
      if (name == "product-description") return std::vector<std::string>{pt.product_description};
      if (name == "spot-price") return std::vector<std::string>{format_price(pt.price)};
      if (name == "timestamp")
        return std::vector<std::string>{core::format_iso8601_ms(pt.timestamp)};
      return std::nullopt;
    };
  };
  SpotPricePoint probe;
  require_known_filters(filters, values(probe));
  // Newest first; within one time, by type, zone, product (a stable order for paging).
  std::vector<SpotPricePoint> points;
  for (const std::string& t : q.types) {
    for (const std::string& z : q.zones) {
      for (const std::string& d : q.products) {
        for (SpotPricePoint& pt : price_changes(t, z, d, q.from, q.to)) {
          if (matches_all(filters, values(pt))) points.push_back(std::move(pt));
        }
      }
    }
  }
  std::stable_sort(points.begin(), points.end(),
                   [](const auto& a, const auto& b) { return a.timestamp > b.timestamp; });
  std::size_t offset = 0;
  if (!token.empty()) {
    char* endp = nullptr;
    offset = std::strtoull(token.c_str(), &endp, 10);
    if (*endp != '\0' || offset > points.size()) {
      throw ServiceError("InvalidNextToken", "The token '" + token + "' is invalid.");
    }
  }
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.open("spotPriceHistorySet");
  std::size_t k = offset;
  for (; k < points.size() && k < offset + limit; ++k) {
    const SpotPricePoint& pt = points[k];
    xml.open("item")
        .leaf("instanceType", pt.instance_type)
        .leaf("productDescription", pt.product_description)
        .leaf("spotPrice", format_price(pt.price))
        .leaf("timestamp", core::format_iso8601_ms(pt.timestamp))
        .leaf("availabilityZone", pt.zone)
        .close();
  }
  xml.close();
  xml.leaf("nextToken", k < points.size() ? std::to_string(k) : std::string());
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

}  // namespace

void register_spot_actions(Ec2ActionTable& table) {
  table["RequestSpotInstances"] = request_spot_instances;
  table["DescribeSpotInstanceRequests"] = describe_spot_instance_requests;
  table["CancelSpotInstanceRequests"] = cancel_spot_instance_requests;
  table["DescribeSpotPriceHistory"] = describe_spot_price_history;
}

}  // namespace cloudlife::ec2::api
