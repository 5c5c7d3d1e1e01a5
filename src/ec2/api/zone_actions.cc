// DescribeAvailabilityZones and DescribeRegions, from the region table in regions.h.
#include <algorithm>
#include <optional>

#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/regions.h"
#include "protocol/aws_query_envelope.h"

namespace cloudlife::ec2::api {
namespace {

using core::ServiceError;
using protocol::HttpResponse;
using protocol::XmlWriter;
using V = std::vector<std::string>;

std::optional<V> zone_filter_values(const ZoneInfo& z, const std::string& name) {
  if (name == "zone-name") return V{z.name};
  if (name == "zone-id") return V{z.zone_id};
  if (name == "state") return V{"available"};
  if (name == "region-name") return V{z.region};
  if (name == "zone-type") return V{"availability-zone"};
  if (name == "group-name" || name == "network-border-group") return V{z.region};
  if (name == "opt-in-status") return V{"opt-in-not-required"};
  if (name == "message") return V{};
  if (name == "parent-zone-name" || name == "parent-zone-id") return V{};
  return std::nullopt;
}

std::optional<V> region_filter_values(const RegionInfo& r, const std::string& name) {
  if (name == "region-name") return V{r.name};
  if (name == "endpoint") return V{region_endpoint(r.name)};
  if (name == "opt-in-status") return V{r.opt_in_status};
  return std::nullopt;
}

template <class T, class F>
bool matches(const T& item, const std::vector<Filter>& filters, F&& values_of) {
  for (const Filter& f : filters) {
    bool any = false;
    for (const std::string& v : values_of(item, f.name).value_or(V{})) {
      any |= matches_any(f.values, v);
    }
    if (!any) return false;
  }
  return true;
}

template <class T, class F>
void validate_filter_names(const std::vector<Filter>& filters, F&& values_of) {
  for (const Filter& f : filters) {
    if (!values_of(T{}, f.name)) {
      throw ServiceError("InvalidParameterValue", "The filter '" + f.name + "' is invalid");
    }
  }
}

HttpResponse describe_availability_zones(Ec2Call& call) {
  const V names = call.params.list("ZoneName");
  const V ids = call.params.list("ZoneId");
  const std::vector<Filter> filters = decode_filters(call.params);
  validate_filter_names<ZoneInfo>(filters, zone_filter_values);
  const std::vector<ZoneInfo> zones = zones_of(call.ctx.region);
  for (const std::string& n : names) {
    if (std::none_of(zones.begin(), zones.end(), [&](const ZoneInfo& z) { return z.name == n; })) {
      throw ServiceError("InvalidParameterValue", "Invalid availability zone: [" + n + "]");
    }
  }
  for (const std::string& id : ids) {
    if (std::none_of(zones.begin(), zones.end(),
                     [&](const ZoneInfo& z) { return z.zone_id == id; })) {
      throw ServiceError("InvalidParameterValue", "Invalid availability zone: [" + id + "]");
    }
  }
  if (dry_run(call.params)) throw dry_run_succeeded();
  XmlWriter xml = protocol::begin_ec2_response("DescribeAvailabilityZones", call.ctx.request_id);
  xml.open("availabilityZoneInfo");
  for (const ZoneInfo& z : zones) {
    const bool named = std::find(names.begin(), names.end(), z.name) != names.end() ||
                       std::find(ids.begin(), ids.end(), z.zone_id) != ids.end();
    if ((!names.empty() || !ids.empty()) && !named) continue;
    if (!matches(z, filters, zone_filter_values)) continue;
    xml.open("item");
    xml.leaf("zoneName", z.name);
    xml.leaf("zoneState", "available");
    xml.leaf("regionName", z.region);
    xml.leaf("zoneId", z.zone_id);
    xml.leaf("optInStatus", "opt-in-not-required");
    xml.empty("messageSet");
    xml.leaf("groupName", z.region);
    xml.leaf("networkBorderGroup", z.region);
    xml.leaf("zoneType", "availability-zone");
    xml.close();
  }
  xml.close();
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse describe_regions(Ec2Call& call) {
  const V names = call.params.list("RegionName");
  const bool all = call.params.boolean("AllRegions").value_or(false);
  const std::vector<Filter> filters = decode_filters(call.params);
  validate_filter_names<RegionInfo>(filters, region_filter_values);
  const auto& regions = known_regions();
  V unknown;
  for (const std::string& n : names) {
    if (std::none_of(regions.begin(), regions.end(),
                     [&](const RegionInfo& r) { return r.name == n; })) {
      unknown.push_back(n);
    }
  }
  if (!unknown.empty()) {
    std::string list;
    for (const std::string& n : unknown) list += (list.empty() ? "" : ", ") + n;
    throw ServiceError("InvalidParameterValue", "Invalid region names: [" + list + "]");
  }
  if (dry_run(call.params)) throw dry_run_succeeded();
  XmlWriter xml = protocol::begin_ec2_response("DescribeRegions", call.ctx.request_id);
  xml.open("regionInfo");
  for (const RegionInfo& r : regions) {
    const bool named = std::find(names.begin(), names.end(), r.name) != names.end();
    if (!names.empty() && !named) continue;
    // Regions the account has not opted in to are listed only with AllRegions or by name.
    if (names.empty() && !all && r.opt_in_status == "not-opted-in") continue;
    if (!matches(r, filters, region_filter_values)) continue;
    xml.open("item");
    xml.leaf("regionName", r.name);
    xml.leaf("regionEndpoint", region_endpoint(r.name));
    xml.leaf("optInStatus", r.opt_in_status);
    xml.close();
  }
  xml.close();
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

}  // namespace

void register_zone_actions(Ec2ActionTable& table) {
  table["DescribeAvailabilityZones"] = describe_availability_zones;
  table["DescribeRegions"] = describe_regions;
}

}  // namespace cloudlife::ec2::api
