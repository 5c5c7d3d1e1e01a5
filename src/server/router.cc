#include "server/router.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/faults.h"
#include "core/ids.h"
#include "protocol/aws_query_envelope.h"
#include "protocol/form_decoding.h"
#include "protocol/query_params.h"
#include "protocol/request_context.h"
#include "protocol/sigv4.h"
#include "server/control_plane.h"
#include "server/persistence.h"

namespace cloudlife::server {
namespace {

constexpr std::string_view kEc2Version = "2016-11-15";
constexpr std::string_view kAutoScalingVersion = "2011-01-01";
constexpr std::string_view kEcsVersion = "2014-05-26";
constexpr std::string_view kVpcVersion = "2016-04-28";  // Alibaba VPC API, served by ECS
constexpr std::string_view kElbVersion = "2012-06-01";
constexpr std::string_view kElbV2Version = "2015-12-01";

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string_view find_param(const protocol::FormPairs& pairs, std::string_view name) {
  for (const auto& [k, v] : pairs) {
    if (k == name) return v;
  }
  return {};
}

// The Version parameter of a body too large to decode, found in its first bytes (clients put
// Action and Version first, and JS v2 puts Version last: look at both ends).
std::string_view sniff_version(std::string_view body) {
  for (std::string_view part :
       {body.substr(0, 4096), body.substr(body.size() > 4096 ? body.size() - 4096 : 0)}) {
    for (std::size_t at = part.find("Version="); at != std::string_view::npos;
         at = part.find("Version=", at + 1)) {
      if (at != 0 && part[at - 1] != '&') continue;
      const std::string_view value = part.substr(at + 8, 10);
      for (std::string_view known :
           {kEc2Version, kAutoScalingVersion, kEcsVersion, kElbVersion, kElbV2Version}) {
        if (value == known) return known;
      }
    }
  }
  return {};
}

bool is_form_body(const protocol::HttpRequest& request) {
  const std::string_view type = request.header("Content-Type");
  return type.empty() || type.find("application/x-www-form-urlencoded") != std::string_view::npos;
}

// The criteria a fault rule can match, read from an AWS Query request's parameters.
core::FaultContext aws_fault_context(const protocol::RequestContext& ctx,
                                     const protocol::QueryParams& params) {
  core::FaultContext f;
  f.cloud = ctx.cloud;
  f.action = ctx.action;
  f.account = ctx.account;
  f.region = ctx.region;
  for (const char* key : {"Placement.AvailabilityZone", "AvailabilityZone"}) {
    if (auto v = params.str(key)) f.zones.push_back(*v);
  }
  for (const std::string& z : params.list("AvailabilityZones.member")) f.zones.push_back(z);
  if (auto v = params.str("InstanceType")) f.instance_types.push_back(*v);
  if (auto v = params.str("InstanceId")) f.instance_ids.push_back(*v);
  for (const char* list : {"InstanceId", "InstanceIds.member"}) {
    for (const std::string& id : params.list(list)) f.instance_ids.push_back(id);
  }
  return f;
}

// Alibaba's error body (alibaba-ecs-protocol.md): RequestId, HostId, Code, Message, Recommend.
protocol::HttpResponse alibaba_error(const core::InjectedError& e, const std::string& host) {
  const std::string request_id = core::request_id();
  nlohmann::json body{{"RequestId", request_id},
                      {"HostId", host.empty() ? "ecs.aliyuncs.com" : host},
                      {"Code", e.code},
                      {"Message", e.message},
                      {"Recommend", "https://api.aliyun.com/troubleshoot?q=" + e.code}};
  protocol::HttpResponse r;
  r.status = e.http_status;
  r.content_type = "application/json;charset=utf-8";
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

// A parameter from the query string, else from the form body ("" when absent).
std::string first_of(const protocol::HttpRequest& request,
                     const std::optional<protocol::FormPairs>& form, std::string_view name) {
  std::string_view value = find_param(request.query, name);
  if (value.empty() && form) value = find_param(*form, name);
  return std::string(value);
}

protocol::HttpResponse unknown_protocol(std::string_view detail) {
  const std::string request_id = core::request_id();
  return protocol::aws_query_error_response(
      400, "UnrecognizedClientException",
      "cloudlife could not tell which API this request is for (" + std::string(detail) +
          "). Send Action and Version (EC2 2016-11-15, Auto Scaling 2011-01-01) in a form body, "
          "or an x-acs-action header / Version=2014-05-26 (Alibaba Cloud ECS).",
      request_id, "http://cloudlife.dev/doc/");
}

}  // namespace

protocol::HttpResponse Router::route(const protocol::HttpRequest& request) {
  if (auto refused = services_.access.check_origin(request)) return *refused;
  if (starts_with(request.path, "/_cloudlife/") || starts_with(request.path, "/moto-api/")) {
    return control_.handle(request);
  }
  // Alibaba: the ACS3 header style, or Version=2014-05-26 in the query string or the form body.
  const bool acs_header = request.has_header("x-acs-action");
  const std::string_view query_version = find_param(request.query, "Version");
  std::optional<protocol::FormPairs> form;
  if (!request.body.empty() && is_form_body(request) && request.body.size() <= kMaxBodyBytes) {
    form = protocol::decode_form(request.body);
  }
  const std::string_view body_version =
      form ? find_param(*form, "Version")
           : (request.body.size() > kMaxBodyBytes ? sniff_version(request.body)
                                                  : std::string_view{});
  if (acs_header || query_version == kEcsVersion || body_version == kEcsVersion ||
      query_version == kVpcVersion || body_version == kVpcVersion) {
    return route_alibaba(request, form);
  }
  const auto auth = protocol::parse_sigv4_authorization(request.header("Authorization"));
  const std::string_view version = !body_version.empty() ? body_version : query_version;
  if (version == kEc2Version || (version.empty() && auth && auth->service == "ec2")) {
    return route_aws_query(request, Protocol::kEc2);
  }
  if (version == kAutoScalingVersion ||
      (version.empty() && auth && auth->service == "autoscaling")) {
    return route_aws_query(request, Protocol::kAutoScaling);
  }
  if (version == kElbVersion) return route_aws_query(request, Protocol::kElb);
  if (version == kElbV2Version) return route_aws_query(request, Protocol::kElbV2);
  if (!version.empty()) {
    return unknown_protocol("unsupported API version " + std::string(version));
  }
  return unknown_protocol("no Version parameter and no recognised signature scope");
}

protocol::HttpResponse Router::route_alibaba(const protocol::HttpRequest& request,
                                             const std::optional<protocol::FormPairs>& form) {
  protocol::RequestContext ctx;
  ctx.cloud = "ecs";
  ctx.action = request.has_header("x-acs-action") ? std::string(request.header("x-acs-action"))
                                                  : first_of(request, form, "Action");
  ctx.region = first_of(request, form, "RegionId");
  ctx.access_key = first_of(request, form, "AccessKeyId");
  const std::string_view authorization = request.header("Authorization");
  if (ctx.access_key.empty() && authorization.rfind("ACS3-", 0) == 0) {
    const std::size_t at = authorization.find("Credential=");
    if (at != std::string_view::npos) {
      const std::string_view rest = authorization.substr(at + 11);
      ctx.access_key = std::string(rest.substr(0, rest.find(',')));
    }
  }
  ctx.account = services_.access.account_for(ctx.access_key);
  std::vector<std::string> ids;
  for (const char* name : {"InstanceId", "DiskId", "AllocationId", "SnapshotId"}) {
    if (auto v = first_of(request, form, name); !v.empty()) ids.push_back(v);
  }
  if (auto list = first_of(request, form, "InstanceIds"); !list.empty()) {
    const auto parsed = nlohmann::json::parse(list, nullptr, false);
    if (parsed.is_array()) {
      for (const auto& id : parsed) {
        if (id.is_string()) ids.push_back(id.get<std::string>());
      }
    }
  }
  core::FaultContext fault;
  fault.cloud = "ecs";
  fault.action = ctx.action;
  fault.region = ctx.region;
  fault.account = ctx.account;
  if (auto zone = first_of(request, form, "ZoneId"); !zone.empty()) fault.zones.push_back(zone);
  if (auto type = first_of(request, form, "InstanceType"); !type.empty()) {
    fault.instance_types.push_back(type);
  }
  fault.instance_ids = ids;
  protocol::HttpResponse response;
  protocol::FormPairs all_params = request.query;
  if (form) all_params.insert(all_params.end(), form->begin(), form->end());
  Persistence* journal = services_.persistence.get();
  const bool replaying = journal && journal->replaying();
  std::unique_lock<std::mutex> in_order;
  if (journal && !replaying && core::AuditLog::is_mutating(ctx.action)) {
    in_order = std::unique_lock<std::mutex>(journal->order_mutex());
  }
  const core::Engine::ReadOnlyScope reads(!core::AuditLog::is_mutating(ctx.action));  // usage
  std::optional<core::ServiceError> denied;
  if (!replaying) denied = services_.access.authenticate_alibaba(request, all_params, ctx);
  if (!denied) denied = services_.access.authorize(ctx);
  if (denied) {
    response = alibaba_error({denied->code(), denied->message(), denied->http_status()},
                             std::string(request.header("Host")));
  } else if (auto injected = replaying ? std::nullopt : services_.faults.error_for(fault)) {
    response = alibaba_error(*injected, std::string(request.header("Host")));
    response.injected_fault = true;
  } else {
#if CLOUDLIFE_HAS_ECS
    response = services_.ecs.handle(ctx, request);
#else
    response = unknown_protocol("Alibaba Cloud ECS is not built into this server");
#endif
  }
  if (response.status >= 400 && response.error_code.empty()) {
    const auto body = nlohmann::json::parse(response.body, nullptr, false);
    if (body.is_object() && body.contains("Code") && body["Code"].is_string()) {
      response.error_code = body["Code"].get<std::string>();
    }
  }
  for (const auto& [name, value] : response.headers) {
    if (name == "x-acs-request-id") ctx.request_id = value;
  }
  if (ctx.request_id.empty()) {
    const auto body = nlohmann::json::parse(response.body, nullptr, false);
    if (body.is_object() && body.contains("RequestId") && body["RequestId"].is_string()) {
      ctx.request_id = body["RequestId"].get<std::string>();
    }
  }
  audit(ctx, std::move(ids), response);
  if (in_order.owns_lock()) {
    journal->record_request(request, response, core::Engine::last_transact_now());
  }
  return response;
}

void Router::audit(const protocol::RequestContext& ctx, std::vector<std::string> resource_ids,
                   const protocol::HttpResponse& response) {
  if (!core::AuditLog::is_mutating(ctx.action)) return;
  core::AuditRecord r;
  r.virtual_time = services_.engine.with_lock([&] { return services_.engine.clock().now(); });
  r.wall_time = core::wall_clock_now();
  r.cloud = ctx.cloud;
  r.account = ctx.account;
  r.region = ctx.region;
  r.access_key = ctx.access_key;
  r.action = ctx.action;
  r.http_status = response.status;
  r.result = response.status < 400 ? "Success" : response.error_code;
  r.request_id = ctx.request_id;
  // Resources a create made are named in its answer.
  if (response.status < 400 &&
      (ctx.action.rfind("Run", 0) == 0 || ctx.action.rfind("Create", 0) == 0 ||
       ctx.action.rfind("Allocate", 0) == 0)) {
    for (const std::string_view tag : {"<instanceId>", "<volumeId>", "<launchTemplateId>"}) {
      std::size_t pos = 0;
      while ((pos = response.body.find(tag, pos)) != std::string::npos) {
        pos += tag.size();
        const std::size_t end = response.body.find('<', pos);
        if (end == std::string::npos) break;
        std::string id = response.body.substr(pos, end - pos);
        if (std::find(resource_ids.begin(), resource_ids.end(), id) == resource_ids.end()) {
          resource_ids.push_back(std::move(id));
        }
      }
    }
  }
  for (const std::string& id : ctx.created_ids) {
    if (std::find(resource_ids.begin(), resource_ids.end(), id) == resource_ids.end()) {
      resource_ids.push_back(id);
    }
  }
  r.resource_ids = std::move(resource_ids);
  services_.audit.record(std::move(r));
}

protocol::HttpResponse Router::route_aws_query(const protocol::HttpRequest& request,
                                               Protocol protocol) {
  protocol::RequestContext ctx;
  ctx.request_id = core::request_id();
  switch (protocol) {
    case Protocol::kEc2:
      ctx.cloud = "ec2";
      break;
    case Protocol::kElb:
      ctx.cloud = "elb";
      break;
    case Protocol::kElbV2:
      ctx.cloud = "elbv2";
      break;
    default:
      ctx.cloud = "autoscaling";
      break;
  }
  ctx.region = protocol::kDefaultAwsRegion;
  if (auto auth = protocol::parse_sigv4_authorization(request.header("Authorization"))) {
    ctx.access_key = auth->access_key;
    ctx.account = services_.access.account_for(auth->access_key);
    if (!auth->region.empty()) ctx.region = auth->region;
  }
  auto error = [&](int status, std::string_view code, std::string_view message) {
    if (protocol == Protocol::kEc2) {
      return protocol::ec2_error_response(status, code, message, ctx.request_id);
    }
    return protocol::aws_query_error_response(status, code, message, ctx.request_id,
                                              protocol::kAutoScalingNamespace);
  };
  if (request.body.size() > kMaxBodyBytes) {
    return error(413, "RequestEntityTooLarge",
                 "Request body of " + std::to_string(request.body.size()) +
                     " bytes exceeds the maximum of " + std::to_string(kMaxBodyBytes) + " bytes.");
  }
  // Parameters may come in the query string (GET) and the form body; the body wins.
  protocol::FormPairs pairs = request.query;
  if (!request.body.empty()) {
    auto body = protocol::decode_form(request.body);
    if (!body)
      return error(400, "MalformedQueryString",
                   "The request body is not valid "
                   "application/x-www-form-urlencoded.");
    pairs.insert(pairs.end(), body->begin(), body->end());
  }
  const protocol::QueryParams params(pairs);
  ctx.action = params.str_or("Action", "");
  if (ctx.action.empty()) {
    return error(400, "MissingAction", "The request must contain the parameter Action.");
  }
  protocol::HttpResponse response;
  Persistence* journal = services_.persistence.get();
  const bool replaying = journal && journal->replaying();
  std::unique_lock<std::mutex> in_order;
  if (journal && !replaying && core::AuditLog::is_mutating(ctx.action)) {
    in_order = std::unique_lock<std::mutex>(journal->order_mutex());
  }
  const core::Engine::ReadOnlyScope reads(!core::AuditLog::is_mutating(ctx.action));  // usage
  std::optional<core::ServiceError> refused;
  if (!replaying) refused = services_.access.authenticate_aws(request, ctx);
  if (!refused) refused = services_.access.authorize(ctx);
  const core::FaultContext fault = aws_fault_context(ctx, params);
  if (refused) {
    response = error(refused->http_status(), refused->code(), refused->message());
  } else if (auto injected = replaying ? std::nullopt : services_.faults.error_for(fault)) {
    response = error(injected->http_status, injected->code, injected->message);
    response.injected_fault = true;
  } else if (protocol == Protocol::kEc2) {
    response = services_.ec2_frontend.handle(ctx, params);
  } else {
#if CLOUDLIFE_HAS_AUTOSCALING
    response = services_.autoscaling.handle(ctx, params);
#else
    response = error(400, "InvalidAction",
                     "The action " + ctx.action + " is not valid for this web service.");
#endif
  }
  std::vector<std::string> ids = fault.instance_ids;
  for (const char* name : {"VolumeId", "AutoScalingGroupName", "LaunchTemplateId",
                           "LaunchTemplateName", "LaunchConfigurationName", "LoadBalancerName"}) {
    if (auto v = params.str(name)) ids.push_back(*v);
  }
  for (const std::string& id : params.list("ResourceId")) ids.push_back(id);
  audit(ctx, std::move(ids), response);
  if (in_order.owns_lock()) {
    journal->record_request(request, response, core::Engine::last_transact_now());
  }
  return response;
}

}  // namespace cloudlife::server
