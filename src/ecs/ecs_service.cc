#include "ecs/ecs_service.h"

#include <algorithm>
#include <cctype>

#include "ecs/api/ecs_call.h"
#include "ecs/api/parameter_support.h"
#include "ecs/api/vpc_actions.h"
#include "ecs/api/xml_answer.h"
#include "ecs/ecs_errors.h"
#include "protocol/alibaba_request.h"
#include "protocol/request_context.h"

namespace cloudlife::ecs {
namespace {

constexpr const char* kVersion = "2014-05-26";
constexpr const char* kVpcVersion = "2016-04-28";

// Format: JSON (the default) or XML, in any case; anything else is InvalidParameter.
bool wants_xml(std::string format) {
  std::transform(format.begin(), format.end(), format.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return format == "xml";
}

void require_known_format(std::string format) {
  std::transform(format.begin(), format.end(), format.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!format.empty() && format != "json" && format != "xml") {
    throw errors::invalid_parameter("Format");
  }
}

// The answer in the format asked for, members in `order` (answer_order.h): `root` names the XML
// root (<Action>Response or Error).
protocol::HttpResponse answer(int status, const nlohmann::json& body, const std::string& request_id,
                              bool xml, const std::string& root, const api::AnswerOrder* order) {
  protocol::HttpResponse response;
  response.status = status;
  if (xml) {
    response.content_type = "text/xml;charset=utf-8";
    response.body = api::alibaba_xml(root, body, order);
  } else {
    response.content_type = "application/json;charset=utf-8";
    response.body = api::alibaba_json(body, order);
  }
  response.headers.emplace_back("x-acs-request-id", request_id);
  // The request context's error code (audit trail, access log) in either format.
  if (status >= 400 && body.contains("Code")) response.error_code = body["Code"].get<std::string>();
  return response;
}

// The order of `action`'s answer in the ECS or the VPC API.
const api::AnswerOrder* success_order(bool vpc_api, const std::string& action) {
  return api::AnswerOrder::find(vpc_api ? "vpc" : "ecs", action);
}

// An answer written straight to text: RequestId first, then what the handler writes.
std::string written_answer(bool xml, const std::string& root, const std::string& request_id,
                           const std::function<void(api::AnswerWriter&)>& write_body) {
  api::AnswerWriter w(xml);
  w.begin(root);
  w.field("RequestId", request_id);
  write_body(w);
  return w.finish();
}

// Every action, whatever else it takes: a RegionId that is not a region of the catalogue is
// InvalidRegionId.NotFound (404), before any other check, as Alibaba's gateway answers it.
void require_known_region(const api::Params& params) {
  const auto region = params.opt("RegionId");
  if (region && !region->empty() && !find_region(*region)) throw errors::region_not_found(*region);
}

}  // namespace

EcsService::EcsService(core::Engine& engine, EcsModel& model) : engine_(engine), model_(model) {}

protocol::HttpResponse EcsService::handle(protocol::RequestContext& ctx,
                                          const protocol::HttpRequest& request) {
  const std::string request_id =
      ctx.request_id.empty() ? protocol::alibaba_request_id() : ctx.request_id;
  const protocol::AlibabaRequest req = protocol::decode_alibaba_request(request);
  // Version=2016-04-28 is the VPC API (VPCs, vSwitches, EIPs), served by the same model.
  const bool vpc_api = req.version == kVpcVersion;
  const std::string kHostId = vpc_api ? "vpc.aliyuncs.com" : "ecs.aliyuncs.com";
  const bool xml = wants_xml(req.format);
  auto error = [&](int status, const std::string& code, const std::string& message) {
    return answer(
        status,
        protocol::alibaba_error_body(code, message, request_id, kHostId, vpc_api ? "Vpc" : "Ecs"),
        request_id, xml, "Error", &api::AnswerOrder::error());
  };
  if (req.error) return error(req.error->http_status, req.error->code, req.error->message);
  if (req.version != kVersion && !vpc_api) {
    return error(400, "InvalidParameter",
                 "The specified parameter \"Action or Version\" is not valid.");
  }
  const auto& actions = vpc_api ? api::vpc_actions() : api::ecs_actions();
  const auto action = actions.find(req.action);
  if (action == actions.end()) {
    return error(404, "InvalidAction.NotFound",
                 "Specified api is not found, please check your url and method.");
  }
  try {
    return run(ctx, req, action->second, request_id, xml);
  } catch (const core::ServiceError& e) {
    return error(e.http_status(), e.code(), e.message());
  } catch (const protocol::ParamError& e) {
    return error(400, "InvalidParameter",
                 "The specified parameter \"" + e.name() + "\" is not valid.");
  } catch (const std::exception&) {
    return error(500, "InternalError",
                 "The request processing has failed due to some unknown error.");
  }
}

protocol::HttpResponse EcsService::run(protocol::RequestContext& ctx,
                                       const protocol::AlibabaRequest& req,
                                       api::ActionHandler action, const std::string& request_id,
                                       bool xml) {
  const bool vpc_api = req.version == kVpcVersion;
  const api::Params params(req.params);
  const std::string token = params.str("ClientToken");
  const std::string token_key =
      token.empty() ? "" : ctx.account + "\n" + req.version + "\n" + req.action + "\n" + token;
  require_known_format(req.format);
  require_known_region(params);
  if (auto name = vpc_api ? api::unsupported_vpc_parameter(req.action, req.params)
                          : api::unsupported_parameter(req.action, req.params)) {
    throw errors::invalid_parameter(
        *name, "cloudlife does not model this parameter (or this value of it): see docs/ecs.md.");
  }
  if (token.size() > 64) throw errors::invalid_parameter("ClientToken");
  if (!token_key.empty()) {
    if (std::optional<nlohmann::json> replay = claim_token(token_key, params.fingerprint())) {
      nlohmann::json body = std::move(*replay);
      body["RequestId"] = request_id;
      return answer(200, body, request_id, xml, req.action + "Response",
                    success_order(vpc_api, req.action));
    }
  }
  nlohmann::json body;
  std::function<void(api::AnswerWriter&)> write_body;
  try {
    api::EcsCall call{params, core::PartitionKey{ctx.account, ctx.region}, engine_, model_, {}, {}};
    body = action(call);
    ctx.created_ids = std::move(call.created_ids);
    write_body = std::move(call.write_body);
    // A written answer is kept for a ClientToken replay as the same members.
    if (write_body && !token_key.empty()) {
      body = nlohmann::json::parse(written_answer(false, "R", "", write_body));
      body.erase("RequestId");
    }
  } catch (...) {
    if (!token_key.empty())
      engine_.with_lock([&](const core::EngineLock& held) { tokens_.get(held).erase(token_key); });
    throw;
  }
  if (!token_key.empty()) settle_token(token_key, body);
  if (write_body) {
    protocol::HttpResponse response;
    response.status = 200;
    response.content_type = xml ? "text/xml;charset=utf-8" : "application/json;charset=utf-8";
    response.body = written_answer(xml, req.action + "Response", request_id, write_body);
    response.headers.emplace_back("x-acs-request-id", request_id);
    return response;
  }
  body["RequestId"] = request_id;
  return answer(200, body, request_id, xml, req.action + "Response",
                success_order(vpc_api, req.action));
}

std::optional<nlohmann::json> EcsService::claim_token(const std::string& token_key,
                                                      const std::string& fingerprint) {
  // Same token + same parameters: the first answer again. A token still in flight:
  // LastTokenProcessing. Different parameters: IdempotentParameterMismatch.
  return engine_.transact([&](const core::EngineLock& held, core::TimeMs) {
    auto& tokens = tokens_.get(held);
    auto it = tokens.find(token_key);
    if (it == tokens.end()) {
      tokens[token_key] = TokenEntry{fingerprint, false, {}};
      return std::optional<nlohmann::json>{};
    }
    if (it->second.fingerprint != fingerprint) throw errors::idempotent_parameter_mismatch();
    if (!it->second.done) {
      throw core::ServiceError("LastTokenProcessing", "The last token request is processing.", 403);
    }
    return std::optional<nlohmann::json>(it->second.response);
  });
}

void EcsService::settle_token(const std::string& token_key, const nlohmann::json& body) {
  engine_.with_lock([&](const core::EngineLock& held) {
    auto& tokens = tokens_.get(held);
    auto it = tokens.find(token_key);
    if (it != tokens.end()) {
      it->second.done = true;
      it->second.response = body;
    }
  });
}

void EcsService::clear(core::LockProof held) {
  tokens_.get(held).clear();
}

std::pair<int, nlohmann::json> EcsService::control(const std::string& method,
                                                   const std::string& sub_path,
                                                   const nlohmann::json& body) {
  auto field = [&](const char* name) -> std::string {
    if (!body.is_object() || !body.contains(name) || !body[name].is_string()) return "";
    return body[name].get<std::string>();
  };
  if (sub_path == "reclaim" && method == "POST") {
    const std::string id = field("instance_id");
    const std::string reason = field("reason");
    if (id.empty()) return {400, {{"error", "\"instance_id\" (string) is required"}}};
    ReleaseCause cause;
    if (reason == "overdue") {
      cause = ReleaseCause::kOverdue;
    } else if (reason == "security") {
      cause = ReleaseCause::kSecurity;
    } else {
      return {400, {{"error", "\"reason\" must be \"overdue\" or \"security\""}}};
    }
    const bool released = engine_.transact([&](const core::EngineLock& held, core::TimeMs now) {
      return model_.reclaim(held, id, cause, now);
    });
    if (!released) return {404, {{"error", "no ECS instance " + id}}};
    return {200, {{"instance_id", id}, {"reason", reason}, {"released", true}}};
  }
  if (sub_path == "auto-snapshot" && method == "POST") {
    const std::string disk_id = field("disk_id");
    if (disk_id.empty()) return {400, {{"error", "\"disk_id\" (string) is required"}}};
    const std::string account =
        field("account").empty() ? protocol::kDefaultAccount : field("account");
    try {
      const std::string id = engine_.transact([&](const core::EngineLock& held, core::TimeMs now) {
        // The control plane names no region: the disk's own partition is the scope.
        EcsPartition* home = model_.partition_holding(held, account, disk_id);
        if (!home) throw errors::disk_not_found(disk_id);
        return model_.create_snapshot(*home, disk_id, "auto_" + disk_id, "", "auto", now);
      });
      return {200, {{"snapshot_id", id}, {"disk_id", disk_id}, {"snapshot_type", "auto"}}};
    } catch (const core::ServiceError& e) {
      return {e.http_status(), {{"error", e.message()}, {"code", e.code()}}};
    }
  }
  return {404,
          {{"error", "no ECS control-plane route " + method + " /_cloudlife/ecs/" + sub_path}}};
}

}  // namespace cloudlife::ecs
