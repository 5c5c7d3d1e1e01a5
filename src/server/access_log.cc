#include "server/access_log.h"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "protocol/form_decoding.h"
#include "protocol/request_context.h"
#include "protocol/sigv4.h"

namespace cloudlife::server {
namespace {

constexpr std::size_t kMaxDecodedBody = 10 * 1024 * 1024;
constexpr std::size_t kMaxLoggedIds = 10;

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// The request's parameters: form body first (it wins, as in the router), then the query string.
struct Params {
  protocol::FormPairs body;
  const protocol::FormPairs* query = nullptr;

  std::string get(std::string_view name) const {
    for (const auto& [k, v] : body) {
      if (k == name) return v;
    }
    for (const auto& [k, v] : *query) {
      if (k == name) return v;
    }
    return "";
  }
  template <class F>
  void each(F&& f) const {
    for (const auto& [k, v] : body) f(k, v);
    for (const auto& [k, v] : *query) f(k, v);
  }
};

Params read_params(const protocol::HttpRequest& request) {
  Params p;
  p.query = &request.query;
  const std::string_view type = request.header("Content-Type");
  const bool form =
      type.empty() || type.find("application/x-www-form-urlencoded") != std::string_view::npos;
  if (form && !request.body.empty() && request.body.size() <= kMaxDecodedBody) {
    if (auto pairs = protocol::decode_form(request.body)) p.body = std::move(*pairs);
  }
  return p;
}

std::string header_of(const protocol::HttpResponse& response, std::string_view name) {
  for (const auto& [k, v] : response.headers) {
    if (k.size() == name.size() && std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return v;
    }
  }
  return "";
}

// The text between `open` and the next `close` in `body`, starting at `from`.
std::string between(const std::string& body, std::string_view open, std::string_view close,
                    std::size_t* from = nullptr) {
  const std::size_t start = body.find(open, from ? *from : 0);
  if (start == std::string::npos) {
    if (from) *from = std::string::npos;
    return "";
  }
  const std::size_t begin = start + open.size();
  const std::size_t end = body.find(close, begin);
  if (end == std::string::npos) {
    if (from) *from = std::string::npos;
    return "";
  }
  if (from) *from = end;
  return body.substr(begin, end - begin);
}

void add_id(AccessLogEntry& e, std::string id) {
  if (id.empty()) return;
  for (const auto& known : e.resource_ids) {
    if (known == id) return;
  }
  e.resource_ids.push_back(std::move(id));
}

bool is_id_param(std::string_view key) {
  for (std::string_view name :
       {"InstanceId", "InstanceIds.member", "VolumeId", "AutoScalingGroupName", "LaunchTemplateId",
        "LaunchTemplateName", "DiskId", "ResourceId"}) {
    if (starts_with(key, name) && (key.size() == name.size() || key[name.size()] == '.')) {
      return true;
    }
  }
  return false;
}

void describe_alibaba(const protocol::HttpRequest& request, const protocol::HttpResponse& response,
                      const Params& params, AccessLogEntry& e) {
  e.cloud = "ecs";
  e.action = request.has_header("x-acs-action") ? std::string(request.header("x-acs-action"))
                                                : params.get("Action");
  e.region = params.get("RegionId");
  std::string key = params.get("AccessKeyId");
  const std::string_view authorization = request.header("Authorization");
  if (key.empty() && starts_with(authorization, "ACS3-")) {
    const std::size_t at = authorization.find("Credential=");
    if (at != std::string_view::npos) {
      const std::string_view rest = authorization.substr(at + 11);
      key = std::string(rest.substr(0, rest.find(',')));
    }
  }
  e.account = protocol::account_for_access_key(key);
  params.each([&](const std::string& k, const std::string& v) {
    if (k == "InstanceIds") {
      const auto list = nlohmann::json::parse(v, nullptr, false);
      if (list.is_array()) {
        for (const auto& id : list) {
          if (id.is_string()) add_id(e, id.get<std::string>());
        }
      }
    } else if (is_id_param(k)) {
      add_id(e, v);
    }
  });
  e.request_id = header_of(response, "x-acs-request-id");
  if (e.request_id.empty()) e.request_id = between(response.body, "\"RequestId\":\"", "\"");
  if (response.status < 400 && (starts_with(e.action, "Run") || starts_with(e.action, "Create"))) {
    const auto body = nlohmann::json::parse(response.body, nullptr, false);
    if (body.is_object()) {
      if (auto it = body.find("InstanceId"); it != body.end() && it->is_string()) {
        add_id(e, it->get<std::string>());
      }
      if (auto set = body.find("InstanceIdSets"); set != body.end() && set->is_object()) {
        if (auto list = set->find("InstanceIdSet"); list != set->end() && list->is_array()) {
          for (const auto& id : *list) {
            if (id.is_string()) add_id(e, id.get<std::string>());
          }
        }
      }
    }
  }
}

void describe_aws(const protocol::HttpRequest& request, const protocol::HttpResponse& response,
                  const Params& params, const std::string& version, AccessLogEntry& e) {
  const auto auth = protocol::parse_sigv4_authorization(request.header("Authorization"));
  std::string service = auth ? auth->service : "";
  if (version == "2016-11-15")
    service = "ec2";
  else if (version == "2011-01-01")
    service = "autoscaling";
  else if (version == "2012-06-01")
    service = "elb";
  else if (version == "2015-12-01")
    service = "elbv2";
  else if (!version.empty())
    service = "unknown";
  if (service == "elasticloadbalancing") service = "elb";
  e.cloud = service.empty() ? "unknown" : service;
  e.action = params.get("Action");
  e.region = auth && !auth->region.empty() ? auth->region : protocol::kDefaultAwsRegion;
  e.account = auth ? protocol::account_for_access_key(auth->access_key) : protocol::kDefaultAccount;
  params.each([&](const std::string& k, const std::string& v) {
    if (is_id_param(k)) add_id(e, v);
  });
  e.request_id = header_of(response, "x-amzn-RequestId");
  if (e.request_id.empty()) e.request_id = between(response.body, "<RequestId>", "<");
  if (response.status < 400 && (starts_with(e.action, "Run") || starts_with(e.action, "Create"))) {
    for (std::string_view tag : {"<instanceId>", "<volumeId>", "<launchTemplateId>"}) {
      std::size_t pos = 0;
      while (pos != std::string::npos) {
        std::string id = between(response.body, tag, "<", &pos);
        if (pos != std::string::npos) add_id(e, std::move(id));
      }
    }
  }
}

}  // namespace

AccessLogEntry describe(const protocol::HttpRequest& request,
                        const protocol::HttpResponse& response, std::int64_t latency_us) {
  AccessLogEntry e;
  e.method = request.method;
  e.path = request.path;
  e.remote = request.remote_addr;
  e.status = response.status;
  e.error_code = response.error_code;
  e.latency_us = latency_us;
  if (starts_with(request.path, "/_cloudlife/") || starts_with(request.path, "/moto-api/")) {
    e.cloud = "control";
    e.action = request.method + " " + request.path;
    return e;
  }
  const Params params = read_params(request);
  const std::string version = params.get("Version");
  if (request.has_header("x-acs-action") || version == "2014-05-26") {
    describe_alibaba(request, response, params, e);
  } else {
    describe_aws(request, response, params, version, e);
  }
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
