// cloudlife: the emulator's command-line entry point.
#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "core/clock.h"
#include "core/timing.h"
#include "server/control_plane.h"
#include "server/http_server.h"
#include "server/router.h"
#include "server/services.h"

namespace {

cloudlife::server::HttpServer* g_server = nullptr;

void on_signal(int) {
  if (g_server) g_server->stop();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace cloudlife;
  CLI::App app{"cloudlife: a faithful, deterministic emulator of the AWS EC2, AWS Auto Scaling and "
               "Alibaba Cloud ECS instance-lifecycle APIs"};
  app.set_version_flag("--version", std::string("cloudlife ") + server::kVersion);
  std::string bind = "127.0.0.1";
  int port = 4570;
  std::string clock = "real";
  std::string timing = "instant";
  std::string log_level = "info";
  app.add_option("--bind", bind, "Address to listen on")->envname("CLOUDLIFE_BIND");
  app.add_option("--port", port, "Port to listen on (0 picks a free port)")
      ->envname("CLOUDLIFE_PORT")
      ->check(CLI::Range(0, 65535));
  app.add_option("--clock", clock, "Virtual clock mode")
      ->envname("CLOUDLIFE_CLOCK")
      ->check(CLI::IsMember({"real", "frozen"}));
  app.add_option("--timing", timing, "Transition timing profile")
      ->envname("CLOUDLIFE_TIMING")
      ->check(CLI::IsMember({"instant", "realistic"}));
  app.add_option("--log-level", log_level, "Log level")
      ->envname("CLOUDLIFE_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return e.get_exit_code() == 0 ? code : 2;
  }

  // Logs go to stderr so that stdout's first line stays the listening address.
  spdlog::set_default_logger(spdlog::stderr_color_mt("cloudlife"));
  spdlog::set_level(spdlog::level::from_str(log_level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);

  core::EngineOptions options;
  options.clock_mode = *core::parse_clock_mode(clock);
  options.timing = *core::parse_timing_profile(timing);
  server::Services services(options);
  server::ControlPlane control(services);
  server::Router router(services, control);
  server::HttpServer http(router);
  const int bound = http.bind(bind, port);
  if (bound < 0) {
    std::cerr << "cloudlife: cannot listen on " << bind << ":" << port << "\n";
    return 1;
  }
  std::printf("cloudlife listening on http://%s:%d\n", bind.c_str(), bound);
  std::fflush(stdout);
  g_server = &http;
  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);
  http.listen();
  spdlog::info("cloudlife stopped");
  return 0;
}
