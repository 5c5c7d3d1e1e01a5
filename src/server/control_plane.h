// The control plane: JSON over HTTP on the same port (docs/control-plane.md).
// Contract: health, reset (also /moto-api/reset), clock read/advance/mode, timing profile and
// overrides, fault rules and cloud events (/_cloudlife/faults), and a state dump. Every answer is
// JSON. Bad input answers 400 with {"error": "..."}
// (a missing body is an empty one), a body over Router::kMaxBodyBytes 413; nothing half-applies.
#pragma once

#include <nlohmann/json.hpp>

#include "protocol/http_message.h"
#include "server/services.h"

namespace cloudlife::server {

class ControlPlane {
 public:
  explicit ControlPlane(Services& services) : services_(services) {}

  // Serves a control-plane request; state-changing ones are journaled under --state-dir.
  protocol::HttpResponse handle(const protocol::HttpRequest& request);

 private:
  protocol::HttpResponse dispatch(const protocol::HttpRequest& request);
  protocol::HttpResponse snapshot(const protocol::HttpRequest& request);
  nlohmann::json clock_json();
  nlohmann::json timing_json();
  protocol::HttpResponse handle_faults(const protocol::HttpRequest& request);
  protocol::HttpResponse inject_event(const nlohmann::json& body);

  Services& services_;
};

}  // namespace cloudlife::server
