// The HTTP listener: cpp-httplib in front of the Router.
// Contract: bind() reserves the address (port 0 picks a free one) and reports the bound port, or
// fails when another process listens there (no SO_REUSEPORT);
// listen() serves until stop(), which stops accepting, lets in-flight requests finish and closes
// idle keep-alive connections (within keep_alive_timeout_seconds). Every request, whatever its path
// or method, goes to the Router; keep-alive is on; when the access logger ("cloudlife.access", else
// the default logger) logs at info, one access-log line is written per request (access_log.h), in
// text or JSON.
#pragma once

#include <memory>
#include <string>

#include "server/logging.h"
#include "server/router.h"

namespace httplib {
class Server;
}

namespace cloudlife::server {

struct HttpServerOptions {
  int threads = 32;
  bool access_log = true;
  LogFormat access_log_format = LogFormat::kText;
  // An idle keep-alive connection is closed after this long; it also bounds how long stop() waits
  // for idle connections (cpp-httplib only notices stop() between requests).
  int keep_alive_timeout_seconds = 5;
};

class HttpServer {
 public:
  HttpServer(Router& router, HttpServerOptions options = {});
  ~HttpServer();

  // Returns the bound port, or -1 when the address cannot be bound.
  int bind(const std::string& host, int port);
  // Blocks until stop(). Returns false if the server could not listen.
  bool listen();
  void stop();
  bool is_running() const;

 private:
  Router& router_;
  HttpServerOptions options_;
  std::unique_ptr<httplib::Server> server_;
};

}  // namespace cloudlife::server
