#include "server/health_check.h"

#include <cmath>
#include <iostream>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace cloudlife::server {

int run_health_check(const std::string& endpoint, double timeout_seconds) {
  // scheme://host:port only; httplib::Client takes no path.
  std::string base = endpoint;
  const std::size_t scheme = base.find("://");
  if (scheme == std::string::npos || base.compare(0, scheme, "http") != 0) {
    std::cerr << "cloudlife health: endpoint must look like http://HOST:PORT, got " << endpoint
              << "\n";
    return 1;
  }
  const std::size_t slash = base.find('/', scheme + 3);
  if (slash != std::string::npos) base.resize(slash);
  httplib::Client client(base);
  const auto whole = static_cast<time_t>(timeout_seconds);
  const auto micros =
      static_cast<time_t>(std::llround((timeout_seconds - static_cast<double>(whole)) * 1e6));
  client.set_connection_timeout(whole, micros);
  client.set_read_timeout(whole, micros);
  client.set_write_timeout(whole, micros);
  const auto res = client.Get("/_cloudlife/health");
  if (!res) {
    std::cerr << "cloudlife health: " << base << " unreachable (" << httplib::to_string(res.error())
              << ")\n";
    return 1;
  }
  const auto body = nlohmann::json::parse(res->body, nullptr, false);
  if (res->status != 200 || !body.is_object() || body.value("status", "") != "ok") {
    std::cerr << "cloudlife health: " << base << " answered " << res->status << " " << res->body
              << "\n";
    return 1;
  }
  std::cout << "cloudlife health: ok (" << base << ", version " << body.value("version", "?")
            << ")\n";
  return 0;
}

}  // namespace cloudlife::server
