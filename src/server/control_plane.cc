#include "server/control_plane.h"

#include <cmath>

#include "core/time.h"
#include "core/timing.h"

namespace cloudlife::server {
namespace {

using nlohmann::json;

protocol::HttpResponse json_response(int status, const json& body) {
  protocol::HttpResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = body.dump();
  return r;
}

protocol::HttpResponse bad_request(const std::string& message) {
  return json_response(400, {{"error", message}});
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
  return services_.engine.with_lock([&] {
    const core::TimeMs now = services_.engine.clock().now();
    return json{{"now", core::format_iso8601_ms(now)},
                {"epoch_ms", now},
                {"mode", core::clock_mode_name(services_.engine.clock().mode())},
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
  const std::string& path = request.path;
  const std::string& method = request.method;
  try {
    if (path == "/_cloudlife/health" && (method == "GET" || method == "HEAD")) {
      return json_response(200, {{"status", "ok"}, {"version", kVersion}});
    }
    if ((path == "/_cloudlife/reset" || path == "/moto-api/reset") && method == "POST") {
      services_.reset();
      return json_response(200, {{"status", "ok"}, {"clock", clock_json()}});
    }
    if (path == "/_cloudlife/clock" && method == "GET") return json_response(200, clock_json());
    if (path == "/_cloudlife/clock" && method == "PUT") {
      const json body = parse_body(request);
      if (!body.contains("mode") || !body["mode"].is_string()) {
        return bad_request("\"mode\" must be \"real\" or \"frozen\"");
      }
      auto mode = core::parse_clock_mode(body["mode"].get<std::string>());
      if (!mode) return bad_request("\"mode\" must be \"real\" or \"frozen\"");
      services_.engine.with_lock([&] { services_.engine.clock().set_mode(*mode); });
      return json_response(200, clock_json());
    }
    if (path == "/_cloudlife/clock/advance" && method == "POST") {
      const json body = parse_body(request);
      if (!body.contains("seconds")) return bad_request("\"seconds\" is required");
      const core::TimeMs delta = seconds_to_ms(body["seconds"], "\"seconds\"");
      services_.engine.advance(delta);
      return json_response(200, clock_json());
    }
    if (path == "/_cloudlife/timing" && method == "GET") return json_response(200, timing_json());
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
      return json_response(200, timing_json());
    }
    if (path == "/_cloudlife/state" && method == "GET") {
      return json_response(200, services_.dump_state());
    }
#if CLOUDLIFE_HAS_ECS
    if (path.rfind("/_cloudlife/ecs/", 0) == 0) {
      auto [status, body] =
          services_.ecs.control(method, path.substr(std::string("/_cloudlife/ecs/").size()),
                                parse_body(request));
      return json_response(status, body);
    }
#endif
    return json_response(404, {{"error", "no control-plane route " + method + " " + path}});
  } catch (const std::invalid_argument& e) {
    return bad_request(e.what());
  } catch (const std::exception& e) {
    return json_response(500, {{"error", std::string("internal error: ") + e.what()}});
  }
}

}  // namespace cloudlife::server
