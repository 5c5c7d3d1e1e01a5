#include "server/control_plane.h"

#include <cmath>
#include <cstdlib>

#include "autoscaling/asg_model.h"
#include "core/ids.h"
#include "core/service_error.h"
#include "core/time.h"
#include "core/timing.h"
#include "protocol/request_context.h"
#include "server/asg_metric_routes.h"
#include "server/capacity_routes.h"
#include "server/imds_routes.h"
#include "server/json_answer.h"
#include "server/persistence.h"
#include "server/router.h"
#include "server/service_event_routes.h"
#include "server/target_health_routes.h"
#include "server/usage_routes.h"

namespace cloudlife::server {
namespace {

using nlohmann::json;

protocol::HttpResponse bad_request(const std::string& message) {
  return json_answer(400, {{"error", message}});
}

json parse_body(const protocol::HttpRequest& request) {
  if (request.body.empty()) return json::object();
  json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    throw std::invalid_argument("the body must be a JSON object");
  }
  return body;
}

// Seconds (integer or fraction) as milliseconds; throws for anything else.
core::TimeMs seconds_to_ms(const json& value, const std::string& what) {
  if (!value.is_number()) throw std::invalid_argument(what + " must be a number of seconds");
  const double seconds = value.get<double>();
  if (!std::isfinite(seconds) || seconds < 0 || seconds > 100.0 * 365 * 24 * 3600) {
    throw std::invalid_argument(what + " must be between 0 and 100 years in seconds");
  }
  return static_cast<core::TimeMs>(std::llround(seconds * 1000.0));
}

}  // namespace

json ControlPlane::clock_json() {
  return services_.engine.with_lock([&](const core::EngineLock& held) {
    const core::TimeMs now = services_.engine.clock(held).now();
    return json{{"now", core::format_iso8601_ms(now)},
                {"epoch_ms", now},
                {"mode", core::clock_mode_name(services_.engine.clock(held).mode())},
                {"timing", core::timing_profile_name(services_.engine.timing().kind())}};
  });
}

json ControlPlane::timing_json() {
  return services_.engine.with_lock([&] {
    json overrides = json::object();
    for (const auto& [phase, ms] : services_.engine.timing().overrides()) {
      overrides[phase] = static_cast<double>(ms) / 1000.0;
    }
    json phases = json::object();
    for (const auto& [phase, range] : core::Timing::known_phases()) {
      phases[phase] = {{"min_seconds", static_cast<double>(range.min) / 1000.0},
                       {"max_seconds", static_cast<double>(range.max) / 1000.0}};
    }
    return json{{"profile", core::timing_profile_name(services_.engine.timing().kind())},
                {"overrides", overrides},
                {"realistic_phases", phases}};
  });
}

protocol::HttpResponse ControlPlane::handle(const protocol::HttpRequest& request) {
  Persistence* journal = services_.persistence.get();
  if (request.path == "/_cloudlife/snapshot") return snapshot(request);
  const bool changes_state =
      request.method != "GET" && request.method != "HEAD" && request.path != "/_cloudlife/health";
  if (!journal || journal->replaying() || !changes_state) return dispatch(request);
  std::lock_guard<std::mutex> in_order(journal->order_mutex());
  const core::TimeMs before = services_.engine.with_lock(
      [&](const core::EngineLock& held) { return services_.engine.clock(held).now(); });
  protocol::HttpResponse response = dispatch(request);
  const bool is_reset = request.path == "/_cloudlife/reset" || request.path == "/moto-api/reset";
  if (response.status < 400) {
    if (is_reset) {
      const std::uint64_t seed = core::entropy_seed();
      services_.engine.with_lock([&](const core::EngineLock& held) {
        services_.engine.ids(held).reseed(seed);
        services_.engine.timing().reseed(seed);
      });
      journal->record_reset(seed);
    } else {
      journal->record_control(request, before);
    }
  }
  return response;
}

// A snapshot changes no state: it is not journaled (docs/control-plane.md "Snapshots").
protocol::HttpResponse ControlPlane::snapshot(const protocol::HttpRequest& request) {
  if (request.method != "POST") {
    return json_answer(405, {{"error", "use POST on /_cloudlife/snapshot"}});
  }
  Persistence* journal = services_.persistence.get();
  if (!journal) {
    return json_answer(409, {{"error", "no --state-dir: the state is kept in memory only"}});
  }
  std::lock_guard<std::mutex> in_order(journal->order_mutex());
  try {
    return json_answer(200, journal->snapshot_now());
  } catch (const std::exception& e) {
    return json_answer(500, {{"error", std::string("snapshot not taken: ") + e.what()}});
  }
}

protocol::HttpResponse ControlPlane::dispatch(const protocol::HttpRequest& request) {
  const std::string& path = request.path;
  const std::string& method = request.method;
  if (request.body.size() > Router::kMaxBodyBytes) {
    return json_answer(413, {{"error", "the body is over the limit of " +
                                           std::to_string(Router::kMaxBodyBytes) + " bytes"}});
  }
  try {
    if (path == "/_cloudlife/health" && (method == "GET" || method == "HEAD")) {
      return json_answer(200, {{"status", "ok"}, {"version", kVersion}});
    }
    if ((path == "/_cloudlife/reset" || path == "/moto-api/reset") && method == "POST") {
      services_.reset();
      return json_answer(200, {{"status", "ok"}, {"clock", clock_json()}});
    }
    if (path == "/_cloudlife/clock" && method == "GET") return json_answer(200, clock_json());
    if (path == "/_cloudlife/clock" && method == "PUT") {
      const json body = parse_body(request);
      if (!body.contains("mode") || !body["mode"].is_string()) {
        return bad_request("\"mode\" must be \"real\" or \"frozen\"");
      }
      auto mode = core::parse_clock_mode(body["mode"].get<std::string>());
      if (!mode) return bad_request("\"mode\" must be \"real\" or \"frozen\"");
      services_.engine.with_lock(
          [&](const core::EngineLock& held) { services_.engine.clock(held).set_mode(*mode); });
      return json_answer(200, clock_json());
    }
    if (path == "/_cloudlife/clock/advance" && method == "POST") {
      const json body = parse_body(request);
      if (!body.contains("seconds")) return bad_request("\"seconds\" is required");
      const core::TimeMs delta = seconds_to_ms(body["seconds"], "\"seconds\"");
      services_.engine.advance(delta);
      return json_answer(200, clock_json());
    }
    if (path == "/_cloudlife/timing" && method == "GET") return json_answer(200, timing_json());
    if (path == "/_cloudlife/timing" && (method == "PUT" || method == "POST")) {
      const json body = parse_body(request);
      std::optional<core::TimingProfileKind> kind;
      if (body.contains("profile")) {
        if (body["profile"].is_string()) {
          kind = core::parse_timing_profile(body["profile"].get<std::string>());
        }
        if (!kind) return bad_request("\"profile\" must be \"instant\" or \"realistic\"");
      }
      std::vector<std::pair<std::string, core::TimeMs>> overrides;
      bool replace_overrides = false;
      if (body.contains("overrides")) {
        if (!body["overrides"].is_object()) {
          return bad_request("\"overrides\" must be an object of phase -> seconds");
        }
        replace_overrides = true;
        for (const auto& [phase, value] : body["overrides"].items()) {
          if (!core::Timing::is_known_phase(phase)) {
            std::string known;
            for (const auto& [name, range] : core::Timing::known_phases()) {
              known += (known.empty() ? "" : ", ") + name;
            }
            return bad_request("unknown phase \"" + phase + "\"; known phases: " + known);
          }
          overrides.emplace_back(phase, seconds_to_ms(value, "override \"" + phase + "\""));
        }
      }
      services_.engine.with_lock([&] {
        core::Timing& timing = services_.engine.timing();
        if (kind) timing.set_kind(*kind);
        if (replace_overrides) {
          timing.clear_overrides();
          for (const auto& [phase, ms] : overrides) timing.set_override(phase, ms);
        }
      });
      return json_answer(200, timing_json());
    }
    if (path == "/_cloudlife/faults" || path.rfind("/_cloudlife/faults/", 0) == 0) {
      return handle_faults(request);
    }
    if (path == "/_cloudlife/events" && method == "GET") {
      core::AuditQuery q;
      for (const auto& [key, value] : request.query) {
        if (key == "cloud")
          q.cloud = value;
        else if (key == "action")
          q.action = value;
        else if (key == "account")
          q.account = value;
        else if (key == "region")
          q.region = value;
        else if (key == "result")
          q.result = value;
        else if (key == "resource_id")
          q.resource_id = value;
        else if (key == "access_key")
          q.access_key = value;
        else if (key == "after" || key == "limit") {
          char* end = nullptr;
          const unsigned long long n = std::strtoull(value.c_str(), &end, 10);
          if (value.empty() || *end != '\0') return bad_request(key + " must be a whole number");
          if (key == "after")
            q.after_seq = n;
          else
            q.limit = static_cast<std::size_t>(n);
        } else {
          return bad_request("unknown filter \"" + key +
                             "\" (cloud, action, account, region, result, resource_id, "
                             "access_key, after, limit)");
        }
      }
      json events = json::array();
      for (const core::AuditRecord& r : services_.audit.query(q)) events.push_back(r.to_json());
      return json_answer(200, {{"events", events}});
    }
    if (path == "/_cloudlife/state" && method == "GET") {
      return json_answer(200, services_.dump_state());
    }
    if (path.rfind("/_cloudlife/ecs/", 0) == 0) {
      auto [status, body] = services_.ecs.control(
          method, path.substr(std::string("/_cloudlife/ecs/").size()), parse_body(request));
      return json_answer(status, body);
    }
    if (auto answer = usage_route(services_, request)) return *answer;
    if (auto answer = asg_metric_route(services_, request)) return *answer;
    if (auto answer = target_health_route(services_, request)) return *answer;
    if (auto answer = capacity_route(services_, request)) return *answer;
    if (auto answer = service_event_route(services_, request)) return *answer;
    if (auto answer = imds_route(services_, request)) return *answer;
    return json_answer(404, {{"error", "no control-plane route " + method + " " + path}});
  } catch (const std::invalid_argument& e) {
    return bad_request(e.what());
  } catch (const json::exception& e) {
    // A field of the wrong JSON type ({"kind": 40}, {"region": []}) is the caller's mistake.
    return bad_request(std::string("malformed JSON field: ") + e.what());
  } catch (const std::exception& e) {
    return json_answer(500, {{"error", std::string("internal error: ") + e.what()}});
  }
}

protocol::HttpResponse ControlPlane::handle_faults(const protocol::HttpRequest& request) {
  const std::string& method = request.method;
  if (request.path == "/_cloudlife/faults") {
    if (method == "GET") return json_answer(200, {{"faults", services_.faults.list()}});
    if (method == "DELETE") {
      services_.faults.clear();
      return json_answer(200, {{"faults", json::array()}});
    }
    if (method == "POST") {
      const json body = parse_body(request);
      const std::string kind = body.value("kind", "error");
      if (kind == "error" || kind == "stuck" || kind == "state-code-high-byte") {
        return json_answer(201, services_.faults.add(body));
      }
      return inject_event(body);
    }
  } else if (method == "DELETE") {
    const std::string id = request.path.substr(std::string("/_cloudlife/faults/").size());
    if (services_.faults.remove(id)) return json_answer(200, {{"deleted", id}});
    return json_answer(404, {{"error", "no fault rule " + id}});
  }
  return json_answer(405, {{"error", "use GET, POST or DELETE on /_cloudlife/faults"}});
}

protocol::HttpResponse ControlPlane::inject_event(const json& body) {
  const std::string kind = body.value("kind", "");
  if (kind == "ecs-reclaim") {
    auto [status, answer] = services_.ecs.control("POST", "reclaim", body);
    return json_answer(status, answer);
  }
  if (kind != "spot-interruption" && kind != "os-shutdown" && kind != "scheduled-retirement" &&
      kind != "rebalance-recommendation") {
    return bad_request("unknown fault kind \"" + kind +
                       "\" (rules: error, stuck, state-code-high-byte; events: spot-interruption, "
                       "rebalance-recommendation, os-shutdown, scheduled-retirement, ecs-reclaim)");
  }
  if (!body.contains("instance_id") || !body["instance_id"].is_string()) {
    return bad_request("\"instance_id\" is required");
  }
  const std::string id = body["instance_id"].get<std::string>();
  const core::PartitionKey key{body.value("account", std::string(protocol::kDefaultAccount)),
                               body.value("region", std::string(protocol::kDefaultAwsRegion))};
  const core::TimeMs notice = body.contains("notice_seconds")
                                  ? seconds_to_ms(body["notice_seconds"], "notice_seconds")
                                  : 120 * core::kSecond;
  const core::TimeMs in = body.contains("in_seconds")
                              ? seconds_to_ms(body["in_seconds"], "in_seconds")
                              : 14 * core::kDay;
  try {
    json answer = services_.engine.transact([&](const core::EngineLock& held, core::TimeMs now) {
      ec2::Ec2Partition& p = services_.ec2.partition(held, key);
      if (kind == "spot-interruption") {
        services_.ec2.interrupt_spot(p, id, notice, now);
        return json{{"kind", kind},
                    {"instance_id", id},
                    {"interruption_time", core::format_iso8601_ms(now + notice)}};
      }
      if (kind == "rebalance-recommendation") {
        services_.ec2.recommend_rebalance(p, id, now);
        services_.autoscaling.model().on_rebalance_recommendation(held, key, id, now);
        return json{{"kind", kind}, {"instance_id", id}};
      }
      if (kind == "os-shutdown") {
        services_.ec2.os_initiated_shutdown(p, id, now);
        return json{{"kind", kind}, {"instance_id", id}};
      }
      const ec2::InstanceEvent e = services_.ec2.schedule_retirement(p, id, now + in, now);
      return json{{"kind", kind},
                  {"instance_id", id},
                  {"event_id", e.event_id},
                  {"not_before", core::format_iso8601_ms(e.not_before)}};
    });
    return json_answer(200, answer);
  } catch (const core::ServiceError& e) {
    return json_answer(400, {{"error", e.code() + ": " + e.message()}});
  }
}

}  // namespace cloudlife::server
