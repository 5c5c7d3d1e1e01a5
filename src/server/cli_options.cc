#include "server/cli_options.h"

#include <cstdlib>
#include <filesystem>

namespace cloudlife::server {

void add_cli(CLI::App& app, CliConfig& c, const std::string& version) {
  app.set_version_flag("--version", "cloudlife " + version);
  const char* config_env = std::getenv("CLOUDLIFE_CONFIG");
  app.set_config("--config", config_env ? config_env : "",
                 "Read options from a TOML/INI file (keys are the long flag names, e.g. "
                 "port = 4570); env CLOUDLIFE_CONFIG");
  app.allow_config_extras(CLI::config_extras_mode::error);  // a misspelt key is an error
  app.add_option("--bind", c.bind, "Address to listen on")
      ->envname("CLOUDLIFE_BIND")
      ->capture_default_str();
  app.add_option("--port", c.port, "Port to listen on (0 picks a free port)")
      ->envname("CLOUDLIFE_PORT")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  app.add_option("--clock", c.clock, "Virtual clock: real (wall clock + offset) or frozen")
      ->envname("CLOUDLIFE_CLOCK")
      ->check(CLI::IsMember({"real", "frozen"}))
      ->capture_default_str();
  app.add_option("--timing", c.timing, "Transition timing profile: instant or realistic")
      ->envname("CLOUDLIFE_TIMING")
      ->check(CLI::IsMember({"instant", "realistic"}))
      ->capture_default_str();
  app.add_option("--log-level", c.log_level,
                 "Log level (info writes one access-log line per request)")
      ->envname("CLOUDLIFE_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}))
      ->capture_default_str();
  app.add_option("--log-format", c.log_format,
                 "Log format on stderr: text or json (one object per line)")
      ->envname("CLOUDLIFE_LOG_FORMAT")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_option("--keep-alive-timeout", c.keep_alive_timeout,
                 "Seconds an idle keep-alive connection stays open (it holds no thread)")
      ->envname("CLOUDLIFE_KEEP_ALIVE_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  app.add_option("--state-dir", c.state_dir,
                 "Journal every mutation in DIR and restore it on start (default: memory only)")
      ->envname("CLOUDLIFE_STATE_DIR");
  app.add_option("--snapshot-every", c.snapshot_every,
                 "With --state-dir: snapshot the whole state (and start a new journal) each time "
                 "the journal passes BYTES; 0 never does")
      ->envname("CLOUDLIFE_SNAPSHOT_EVERY")
      ->capture_default_str();
  app.add_option("--fsync", c.fsync, "With --state-dir: always, batch or never fsync the journal")
      ->envname("CLOUDLIFE_FSYNC")
      ->check(CLI::IsMember({"always", "batch", "never"}))
      ->capture_default_str();
  app.add_option("--auth", c.auth, "Signature checking: off, or verify (needs --credentials)")
      ->envname("CLOUDLIFE_AUTH")
      ->check(CLI::IsMember({"off", "verify"}))
      ->capture_default_str();
  app.add_option("--credentials", c.credentials,
                 "JSON file of access keys, secrets, accounts and policies")
      ->envname("CLOUDLIFE_CREDENTIALS")
      ->check(CLI::ExistingFile);
  app.add_option("--allow-host", c.allow_hosts,
                 "Also accept this Host / Origin name when bound to loopback (repeatable; env: "
                 "comma-separated)")
      ->envname("CLOUDLIFE_ALLOW_HOST")
      ->delimiter(',');
  app.add_option("--audit-log", c.audit_log, "Also append the audit trail to FILE as JSON lines")
      ->envname("CLOUDLIFE_AUDIT_LOG");
  app.add_flag("--list-actions", c.list_actions, "Print every supported action per cloud and exit");
  app.add_option("--format", c.list_format, "Format of --list-actions: text or markdown")
      ->check(CLI::IsMember({"text", "markdown"}))
      ->capture_default_str();

  c.health = app.add_subcommand(
      "health", "Probe a running server's GET /_cloudlife/health; exit 0 when ok, 1 otherwise");
  c.health->add_option("--endpoint", c.health_endpoint, "Server URL, e.g. http://127.0.0.1:4570")
      ->envname("CLOUDLIFE_ENDPOINT");
  c.health->add_option("--port", c.health_port, "Port on 127.0.0.1 (default: the server's --port)")
      ->check(CLI::Range(1, 65535));
  c.health->add_option("--timeout", c.health_timeout_seconds, "Seconds to wait for an answer")
      ->check(CLI::Range(0.1, 300.0))
      ->capture_default_str();
  c.health->get_option("--endpoint")->excludes(c.health->get_option("--port"));
}

std::string check_config_env() {
  const char* path = std::getenv("CLOUDLIFE_CONFIG");
  if (path == nullptr || *path == '\0') return "";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return std::string("CLOUDLIFE_CONFIG names a file that does not exist: ") + path;
  }
  return "";
}

std::string inconsistent_options(const CliConfig& c) {
  if (c.auth == "verify" && c.credentials.empty()) {
    return "--auth verify needs --credentials FILE (the keys and secrets to verify against)";
  }
  return "";
}

std::string health_endpoint(const CliConfig& c) {
  if (!c.health_endpoint.empty()) return c.health_endpoint;
  std::string host = c.bind;
  if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
  if (host == "::" || host == "[::]") host = "[::1]";
  if (host.find(':') != std::string::npos && host.front() != '[') host = "[" + host + "]";
  const int port = c.health_port > 0 ? c.health_port : c.port;
  return "http://" + host + ":" + std::to_string(port);
}

}  // namespace cloudlife::server
