#include "server/access_log.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace cloudlife::server {

constexpr std::size_t kMaxLoggedIds = 10;

AccessLogEntry describe(const protocol::RequestContext& ctx, const protocol::HttpRequest& request,
                        std::int64_t latency_us) {
  AccessLogEntry e;
  e.method = request.method;
  e.path = request.path;
  e.remote = request.remote_addr;
  e.request_id = ctx.request_id;
  e.cloud = std::string(protocol::cloud_name(ctx.cloud));
  e.account = ctx.account;
  e.region = ctx.region;
  e.action = ctx.action;
  e.resource_ids = protocol::resource_ids_of(ctx);
  e.status = ctx.http_status;
  e.error_code = ctx.error_code;
  e.latency_us = latency_us;
  return e;
}

namespace {

std::string or_dash(const std::string& s) {
  return s.empty() ? "-" : s;
}

std::string joined_ids(const AccessLogEntry& e) {
  std::string out;
  const std::size_t shown = std::min(e.resource_ids.size(), kMaxLoggedIds);
  for (std::size_t i = 0; i < shown; ++i) {
    if (i) out += ',';
    out += e.resource_ids[i];
  }
  if (e.resource_ids.size() > shown) {
    out += ",+" + std::to_string(e.resource_ids.size() - shown) + " more";
  }
  return out;
}

}  // namespace

std::string format_text(const AccessLogEntry& e) {
  std::string out = "access";
  out += " request_id=" + or_dash(e.request_id);
  out += " cloud=" + or_dash(e.cloud);
  out += " account=" + or_dash(e.account);
  out += " region=" + or_dash(e.region);
  out += " action=\"" + or_dash(e.action) + "\"";
  out += " status=" + std::to_string(e.status);
  if (!e.error_code.empty()) out += " error=" + e.error_code;
  out += " latency_us=" + std::to_string(e.latency_us);
  out += " resources=" + or_dash(joined_ids(e));
  out += " remote=" + or_dash(e.remote);
  return out;
}

std::string format_json(const AccessLogEntry& e) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  auto put = [&](const char* key, const std::string& value) {
    if (!value.empty()) j[key] = value;
  };
  j["logger"] = "access";
  put("request_id", e.request_id);
  put("cloud", e.cloud);
  put("account", e.account);
  put("region", e.region);
  put("action", e.action);
  j["status"] = e.status;
  put("error", e.error_code);
  j["latency_us"] = e.latency_us;
  if (!e.resource_ids.empty()) {
    nlohmann::ordered_json ids = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < std::min(e.resource_ids.size(), kMaxLoggedIds); ++i) {
      ids.push_back(e.resource_ids[i]);
    }
    j["resources"] = std::move(ids);
    j["resource_count"] = e.resource_ids.size();
  }
  put("method", e.method);
  put("path", e.path);
  put("remote", e.remote);
  std::string out = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  // Members only: the logger's formatter wraps them with time and level.
  return out.substr(1, out.size() - 2);
}

}  // namespace cloudlife::server
