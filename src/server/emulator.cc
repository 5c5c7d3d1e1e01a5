#include "cloudlife/emulator.h"

#include <atomic>
#include <cmath>
#include <stdexcept>
#include <thread>

#include "core/clock.h"
#include "core/timing.h"
#include "server/control_plane.h"
#include "server/http_server.h"
#include "server/router.h"
#include "server/services.h"

namespace cloudlife {

struct Emulator::Running {
  explicit Running(const Options& o)
      : services(engine_options(o)),
        control(services),
        router(services, control),
        http(router, http_options(o)) {}

  static server::HttpServerOptions http_options(const Options& o) {
    server::HttpServerOptions h;
    h.threads = o.threads;
    h.access_log = o.access_log;
    return h;
  }
  static core::EngineOptions engine_options(const Options& o) {
    core::EngineOptions e;
    e.clock_mode =
        o.clock == ClockMode::kFrozen ? core::ClockMode::kFrozen : core::ClockMode::kReal;
    e.timing = o.timing == TimingProfile::kRealistic ? core::TimingProfileKind::kRealistic
                                                     : core::TimingProfileKind::kInstant;
    return e;
  }

  server::Services services;
  server::ControlPlane control;
  server::Router router;
  server::HttpServer http;
  std::thread thread;
  std::atomic<bool> done{false};
  std::string endpoint;
  int port = 0;
};

Emulator::Emulator() : Emulator(Options{}) {}

Emulator::Emulator(Options options) : options_(std::move(options)) {}

Emulator::~Emulator() {
  stop();
}

void Emulator::start() {
  if (running_) throw std::runtime_error("cloudlife::Emulator is already running");
  if (options_.port < 0 || options_.port > 65535) {
    throw std::invalid_argument("cloudlife::Emulator: port must be 0..65535");
  }
  auto r = std::make_unique<Running>(options_);
  r->port = r->http.bind(options_.bind, options_.port);
  if (r->port < 0) {
    throw std::runtime_error("cloudlife::Emulator: cannot listen on " + options_.bind + ":" +
                             std::to_string(options_.port));
  }
  const bool v6 = options_.bind.find(':') != std::string::npos;
  r->endpoint =
      "http://" + (v6 ? "[" + options_.bind + "]" : options_.bind) + ":" + std::to_string(r->port);
  Running* raw = r.get();
  r->thread = std::thread([raw] {
    raw->http.listen();
    raw->done = true;
  });
  // The socket is bound and listening already; wait until the accept loop runs so that stop()
  // right after start() is never lost.
  while (!raw->http.is_running() && !raw->done) std::this_thread::yield();
  if (!raw->http.is_running()) {
    r->thread.join();
    throw std::runtime_error("cloudlife::Emulator: the server could not listen on " + r->endpoint);
  }
  running_ = std::move(r);
}

void Emulator::stop() {
  if (!running_) return;
  running_->http.stop();
  if (running_->thread.joinable()) running_->thread.join();
  running_.reset();
}

bool Emulator::running() const {
  return running_ != nullptr;
}

std::string Emulator::endpoint() const {
  return running_ ? running_->endpoint : std::string();
}

int Emulator::port() const {
  return running_ ? running_->port : 0;
}

void Emulator::advance(double seconds) {
  if (!running_) throw std::logic_error("cloudlife::Emulator::advance: not running");
  if (!std::isfinite(seconds) || seconds < 0) {
    throw std::invalid_argument("cloudlife::Emulator::advance: seconds must be finite and >= 0");
  }
  running_->services.engine.advance(static_cast<core::TimeMs>(std::llround(seconds * 1000.0)));
}

void Emulator::reset() {
  if (!running_) throw std::logic_error("cloudlife::Emulator::reset: not running");
  running_->services.reset();
}

void Emulator::set_timing(TimingProfile profile) {
  if (!running_) throw std::logic_error("cloudlife::Emulator::set_timing: not running");
  const auto kind = profile == TimingProfile::kRealistic ? core::TimingProfileKind::kRealistic
                                                         : core::TimingProfileKind::kInstant;
  running_->services.engine.with_lock([&] { running_->services.engine.timing().set_kind(kind); });
}

}  // namespace cloudlife
