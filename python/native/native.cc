// cloudlife._native: the cloudlife server inside a Python process (pybind11, docs/embedding.md).
// Contract: Emulator is cloudlife::Emulator (include/cloudlife/emulator.h) — the HTTP server on a
// thread of this process; start()/stop() release the GIL. Router is the same services, control
// plane and router without a socket: handle(method, target, headers, body) routes one request
// exactly as the HTTP server would (target = path plus "?query"; headers as (name, value) pairs;
// body as bytes) and returns (status, [(name, value)…] including Content-Type, body bytes). A
// Router starts with fresh state; its Host checks are off (botocore signs for the real AWS host
// names). serve(bind, port, threads) also opens an HTTP listener on that same state (the
// project's HTTP front end on a thread; port 0 = a free one) for clients that are not botocore in
// this process — the AWS CLI, other SDKs, raw HTTP — and returns its port; it throws
// RuntimeError when the address cannot be bound or the router serves already. close() stops the
// listener (idempotent; the destructor calls it). Loopback only: no Host check on this listener.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "cloudlife/emulator.h"
#include "core/engine.h"
#include "protocol/form_decoding.h"
#include "protocol/http_message.h"
#include "server/access_control.h"
#include "server/control_plane.h"
#include "server/http_server.h"
#include "server/router.h"
#include "server/services.h"

namespace py = pybind11;

namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

cloudlife::core::EngineOptions engine_options(bool frozen, bool realistic) {
  cloudlife::core::EngineOptions options;
  options.clock_mode =
      frozen ? cloudlife::core::ClockMode::kFrozen : cloudlife::core::ClockMode::kReal;
  options.timing = realistic ? cloudlife::core::TimingProfileKind::kRealistic
                             : cloudlife::core::TimingProfileKind::kInstant;
  return options;
}

// The request the HTTP server would build (src/server/http_server.cc, to_request).
cloudlife::protocol::HttpRequest to_request(std::string method, const std::string& target,
                                            const Headers& headers, std::string body) {
  cloudlife::protocol::HttpRequest r;
  r.method = std::move(method);
  const std::size_t q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) {
    r.raw_query = target.substr(q + 1);
    if (auto pairs = cloudlife::protocol::decode_form(r.raw_query)) r.query = std::move(*pairs);
  }
  for (const auto& [name, value] : headers) r.headers.emplace(name, value);
  r.body = std::move(body);
  r.remote_addr = "in-process";
  return r;
}

class InProcessRouter {
 public:
  InProcessRouter(bool frozen, bool realistic)
      : services_(engine_options(frozen, realistic)),
        control_(services_),
        router_(services_, control_) {
    cloudlife::server::AccessOptions access;
    access.check_host = false;
    services_.access = cloudlife::server::AccessControl(std::move(access));
  }

  py::tuple handle(std::string method, const std::string& target, const Headers& headers,
                   const py::bytes& body) {
    cloudlife::protocol::HttpRequest request =
        to_request(std::move(method), target, headers, std::string(body));
    cloudlife::protocol::HttpResponse out;
    {
      py::gil_scoped_release release;
      try {
        out = router_.route(request);
      } catch (const std::exception& e) {  // as the HTTP server answers it
        out = {};
        out.status = 500;
        out.content_type = "text/plain";
        out.body = std::string("internal error: ") + e.what();
      }
    }
    Headers response_headers = out.headers;
    response_headers.emplace_back("Content-Type",
                                  out.content_type.empty() ? "text/plain" : out.content_type);
    return py::make_tuple(out.status, response_headers, py::bytes(out.body));
  }

  void reset() { services_.reset(); }

  int serve(const std::string& bind, int port, int threads) {
    if (http_)
      throw std::runtime_error("this router serves HTTP already, on port " + std::to_string(port_));
    cloudlife::server::HttpServerOptions options;
    options.threads = threads;
    options.access_log = false;
    auto http = std::make_unique<cloudlife::server::HttpServer>(router_, options);
    const int bound = http->bind(bind, port);
    if (bound < 0)
      throw std::runtime_error("cannot listen on " + bind + ":" + std::to_string(port));
    auto* raw = http.get();
    listen_done_ = false;
    thread_ = std::thread([this, raw] {
      raw->listen();
      listen_done_ = true;
    });
    // Bound and listening already; wait until the accept loop runs so that close() stops it.
    while (!raw->is_running() && !listen_done_) std::this_thread::yield();
    if (!raw->is_running()) {
      thread_.join();
      throw std::runtime_error("the listener could not serve on " + bind + ":" +
                               std::to_string(bound));
    }
    http_ = std::move(http);
    port_ = bound;
    return bound;
  }

  void close() {
    if (!http_) return;
    http_->stop();
    if (thread_.joinable()) thread_.join();
    http_.reset();
    port_ = 0;
  }

  ~InProcessRouter() { close(); }
  InProcessRouter(const InProcessRouter&) = delete;
  InProcessRouter& operator=(const InProcessRouter&) = delete;

 private:
  cloudlife::server::Services services_;
  cloudlife::server::ControlPlane control_;
  cloudlife::server::Router router_;
  std::unique_ptr<cloudlife::server::HttpServer> http_;
  std::thread thread_;
  std::atomic<bool> listen_done_{false};
  int port_ = 0;
};

}  // namespace

PYBIND11_MODULE(_native, m) {
  m.doc() =
      "cloudlife's server and router inside this Python process (see cloudlife.Server, "
      "cloudlife.mock)";
  m.attr("version") = cloudlife::server::kVersion;

  using cloudlife::Emulator;
  py::class_<Emulator>(m, "Emulator")
      .def(
          py::init([](const std::string& bind, int port, bool frozen, bool realistic, int threads) {
            Emulator::Options options;
            options.bind = bind;
            options.port = port;
            options.clock = frozen ? Emulator::ClockMode::kFrozen : Emulator::ClockMode::kReal;
            options.timing =
                realistic ? Emulator::TimingProfile::kRealistic : Emulator::TimingProfile::kInstant;
            options.threads = threads;
            return std::make_unique<Emulator>(options);
          }),
          py::arg("bind") = "127.0.0.1", py::arg("port") = 0, py::arg("frozen") = false,
          py::arg("realistic") = false, py::arg("threads") = 8)
      .def("start", &Emulator::start, py::call_guard<py::gil_scoped_release>())
      .def("stop", &Emulator::stop, py::call_guard<py::gil_scoped_release>())
      .def("running", &Emulator::running)
      .def_property_readonly("endpoint", &Emulator::endpoint)
      .def_property_readonly("port", &Emulator::port);

  py::class_<InProcessRouter>(m, "Router")
      .def(py::init<bool, bool>(), py::arg("frozen") = false, py::arg("realistic") = false)
      .def("handle", &InProcessRouter::handle, py::arg("method"), py::arg("target"),
           py::arg("headers"), py::arg("body"))
      .def("reset", &InProcessRouter::reset, py::call_guard<py::gil_scoped_release>())
      .def("serve", &InProcessRouter::serve, py::arg("bind") = "127.0.0.1", py::arg("port") = 0,
           py::arg("threads") = 4, py::call_guard<py::gil_scoped_release>())
      .def("close", &InProcessRouter::close, py::call_guard<py::gil_scoped_release>());
}
