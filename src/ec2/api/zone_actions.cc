// DescribeAvailabilityZones and DescribeRegions, from the region table in regions.h (decoded and
// encoded by the generated codec: codegen/ec2/zones.ops).
#include <algorithm>
#include <optional>

#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/regions.h"
#include "ec2_codec.h"  // generated from codegen/ec2/zones.ops

namespace cloudlife::ec2::api {
namespace {

using core::ServiceError;
using protocol::HttpResponse;
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
  // The API reference spells these parent-zoneName / parent-zoneID too.
  if (name == "parent-zone-name" || name == "parent-zone-id" || name == "parent-zoneName" ||
      name == "parent-zoneID") {
    return V{};
  }
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
  const auto req = codec::ec2::DescribeAvailabilityZonesRequest::decode(call.params);
  const V& names = req.zone_names;
  const V& ids = req.zone_ids;
  const std::vector<Filter> filters = to_filters(req.filters);
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
  // Every zone cloudlife serves is opt-in-not-required, so AllAvailabilityZones lists the same.
  if (req.dry_run.value_or(false)) throw dry_run_succeeded();
  codec::ec2::DescribeAvailabilityZonesResponse out(call.ctx.request_id);
  out.availability_zones([&](codec::ec2::AvailabilityZoneListWriter& list) {
    for (const ZoneInfo& z : zones) {
      const bool named = std::find(names.begin(), names.end(), z.name) != names.end() ||
                         std::find(ids.begin(), ids.end(), z.zone_id) != ids.end();
      if ((!names.empty() || !ids.empty()) && !named) continue;
      if (!matches(z, filters, zone_filter_values)) continue;
      list.item([&](codec::ec2::AvailabilityZoneWriter& az) {
        az.zone_name(z.name)
            .state("available")
            .region_name(z.region)
            .zone_id(z.zone_id)
            .opt_in_status("opt-in-not-required")
            .messages([](codec::ec2::AvailabilityZoneMessageListWriter&) {})
            .group_name(z.region)
            .network_border_group(z.region)
            .zone_type("availability-zone");
      });
    }
  });
  return out.finish();
}

HttpResponse describe_regions(Ec2Call& call) {
  const auto req = codec::ec2::DescribeRegionsRequest::decode(call.params);
  const V& names = req.region_names;
  const bool all = req.all_regions.value_or(false);
  const std::vector<Filter> filters = to_filters(req.filters);
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
  if (req.dry_run.value_or(false)) throw dry_run_succeeded();
  codec::ec2::DescribeRegionsResponse out(call.ctx.request_id);
  out.regions([&](codec::ec2::RegionListWriter& list) {
    for (const RegionInfo& r : regions) {
      const bool named = std::find(names.begin(), names.end(), r.name) != names.end();
      if (!names.empty() && !named) continue;
      // Regions the account has not opted in to are listed only with AllRegions or by name.
      if (names.empty() && !all && r.opt_in_status == "not-opted-in") continue;
      if (!matches(r, filters, region_filter_values)) continue;
      list.item([&](codec::ec2::RegionWriter& w) {
        w.region_name(r.name).endpoint(region_endpoint(r.name)).opt_in_status(r.opt_in_status);
      });
    }
  });
  return out.finish();
}

}  // namespace

void register_zone_actions(Ec2ActionTable& table) {
  table["DescribeAvailabilityZones"] = describe_availability_zones;
  table["DescribeRegions"] = describe_regions;
}

}  // namespace cloudlife::ec2::api
