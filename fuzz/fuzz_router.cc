// libFuzzer target: the whole request path, Router::route (server/router.h), in process on a real
// Services + ControlPlane with a frozen clock: protocol detection, the EC2 / Auto Scaling / ELB
// Query front ends, the Alibaba ECS front end, the control plane, audit and fault checks.
// Input: a sequence of up to 8 requests separated by "\n--next--\n" lines; each is a raw HTTP
// request (the captures) or, when it is not a request line, the form body of a POST / (the captured
// EC2 / Auto Scaling bodies). State is reset before each input so a crash reproduces from it alone.
// Checks beyond "no crash": no exception escapes route(), no 5xx unless a fault rule injected it,
// XML answers parse as XML, JSON answers parse as JSON, and the state dump stays serialisable.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <tinyxml2.h>
#include <nlohmann/json.hpp>

#include "core/engine.h"
#include "fuzz_http.h"
#include "server/control_plane.h"
#include "server/router.h"
#include "server/services.h"

namespace {

namespace protocol = cloudlife::protocol;
namespace server = cloudlife::server;

struct Fixture {
  Fixture() : services(options()), control(services), router(services, control) {}
  static cloudlife::core::EngineOptions options() {
    cloudlife::core::EngineOptions o;
    o.clock_mode = cloudlife::core::ClockMode::kFrozen;
    return o;
  }
  server::Services services;
  server::ControlPlane control;
  server::Router router;
};

[[noreturn]] void fail(const char* what, const protocol::HttpRequest& request,
                       const protocol::HttpResponse& response) {
  std::fprintf(stderr, "%s: %s %s?%s -> %d\n%s\n", what, request.method.c_str(),
               request.path.c_str(), request.raw_query.c_str(), response.status,
               response.body.c_str());
  std::abort();
}

protocol::HttpRequest to_request(std::string_view text) {
  if (auto parsed = cloudlife::fuzz::parse_raw_http(text)) return std::move(*parsed);
  protocol::HttpRequest request;
  request.method = "POST";
  request.path = "/";
  request.remote_addr = "127.0.0.1";
  request.headers.emplace("Host", "127.0.0.1:4570");
  request.headers.emplace("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  request.body = std::string(text);
  return request;
}

void check_response(const protocol::HttpRequest& request, const protocol::HttpResponse& response) {
  if (response.status >= 500 && !response.injected_fault) fail("5xx", request, response);
  if (response.body.empty()) return;
  if (response.content_type.find("xml") != std::string::npos) {
    tinyxml2::XMLDocument doc;
    if (doc.Parse(response.body.data(), response.body.size()) != tinyxml2::XML_SUCCESS) {
      fail("malformed XML", request, response);
    }
  } else if (response.content_type.find("json") != std::string::npos) {
    if (nlohmann::json::parse(response.body, nullptr, false).is_discarded()) {
      fail("malformed JSON", request, response);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Fixture* fixture = new Fixture();  // one emulator for the whole run
  for (std::string_view part :
       cloudlife::fuzz::split_sequence(cloudlife::fuzz::as_text(data, size), 8)) {
    const protocol::HttpRequest request = to_request(part);
    check_response(request, fixture->router.route(request));
  }
  // As GET /_cloudlife/state serialises it (client text may be invalid UTF-8).
  (void)fixture->services.dump_state().dump(-1, ' ', false,
                                            nlohmann::json::error_handler_t::replace);
  fixture->services.reset();
  return 0;
}
