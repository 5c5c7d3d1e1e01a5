// The HTTP listener: an HTTP/1.1 front end on epoll (design and the reasons for it:
// docs/architecture.md, "The HTTP front end").
// Contract: bind() reserves the address (port 0 picks a free one) and reports the bound port, or
// fails when another process listens there (SO_REUSEADDR, no SO_REUSEPORT). listen() serves until
// stop() on a fixed set of threads (the caller plus threads-1 more) sharing one epoll set: each
// connection is registered one-shot, so a thread that takes its readiness event owns it until it
// re-arms it — it reads, frames (http1_request_parser.h), routes and writes the answers of that
// connection in request order, with no hand-off between threads. An idle keep-alive connection
// costs a file descriptor and a few hundred bytes, never a thread: however many are open, a new
// request waits only for a free thread. Idle keep-alive connections close after
// keep_alive_timeout_seconds. stop() (any thread, idempotent, also before listen()) stops accepting
// at once, closes idle connections, lets requests being served finish and their answers go out
// (a client that reads nothing is cut off after keep_alive_timeout_seconds; a request still
// arriving gets 0.5 s), then listen() returns. Every request, whatever its path or method, goes to
// the Router; framing errors are answered by the front end itself (http1_response.h) and close the
// connection. When access_log is on and the access logger ("cloudlife.access", else the default
// logger) logs at info, one access-log line is written per request (access_log.h), in text or JSON.
#pragma once

#include <memory>
#include <string>

#include "server/logging.h"
#include "server/router.h"

namespace cloudlife::server {

struct HttpServerOptions {
  // Serving threads; 0 = one per CPU the process may use (at least 2).
  int threads = 0;
  bool access_log = true;
  LogFormat access_log_format = LogFormat::kText;
  // An idle keep-alive connection (or a request that stalls half sent) is closed after this long.
  int keep_alive_timeout_seconds = 5;
};

class HttpServer {
 public:
  HttpServer(Router& router, HttpServerOptions options = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Returns the bound port, or -1 when the address cannot be bound.
  int bind(const std::string& host, int port);
  // Blocks until stop(). Returns false if the server could not listen (bind() failed or missing).
  bool listen();
  void stop();
  // True from the moment listen() serves until it returns.
  bool is_running() const;
  // The number of threads listen() serves on.
  int worker_count() const;

 private:
  struct Loop;
  Router& router_;
  HttpServerOptions options_;
  std::unique_ptr<Loop> loop_;
};

}  // namespace cloudlife::server
