#include "server/target_health_routes.h"

#include <stdexcept>
#include <string>

#include "autoscaling/asg_model.h"
#include "autoscaling/elb/elb_model.h"
#include "core/service_error.h"
#include "core/time.h"
#include "core/timing.h"
#include "protocol/request_context.h"
#include "server/json_answer.h"

namespace cloudlife::server {
namespace {

using nlohmann::json;

json target_health_body(const protocol::HttpRequest& request) {
  json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    throw std::invalid_argument("the body must be a JSON object");
  }
  return body;
}

std::string target_health_string(const json& body, const char* field) {
  if (!body.contains(field) || !body[field].is_string() || body[field].get<std::string>().empty()) {
    throw std::invalid_argument(std::string("\"") + field + "\" must be a non-empty string");
  }
  return body[field].get<std::string>();
}

json target_failure_json(const core::PartitionKey& key, const std::string& id,
                         const autoscaling::TargetFailure& f) {
  return {{"account", key.account},
          {"region", key.region},
          {"target_id", id},
          {"reason", f.reason},
          {"failing_since", core::format_iso8601_ms(f.since)},
          {"recovered_at",
           f.recovered_at ? json(core::format_iso8601_ms(f.recovered_at)) : json(nullptr)}};
}

protocol::HttpResponse put_target_health(Services& services, const protocol::HttpRequest& request) {
  const json body = target_health_body(request);
  const core::PartitionKey key{body.value("account", std::string(protocol::kDefaultAccount)),
                               target_health_string(body, "region")};
  const std::string target = target_health_string(body, "target_id");
  if (!body.contains("healthy") || !body["healthy"].is_boolean()) {
    throw std::invalid_argument("\"healthy\" must be true or false");
  }
  const bool failing = !body["healthy"].get<bool>();
  const std::string reason = body.value("reason", std::string("Target.FailedHealthChecks"));
  return json_answer(
      200, services.engine.transact([&](const core::EngineLock& held, core::TimeMs now) {
        autoscaling::AsgModel& asg = services.autoscaling.model();
        autoscaling::AsgPartition& p = asg.partition(held, key);
        const bool instant = services.engine.timing().kind() == core::TimingProfileKind::kInstant;
        autoscaling::ElbModel elb(services.ec2, instant);
        const auto due = elb.set_target_failure(p, target, failing, reason, now);
        asg.target_health_changes(p, target, due);
        json changes = json::array();
        for (core::TimeMs at : due) changes.push_back(core::format_iso8601_ms(at));
        json out = p.target_failures.contains(target)
                       ? target_failure_json(key, target, p.target_failures.at(target))
                       : json{{"target_id", target}};
        out["seen_by_target_groups_at"] = changes;
        return out;
      }));
}

protocol::HttpResponse list_target_health(Services& services,
                                          const protocol::HttpRequest& request) {
  core::PartitionKey filter{"", ""};
  for (const auto& [k, v] : request.query) {
    if (k == "account") filter.account = v;
    if (k == "region") filter.region = v;
  }
  json failures = json::array();
  services.engine.transact([&](const core::EngineLock& held, core::TimeMs) {
    services.autoscaling.model().for_each_partition(
        held, [&](const core::PartitionKey& key, autoscaling::AsgPartition& p) {
          if (!filter.account.empty() && key.account != filter.account) return;
          if (!filter.region.empty() && key.region != filter.region) return;
          for (const auto& [id, f] : p.target_failures)
            failures.push_back(target_failure_json(key, id, f));
        });
    return 0;
  });
  return json_answer(200, {{"failures", failures}});
}

}  // namespace

std::optional<protocol::HttpResponse> target_health_route(Services& services,
                                                          const protocol::HttpRequest& request) {
  if (request.path != "/_cloudlife/target-health") return std::nullopt;
  try {
    if (request.method == "PUT") return put_target_health(services, request);
    if (request.method == "GET") return list_target_health(services, request);
    return json_answer(405, {{"error", "use GET or PUT on /_cloudlife/target-health"}});
  } catch (const core::ServiceError& e) {  // the model's refusal of a value
    return json_answer(400, {{"error", e.message()}});
  }
}

}  // namespace cloudlife::server
