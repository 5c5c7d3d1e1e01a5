#include "server/request_decoder.h"

#include <nlohmann/json.hpp>

#include "core/ids.h"
#include "protocol/alibaba_request.h"
#include "protocol/query_params.h"
#include "protocol/sigv4.h"

namespace cloudlife::server {
namespace {

using protocol::Cloud;

constexpr std::string_view kEc2Version = "2016-11-15";
constexpr std::string_view kAutoScalingVersion = "2011-01-01";
constexpr std::string_view kEcsVersion = "2014-05-26";
constexpr std::string_view kVpcVersion = "2016-04-28";  // Alibaba VPC API, served by ECS
constexpr std::string_view kElbVersion = "2012-06-01";
constexpr std::string_view kElbV2Version = "2015-12-01";
constexpr std::string_view kStsVersion = "2011-06-15";

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
      for (std::string_view known : {kEc2Version, kAutoScalingVersion, kEcsVersion, kVpcVersion,
                                     kElbVersion, kElbV2Version, kStsVersion}) {
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

void add_unique(std::vector<std::string>& to, const std::string& value) {
  if (value.empty()) return;
  for (const std::string& known : to) {
    if (known == value) return;
  }
  to.push_back(value);
}

void add_instance(protocol::RequestContext& ctx, const std::string& id) {
  add_unique(ctx.instance_ids, id);
  add_unique(ctx.resource_ids, id);
}

// Which cloud the request is for, from the path, the headers and the Version parameter.
Cloud classify(const protocol::HttpRequest& request,
               const std::optional<protocol::FormPairs>& form) {
  if (starts_with(request.path, "/_cloudlife/") || starts_with(request.path, "/moto-api/")) {
    return Cloud::kControl;
  }
  const std::string_view query_version = find_param(request.query, "Version");
  const std::string_view body_version =
      form ? find_param(*form, "Version")
           : (request.body.size() > kMaxBodyBytes ? sniff_version(request.body)
                                                  : std::string_view{});
  if (request.has_header("x-acs-action") || query_version == kEcsVersion ||
      body_version == kEcsVersion || query_version == kVpcVersion || body_version == kVpcVersion) {
    return Cloud::kEcs;
  }
  const std::string_view version = !body_version.empty() ? body_version : query_version;
  // Without a Version, the signature's scope names the service.
  const auto auth = version.empty()
                        ? protocol::parse_sigv4_authorization(request.header("Authorization"))
                        : std::nullopt;
  const std::string_view service = auth ? std::string_view(auth->service) : std::string_view{};
  if (version == kEc2Version || service == "ec2") return Cloud::kEc2;
  if (version == kAutoScalingVersion || service == "autoscaling") return Cloud::kAutoScaling;
  if (version == kElbVersion) return Cloud::kElb;
  if (version == kElbV2Version) return Cloud::kElbV2;
  if (version == kStsVersion || service == "sts") return Cloud::kSts;
  return Cloud::kUnknown;
}

WireRefusal unknown_api(const protocol::HttpRequest& request,
                        const std::optional<protocol::FormPairs>& form) {
  std::string_view version = find_param(request.query, "Version");
  if (form && !find_param(*form, "Version").empty()) version = find_param(*form, "Version");
  const std::string detail = version.empty()
                                 ? "no Version parameter and no recognised signature scope"
                                 : "unsupported API version " + std::string(version);
  return {400, "UnrecognizedClientException",
          "cloudlife could not tell which API this request is for (" + detail +
              "). Send Action and Version (EC2 2016-11-15, Auto Scaling 2011-01-01) in a form "
              "body, or an x-acs-action header / Version=2014-05-26 (Alibaba Cloud ECS)."};
}

// AWS Query (EC2, Auto Scaling, ELB, ELBv2, STS): the SigV4 scope names the key and the region; the
// parameters come from the query string and the form body (the body wins).
void decode_aws(const protocol::HttpRequest& request, std::optional<protocol::FormPairs>& form,
                DecodedRequest& out) {
  protocol::RequestContext& ctx = out.ctx;
  ctx.protocol = protocol::WireProtocol::kAwsQuery;
  ctx.request_id = core::request_id();
  ctx.region = protocol::kDefaultAwsRegion;
  if (auto auth = protocol::parse_sigv4_authorization(request.header("Authorization"))) {
    ctx.access_key = auth->access_key;
    if (!auth->region.empty()) ctx.region = auth->region;
  }
  if (request.body.size() > kMaxBodyBytes) {
    out.refusal = WireRefusal{413, "RequestEntityTooLarge",
                              "Request body of " + std::to_string(request.body.size()) +
                                  " bytes exceeds the maximum of " + std::to_string(kMaxBodyBytes) +
                                  " bytes."};
    return;
  }
  protocol::FormPairs body;
  if (!request.body.empty()) {
    if (!form) form = protocol::decode_form(request.body);  // whatever its Content-Type says
    if (!form) {
      out.refusal = WireRefusal{400, "MalformedQueryString",
                                "The request body is not valid application/x-www-form-urlencoded."};
      return;
    }
    body = std::move(*form);  // the parameters are taken apart once, into out.aws
  }
  protocol::FormPairs query = request.query;
  out.aws = protocol::QueryParams(std::move(query), std::move(body));
  const protocol::QueryParams& p = out.aws;
  ctx.action = p.str_or("Action", "");
  if (ctx.action.empty()) {
    out.refusal =
        WireRefusal{400, "MissingAction", "The request must contain the parameter Action."};
    return;
  }
  if (auto v = p.str("InstanceId")) add_instance(ctx, *v);
  for (const char* list : {"InstanceId", "InstanceIds.member"}) {
    for (const std::string& id : p.list(list)) add_instance(ctx, id);
  }
  for (const char* name :
       {"VolumeId", "AutoScalingGroupName", "LaunchTemplateId", "LaunchTemplateName",
        "LaunchConfigurationName", "LoadBalancerName", "AssociationId"}) {
    if (auto v = p.str(name)) add_unique(ctx.resource_ids, *v);
  }
  for (const std::string& id : p.list("ResourceId")) add_unique(ctx.resource_ids, id);
  for (const char* key : {"Placement.AvailabilityZone", "AvailabilityZone"}) {
    if (auto v = p.str(key)) add_unique(ctx.zones, *v);
  }
  for (const std::string& z : p.list("AvailabilityZones.member")) add_unique(ctx.zones, z);
  if (auto v = p.str("InstanceType")) add_unique(ctx.instance_types, *v);
}

// Alibaba Cloud RPC (any of its three wire styles, protocol/alibaba_request.h).
void decode_alibaba(const protocol::HttpRequest& request, DecodedRequest& out) {
  protocol::RequestContext& ctx = out.ctx;
  ctx.protocol = protocol::WireProtocol::kAlibabaRpc;
  ctx.request_id = protocol::alibaba_request_id();
  const protocol::AlibabaRequest req = protocol::decode_alibaba_request(request);
  ctx.action = req.action;
  ctx.access_key = req.access_key_id;
  out.params = req.params;
  if (req.error) {
    out.refusal = WireRefusal{req.error->http_status, req.error->code, req.error->message};
    return;
  }
  auto param = [&](std::string_view name) {
    const std::string* v = req.find(name);
    return v ? *v : std::string();
  };
  ctx.region = param("RegionId");
  add_instance(ctx, param("InstanceId"));
  const auto list = nlohmann::json::parse(param("InstanceIds"), nullptr, false);
  if (list.is_array()) {
    for (const auto& id : list) {
      if (id.is_string()) add_instance(ctx, id.get<std::string>());
    }
  }
  for (const char* name : {"DiskId", "AllocationId", "SnapshotId"}) {
    add_unique(ctx.resource_ids, param(name));
  }
  add_unique(ctx.zones, param("ZoneId"));
  add_unique(ctx.instance_types, param("InstanceType"));
}

}  // namespace

DecodedRequest decode_request(const protocol::HttpRequest& request) {
  DecodedRequest out;
  std::optional<protocol::FormPairs> form;
  if (!request.body.empty() && is_form_body(request) && request.body.size() <= kMaxBodyBytes) {
    form = protocol::decode_form(request.body);
  }
  out.ctx.cloud = classify(request, form);
  switch (out.ctx.cloud) {
    case Cloud::kControl:
      out.ctx.protocol = protocol::WireProtocol::kControlPlane;
      out.ctx.action = request.method + " " + request.path;
      out.ctx.account.clear();
      break;
    case Cloud::kEcs:
      decode_alibaba(request, out);
      break;
    case Cloud::kUnknown:
      out.ctx.request_id = core::request_id();
      out.refusal = unknown_api(request, form);
      break;
    default:
      decode_aws(request, form, out);
      break;
  }
  return out;
}

}  // namespace cloudlife::server
