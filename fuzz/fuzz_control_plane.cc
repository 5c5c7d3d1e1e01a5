// libFuzzer target: the control plane (server/control_plane.h ControlPlane::handle) with fuzzed
// bodies, methods and paths, on a real in-process Services (frozen clock).
// Input: a raw HTTP request ("POST /_cloudlife/faults HTTP/1.1\n\n{...}"); bytes that are not a
// request line are the JSON body of one of the control-plane routes (picked by the body's length).
// Checks beyond "no crash": bad input answers 4xx with {"error": ...}, never 5xx (the contract:
// "Bad input answers 400 with {"error": "..."}"), every answer is JSON, and the state dump stays
// serialisable afterwards.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "core/engine.h"
#include "fuzz_http.h"
#include "server/control_plane.h"
#include "server/services.h"

namespace {

namespace protocol = cloudlife::protocol;
namespace server = cloudlife::server;

struct Fixture {
  Fixture() : services(options()), control(services) {}
  static cloudlife::core::EngineOptions options() {
    cloudlife::core::EngineOptions o;
    o.clock_mode = cloudlife::core::ClockMode::kFrozen;
    return o;
  }
  server::Services services;
  server::ControlPlane control;
};

struct Route {
  const char* method;
  const char* path;
};
constexpr Route kRoutes[] = {
    {"POST", "/_cloudlife/faults"},      {"POST", "/_cloudlife/clock/advance"},
    {"PUT", "/_cloudlife/timing"},       {"PUT", "/_cloudlife/clock"},
    {"POST", "/_cloudlife/ecs/reclaim"}, {"DELETE", "/_cloudlife/faults/1"},
    {"GET", "/_cloudlife/events"},       {"POST", "/_cloudlife/reset"},
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Fixture* fixture = new Fixture();  // one emulator for the whole run
  const std::string_view text = cloudlife::fuzz::as_text(data, size);
  protocol::HttpRequest request;
  if (auto parsed = cloudlife::fuzz::parse_raw_http(text)) {
    request = std::move(*parsed);
  } else {
    const Route& route = kRoutes[size % (sizeof(kRoutes) / sizeof(kRoutes[0]))];
    request.method = route.method;
    request.path = route.path;
    request.headers.emplace("Content-Type", "application/json");
    request.body = std::string(text);
  }
  request.headers.emplace("Host", "127.0.0.1:4570");
  const protocol::HttpResponse response = fixture->control.handle(request);
  if (response.status >= 500) {
    std::fprintf(stderr, "control plane answered %d: %s\n", response.status, response.body.c_str());
    std::abort();
  }
  if (response.status != 204 && request.method != "HEAD") {
    const auto body = nlohmann::json::parse(response.body, nullptr, false);
    if (body.is_discarded()) std::abort();
    if (response.status >= 400 && !body.contains("error") && !body.contains("Code")) std::abort();
  }
  // As GET /_cloudlife/state serialises it (client text may be invalid UTF-8).
  (void)fixture->services.dump_state().dump(-1, ' ', false,
                                            nlohmann::json::error_handler_t::replace);
  fixture->services.reset();
  return 0;
}
