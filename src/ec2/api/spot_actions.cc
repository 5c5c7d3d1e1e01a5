// Spot actions: RequestSpotInstances, DescribeSpotInstanceRequests, CancelSpotInstanceRequests,
// DescribeSpotPriceHistory (docs/spot.md). Decoded and encoded by the generated codec
// (codegen/ec2/templates_spot_fleets.ops); the LaunchSpecification through launch_template_data.h.
#include <algorithm>
#include <string>
#include <vector>

#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/api/launch_template_data.h"
#include "ec2/regions.h"
#include "ec2/spot_price.h"
#include "ec2_codec.h"
#include "protocol/aws_errors.h"

namespace cloudlife::ec2::api {
namespace {

using protocol::HttpResponse;
namespace wire = codec::ec2;

constexpr std::string_view kSpotLaunchSpecificationScope = "LaunchSpecification.";

// Req::decode, with a timestamp that does not parse worded as before ("Value (x) for parameter
// ValidFrom is invalid.").
template <class Req>
Req spot_decode(const protocol::QueryParams& params) {
  try {
    return Req::decode(params);
  } catch (const protocol::ParamError& e) {
    throw_as_parameter_value_error(e);
  }
}

void write_spot_request(wire::SpotInstanceRequestWriter& w, const SpotInstanceRequest& r) {
  w.spot_instance_request_id(r.id);
  if (r.max_price) w.spot_price(format_price(*r.max_price));
  w.type(r.type).state(r.state);
  w.status([&](wire::SpotInstanceStatusWriter& s) {
    s.code(r.status_code).update_time(r.status_time).message(r.status_message);
  });
  if (r.valid_from) w.valid_from(*r.valid_from);
  if (r.valid_until) w.valid_until(*r.valid_until);
  w.launch_specification([&](wire::LaunchSpecificationWriter& l) {
    l.image_id(r.spec.image_id.value_or(""));
    if (r.spec.key_name) l.key_name(*r.spec.key_name);
    if (!r.spec.security_group_ids.empty()) {
      l.security_groups(r.spec.security_group_ids,
                        [](wire::GroupIdentifierWriter& g, const std::string& id) {
                          g.group_id(id).group_name("default");
                        });
    }
    l.instance_type(r.spec.instance_type.value_or("m1.small"));
    l.placement([&](wire::SpotPlacementWriter& p) {
      const std::string zone = r.spec.availability_zone.value_or("");
      if (!zone.empty()) p.availability_zone(zone);
    });
    if (r.spec.subnet_id) l.subnet_id(*r.spec.subnet_id);
    l.monitoring([&](wire::RunInstancesMonitoringEnabledWriter& m) {
      m.enabled(r.spec.monitoring.value_or(false));
    });
  });
  if (!r.instance_id.empty()) w.instance_id(r.instance_id);
  w.create_time(r.create_time).product_description(r.product_description);
  if (!r.launched_zone.empty()) w.launched_availability_zone(r.launched_zone);
  if (!r.tags.empty()) {
    w.tags(r.tags.items(),
           [](wire::TagWriter& t, const Tag& tag) { t.key(tag.key).value(tag.value); });
  }
  w.instance_interruption_behavior(r.interruption_behavior);
}

HttpResponse request_spot_instances(Ec2Call& call) {
  const auto req = spot_decode<wire::RequestSpotInstancesRequest>(call.params);
  if (req.client_token) refuse_unimplemented_parameter("ClientToken");
  if (req.block_duration_minutes) refuse_unimplemented_parameter("BlockDurationMinutes");
  if (req.launch_group) refuse_unimplemented_parameter("LaunchGroup");
  if (req.availability_zone_group) refuse_unimplemented_parameter("AvailabilityZoneGroup");
  RequestSpotInput in;
  if (req.launch_specification) {
    in.spec = launch_spec_of(*req.launch_specification, kSpotLaunchSpecificationScope);
  }
  in.instance_count = req.instance_count.value_or(1);
  in.type = req.type.value_or("one-time");
  in.spot_price = req.spot_price;
  in.valid_from = req.valid_from;
  in.valid_until = req.valid_until;
  in.interruption_behavior = req.instance_interruption_behavior.value_or("terminate");
  for (const TagSpecification& ts : to_tag_specifications(req.tag_specifications)) {
    if (ts.resource_type != "spot-instances-request") {
      throw protocol::aws_error(
          "InvalidParameterValue",
          {"'" + ts.resource_type + "' is not a valid taggable resource type for this operation."});
    }
    in.tags.insert(in.tags.end(), ts.tags.begin(), ts.tags.end());
  }
  in.dry_run = req.dry_run.value_or(false);
  const auto requests = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return call.model.request_spot_instances(part, in, now);
  });
  wire::RequestSpotInstancesResponse out(call.ctx.request_id);
  out.spot_instance_requests(requests, write_spot_request);
  return out.finish();
}

HttpResponse describe_spot_instance_requests(Ec2Call& call) {
  const auto req = wire::DescribeSpotInstanceRequestsRequest::decode(call.params);
  const std::vector<Filter> filters = to_filters(req.filters);
  const auto max = req.max_results;
  if (max && (*max < 5 || *max > 1000)) {
    throw protocol::aws_error("InvalidParameterValue",
                              {"Value (" + std::to_string(*max) +
                               ") for parameter maxResults is invalid. Expecting a value between 5 "
                               "and 1000."});
  }
  const std::string token = req.next_token.value_or("");
  const bool dry = req.dry_run.value_or(false);
  auto requests = call.run([&](Ec2Partition& part, core::TimeMs) {
    auto found =
        call.model.describe_spot_instance_requests(part, req.spot_instance_request_ids, filters);
    if (dry) throw dry_run_succeeded();
    return found;
  });
  // Pages by position: the token is the ID of the first request of the next page.
  std::size_t start = 0;
  if (!token.empty()) {
    auto it = std::find_if(requests.begin(), requests.end(),
                           [&](const SpotInstanceRequest& r) { return r.id == token; });
    if (it == requests.end()) {
      throw protocol::aws_error("InvalidParameterValue", {"The token '" + token + "' is invalid."});
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
  wire::DescribeSpotInstanceRequestsResponse out(call.ctx.request_id);
  out.spot_instance_requests(page, write_spot_request);
  if (!next.empty()) out.next_token(next);
  return out.finish();
}

HttpResponse cancel_spot_instance_requests(Ec2Call& call) {
  const auto req = wire::CancelSpotInstanceRequestsRequest::decode(call.params);
  const bool dry = req.dry_run.value_or(false);
  const auto results = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return call.model.cancel_spot_instance_requests(part, req.spot_instance_request_ids, dry, now);
  });
  wire::CancelSpotInstanceRequestsResponse out(call.ctx.request_id);
  out.cancelled_spot_instance_requests(
      results, [](wire::CancelledSpotInstanceRequestWriter& w, const SpotCancelResult& r) {
        w.spot_instance_request_id(r.id).state(r.state);
      });
  return out.finish();
}

// --- price history -------------------------------------------------------------------------------

struct SpotPriceQuery {
  std::vector<std::string> types, products, zones;
  core::TimeMs from = 0, to = 0;
};

// The filter values of one price point (DescribeSpotPriceHistory's documented filters).
auto spot_price_filter_values(const SpotPricePoint& pt) {
  return [&pt](const std::string& name) -> std::optional<std::vector<std::string>> {
    if (name == "availability-zone") return std::vector<std::string>{pt.zone};
    if (name == "instance-type") return std::vector<std::string>{pt.instance_type};
    if (name == "product-description") return std::vector<std::string>{pt.product_description};
    if (name == "spot-price") return std::vector<std::string>{format_price(pt.price)};
    if (name == "timestamp") return std::vector<std::string>{core::format_iso8601_ms(pt.timestamp)};
    return std::nullopt;
  };
}

HttpResponse describe_spot_price_history(Ec2Call& call) {
  const auto req = spot_decode<wire::DescribeSpotPriceHistoryRequest>(call.params);
  if (req.availability_zone_id) refuse_unimplemented_parameter("AvailabilityZoneId");
  SpotPriceQuery q;
  q.types = req.instance_types;
  q.products = req.product_descriptions;
  const std::vector<Filter> filters = to_filters(req.filters);
  for (const std::string& t : q.types) {
    if (!Ec2Model::is_valid_instance_type(t)) {
      throw protocol::aws_error("InvalidParameterValue",
                                {"Invalid value '" + t + "' for InstanceType."});
    }
  }
  const auto& known = spot_product_descriptions();
  for (const std::string& d : q.products) {
    if (std::find(known.begin(), known.end(), d) == known.end()) {
      throw protocol::aws_error("InvalidParameterValue",
                                {"Value (" + d + ") for parameter ProductDescription is invalid."});
    }
  }
  if (q.products.empty()) q.products = known;
  const auto max = req.max_results;
  if (max && (*max < 1 || *max > 1000)) {
    throw protocol::aws_error("InvalidParameterValue",
                              {"Value (" + std::to_string(*max) +
                               ") for parameter maxResults is invalid. Expecting a value between 1 "
                               "and 1000."});
  }
  const std::size_t limit = max ? static_cast<std::size_t>(*max) : 1000;
  const std::string token = req.next_token.value_or("");
  const std::string zone = req.availability_zone.value_or("");
  const bool dry = req.dry_run.value_or(false);
  const core::TimeMs now = call.run([&](Ec2Partition&, core::TimeMs t) {
    if (dry) throw dry_run_succeeded();
    return t;
  });
  q.to = std::min(req.end_time.value_or(now), now);
  q.from = req.start_time.value_or(q.to - core::kDay);
  if (q.from > q.to) {
    throw protocol::aws_error("InvalidParameterValue",
                              {"The start time must be earlier than the end time."});
  }
  if (!zone.empty()) {
    if (!is_zone_of(call.ctx.region, zone)) {
      throw protocol::aws_error("InvalidParameterValue",
                                {"Invalid availability zone: [" + zone + "]"});
    }
    q.zones = {zone};
  } else {
    for (const ZoneInfo& z : zones_of(call.ctx.region)) q.zones.push_back(z.name);
  }
  if (q.types.empty()) q.types = spot_priced_types();
  SpotPricePoint probe;
  require_known_filters(filters, spot_price_filter_values(probe));
  // Newest first; within one time, by type, zone, product (a stable order for paging).
  std::vector<SpotPricePoint> points;
  for (const std::string& t : q.types) {
    for (const std::string& z : q.zones) {
      for (const std::string& d : q.products) {
        for (SpotPricePoint& pt : price_changes(t, z, d, q.from, q.to)) {
          if (matches_all(filters, spot_price_filter_values(pt))) points.push_back(std::move(pt));
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
    if (*endp != '\0' || offset > points.size())
      throw protocol::aws_error("InvalidNextToken", {token});
  }
  wire::DescribeSpotPriceHistoryResponse out(call.ctx.request_id);
  std::size_t k = offset;
  out.spot_price_history([&](wire::SpotPriceHistoryListWriter& list) {
    for (; k < points.size() && k < offset + limit; ++k) {
      const SpotPricePoint& pt = points[k];
      list.item([&](wire::SpotPriceWriter& w) {
        w.instance_type(pt.instance_type)
            .product_description(pt.product_description)
            .spot_price(format_price(pt.price))
            .timestamp(pt.timestamp)
            .availability_zone(pt.zone);
      });
    }
  });
  // Always answered: empty on the last page.
  out.next_token(k < points.size() ? std::to_string(k) : std::string());
  return out.finish();
}

}  // namespace

void register_spot_actions(Ec2ActionTable& table) {
  table["RequestSpotInstances"] = request_spot_instances;
  table["DescribeSpotInstanceRequests"] = describe_spot_instance_requests;
  table["CancelSpotInstanceRequests"] = cancel_spot_instance_requests;
  table["DescribeSpotPriceHistory"] = describe_spot_price_history;
}

}  // namespace cloudlife::ec2::api
