// cloudlife: the emulator's command-line entry point (flags: cli_options.h).
#include <pthread.h>
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <thread>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "core/clock.h"
#include "core/timing.h"
#include "server/access_control.h"
#include "server/action_list.h"
#include "server/cli_options.h"
#include "server/control_plane.h"
#include "server/health_check.h"
#include "server/http_server.h"
#include "server/logging.h"
#include "server/persistence.h"
#include "server/router.h"
#include "server/services.h"

namespace {

constexpr int kUsageError = 2;

// Serves until SIGTERM or SIGINT. The signals are blocked in every thread and taken by a dedicated
// waiter thread, which stops the server: no work happens in signal context, and stop() lets
// in-flight requests finish.
int serve(const cloudlife::server::CliConfig& config) {
  using namespace cloudlife;
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // inherited by every thread started below
  // Every open connection is a file descriptor (and nothing more): take the hard limit, so a few
  // thousand keep-alive clients fit.
  if (rlimit files{}; getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }

  const auto format =
      config.log_format == "json" ? server::LogFormat::kJson : server::LogFormat::kText;
  server::setup_logging(config.log_level, format);

  core::EngineOptions options;
  options.clock_mode = *core::parse_clock_mode(config.clock);
  options.timing = *core::parse_timing_profile(config.timing);
  server::Services services(options);
  server::AccessOptions access;
  access.auth = config.auth == "verify" ? server::AuthMode::kVerify : server::AuthMode::kOff;
  if (!config.credentials.empty()) {
    try {
      access.credentials = server::CredentialStore::load(config.credentials);
    } catch (const std::exception& e) {
      std::cerr << "cloudlife: --credentials " << config.credentials << ": " << e.what() << "\n";
      return kUsageError;
    }
  }
  access.check_host = server::AccessControl::is_loopback_host(config.bind);
  access.allowed_hosts = config.allow_hosts;
  services.access = server::AccessControl(std::move(access));
  if (!config.audit_log.empty() && !services.audit.open_file(config.audit_log)) {
    std::cerr << "cloudlife: --audit-log " << config.audit_log << ": cannot open for appending\n";
    return kUsageError;
  }
  server::ControlPlane control(services);
  server::Router router(services, control);
  if (!config.state_dir.empty()) {
    const core::FsyncPolicy policy = config.fsync == "never"   ? core::FsyncPolicy::kNever
                                     : config.fsync == "batch" ? core::FsyncPolicy::kBatch
                                                               : core::FsyncPolicy::kAlways;
    try {
      services.persistence =
          std::make_unique<server::Persistence>(services, config.state_dir, policy,
                                                config.snapshot_every);
      const auto report = services.persistence->restore(router, control);
      if (report.value("dropped_bytes", 0) > 0) {
        spdlog::warn(
            "journal {}: dropped a torn or corrupt tail of {} bytes ({}); {} records "
            "replayed",
            report.value("journal", ""), report.value("dropped_bytes", 0),
            report.value("problem", ""), report.value("replayed", 0));
      }
      spdlog::info("state restored from {}: {}", config.state_dir, report.dump());
    } catch (const std::exception& e) {
      std::cerr << "cloudlife: --state-dir " << config.state_dir << ": " << e.what() << "\n";
      return 1;
    }
  }
  server::HttpServerOptions http_options;
  http_options.access_log_format = format;
  http_options.keep_alive_timeout_seconds = config.keep_alive_timeout;
  server::HttpServer http(router, http_options);
  // A long-poll on /_cloudlife/service-events holds a serving thread: keep one free.
  services.service_events.set_max_waiters(http.worker_count() - 1);
  const int bound = http.bind(config.bind, config.port);
  if (bound < 0) {
    spdlog::error("cannot listen on {}:{}", config.bind, config.port);
    std::cerr << "cloudlife: cannot listen on " << config.bind << ":" << config.port << "\n";
    return 1;
  }
  const bool v6 = config.bind.find(':') != std::string::npos;
  std::printf("cloudlife listening on http://%s%s%s:%d\n", v6 ? "[" : "", config.bind.c_str(),
              v6 ? "]" : "", bound);
  std::fflush(stdout);
  spdlog::info("cloudlife {} serving on {}:{} (clock {}, timing {})", server::kVersion, config.bind,
               bound, config.clock, config.timing);

  std::atomic<bool> listen_returned{false};
  std::atomic<bool> signalled{false};
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    signalled = true;
    if (listen_returned) return;
    spdlog::info("{} received, finishing in-flight requests", sig == SIGINT ? "SIGINT" : "SIGTERM");
    // A signal right after start-up may come before the accept loop runs, when stop() would be a
    // no-op: wait for it.
    while (!http.is_running() && !listen_returned) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    services.service_events.interrupt_waits();
    http.stop();
  });
  const bool ok = http.listen();
  listen_returned = true;
  if (!signalled)
    pthread_kill(waiter.native_handle(), SIGTERM);  // listen() failed: wake the waiter
  waiter.join();
  spdlog::info("cloudlife stopped");
  spdlog::shutdown();
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace cloudlife;
  CLI::App app{
      "cloudlife: a faithful, deterministic emulator of the AWS EC2, AWS Auto Scaling and "
      "Alibaba Cloud ECS instance-lifecycle APIs.\nEvery flag is also read from the "
      "environment (CLOUDLIFE_PORT, …) and from --config FILE; precedence: command line, "
      "config file, environment, default.",
      "cloudlife"};
  server::CliConfig config;
  server::add_cli(app, config, server::kVersion);
  try {
    if (const std::string error = server::check_config_env(); !error.empty()) {
      throw CLI::FileError(error);
    }
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return e.get_exit_code() == 0 ? code : kUsageError;
  }
  if (config.health->parsed()) {
    return server::run_health_check(server::health_endpoint(config), config.health_timeout_seconds);
  }
  if (config.list_actions) {
    std::cout << server::render_actions(server::supported_actions(), config.list_format);
    return 0;
  }
  if (const std::string problem = server::inconsistent_options(config); !problem.empty()) {
    std::cerr << "cloudlife: " << problem << "\n";
    return kUsageError;
  }
  return serve(config);
}
