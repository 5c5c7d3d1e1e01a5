#include "server/capacity_routes.h"

#include <stdexcept>

#include "ec2/capacity.h"
#include "protocol/request_context.h"
#include "server/json_answer.h"

namespace cloudlife::server {
namespace {

using nlohmann::json;

std::string required_pool_string(const json& pool, const char* key, const std::string& where) {
  if (!pool.contains(key) || !pool[key].is_string() || pool[key].get<std::string>().empty()) {
    throw std::invalid_argument(where + "\"" + key + "\" must be a non-empty string");
  }
  return pool[key].get<std::string>();
}

std::vector<ec2::CapacityPool> parse_pools(const std::string& text) {
  const json body = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object() || !body.contains("pools") ||
      !body["pools"].is_array()) {
    throw std::invalid_argument("the body must be {\"pools\": [...]}");
  }
  for (const auto& [key, value] : body.items()) {
    if (key != "pools") throw std::invalid_argument("unknown field \"" + key + "\" (pools)");
  }
  std::vector<ec2::CapacityPool> pools;
  for (std::size_t i = 0; i < body["pools"].size(); ++i) {
    const json& item = body["pools"][i];
    const std::string where = "pools[" + std::to_string(i) + "]: ";
    if (!item.is_object()) throw std::invalid_argument(where + "must be an object");
    for (const auto& [key, value] : item.items()) {
      if (key != "region" && key != "zone" && key != "instance_type" && key != "market" &&
          key != "available") {
        throw std::invalid_argument(where + "unknown field \"" + key +
                                    "\" (region, zone, instance_type, market, available)");
      }
    }
    ec2::CapacityPool pool;
    pool.region = item.contains("region") ? required_pool_string(item, "region", where)
                                          : std::string(protocol::kDefaultAwsRegion);
    pool.zone = required_pool_string(item, "zone", where);
    pool.instance_type = required_pool_string(item, "instance_type", where);
    const std::string market =
        item.contains("market") ? required_pool_string(item, "market", where) : "on-demand";
    const auto parsed = ec2::parse_market(market);
    if (!parsed)
      throw std::invalid_argument(where + "\"market\" must be \"on-demand\" or \"spot\"");
    pool.market = *parsed;
    if (!item.contains("available") || !item["available"].is_number_integer()) {
      throw std::invalid_argument(where + "\"available\" must be a whole number");
    }
    pool.available = item["available"].get<long long>();
    pools.push_back(std::move(pool));
  }
  return pools;
}

json pools_json(const core::EngineLock& held, Services& services) {
  json pools = json::array();
  for (const ec2::CapacityPool& pool : services.ec2.capacity(held).list()) {
    const auto remaining = services.ec2.capacity_remaining(held, pool.region, pool.zone,
                                                           pool.instance_type, pool.market);
    pools.push_back({{"region", pool.region},
                     {"zone", pool.zone},
                     {"instance_type", pool.instance_type},
                     {"market", ec2::market_name(pool.market)},
                     {"available", pool.available},
                     {"remaining", remaining.value_or(pool.available)}});
  }
  return {{"pools", pools}};
}

}  // namespace

std::optional<protocol::HttpResponse> capacity_route(Services& services,
                                                     const protocol::HttpRequest& request) {
  if (request.path != "/_cloudlife/capacity") return std::nullopt;
  const std::string& method = request.method;
  if (method == "GET") {
    return json_answer(200,
                       services.engine.transact([&](const core::EngineLock& held, core::TimeMs) {
                         return pools_json(held, services);
                       }));
  }
  if (method == "PUT") {
    std::vector<ec2::CapacityPool> pools = parse_pools(request.body);
    return json_answer(200,
                       services.engine.transact([&](const core::EngineLock& held, core::TimeMs) {
                         services.ec2.capacity(held).replace(std::move(pools));
                         return pools_json(held, services);
                       }));
  }
  if (method == "DELETE") {
    return json_answer(200,
                       services.engine.transact([&](const core::EngineLock& held, core::TimeMs) {
                         services.ec2.capacity(held).clear();
                         return pools_json(held, services);
                       }));
  }
  return json_answer(405, {{"error", "use GET, PUT or DELETE on /_cloudlife/capacity"}});
}

}  // namespace cloudlife::server
