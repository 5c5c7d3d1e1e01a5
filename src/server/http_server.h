// The HTTP listener: cpp-httplib in front of the Router.
// Contract: bind() reserves the address (port 0 picks a free one) and reports the bound port;
// listen() serves until stop(). Every request, whatever its path or method, goes to the Router;
// keep-alive is on; one access-log line is written per request.
#pragma once

#include <memory>
#include <string>

#include "server/router.h"

namespace httplib {
class Server;
}

namespace cloudlife::server {

struct HttpServerOptions {
  int threads = 32;
  bool access_log = true;
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
