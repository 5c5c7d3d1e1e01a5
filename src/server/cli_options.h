// The `cloudlife` command line: every server flag (`cloudlife --help`), the `health` subcommand and
// `--list-actions`, each flag also read from a CLOUDLIFE_* environment variable and from an
// optional TOML/INI config file (--config FILE or CLOUDLIFE_CONFIG). Contract: add_cli() registers
// everything on a CLI11 app and binds it to a CliConfig. Precedence is command line, then config
// file, then environment, then the default. Values are validated while parsing (CLI11 errors, exit
// 2); inconsistent_options() names a combination that cannot work ("" when there is none).
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace cloudlife::server {

struct CliConfig {
  // Server.
  std::string bind = "127.0.0.1";
  int port = 4570;
  std::string clock = "real";
  std::string timing = "instant";
  std::string log_level = "info";
  std::string log_format = "text";
  int keep_alive_timeout = 5;  // seconds an idle keep-alive connection stays open
  std::string state_dir;
  std::string auth = "off";
  std::string credentials;
  std::vector<std::string> allow_hosts;
  std::string fsync = "always";
  std::size_t snapshot_every = 8u << 20;  // Persistence::kDefaultSnapshotEvery (0: never)
  std::string audit_log;
  // --list-actions.
  bool list_actions = false;
  std::string list_format = "text";
  // `cloudlife health`.
  CLI::App* health = nullptr;
  std::string health_endpoint;
  int health_port = -1;  // -1: the server's --port / CLOUDLIFE_PORT
  double health_timeout_seconds = 2.0;
};

// Registers every option and subcommand on `app`, bound to `config` (which must outlive the app);
// `version` is what --version prints after "cloudlife ".
void add_cli(CLI::App& app, CliConfig& config, const std::string& version);

// A config file named by CLOUDLIFE_CONFIG must exist; returns the error, or "".
std::string check_config_env();

// A combination of flags that cannot work (e.g. --auth verify without --credentials); "" when none.
std::string inconsistent_options(const CliConfig& config);

// The first flag given a value this build does not implement, as an error message; "" when none.

// The endpoint `cloudlife health` probes: --endpoint, else http://HOST:PORT from --bind/--port
// (a wildcard bind address is probed on loopback).
std::string health_endpoint(const CliConfig& config);

}  // namespace cloudlife::server
