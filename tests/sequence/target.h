// Where a sequence runs: in process against the Router (fast) or over HTTP against the real binary.
// Contract: send() never throws for a server-side problem; a request that got no answer (the
// connection dropped, the server died, the client timed out) comes back with answered == false.
// `ms` is the time the request took: over HTTP the wall time the client saw; in process the CPU
// time the Router spent on it (server time, immune to the host's load).
// `injected` says the answer is an injected fault: the Router flags it in process; over HTTP the
// runner decides from the fault rules it installed (see runner.h).
#pragma once

#include <sys/types.h>
#include <memory>
#include <string>
#include <vector>

namespace cloudlife::sequence {

struct Request {
  enum class Kind { kAws, kEcs, kControl } kind = Kind::kAws;
  std::string method = "POST";
  std::string path = "/";
  std::string body;   // AWS: the form; control plane: JSON
  std::string query;  // ECS: the RPC query string
};

struct Reply {
  bool answered = false;
  int status = 0;
  std::string body;
  bool injected = false;
  double ms = 0;
};

class Target {
 public:
  virtual ~Target() = default;
  virtual Reply send(const Request& request) = 0;
  // Brand-new state, as a fresh server would have (in process: a new emulator; over HTTP: reset).
  virtual void fresh(std::uint64_t seed) = 0;
};

// A new Services + ControlPlane + Router on a frozen clock whose wall time is a fixed instant, so
// that a seed gives the same IDs and times on every run.
std::unique_ptr<Target> make_in_process_target();

// HTTP/1.1 to `endpoint` ("http://127.0.0.1:PORT"); `timeout_ms` bounds each request.
std::unique_ptr<Target> make_http_target(const std::string& endpoint, int timeout_ms);

// The real binary as a child process on a free loopback port.
class ServerProcess {
 public:
  ServerProcess(const std::string& binary, const std::vector<std::string>& args);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  const std::string& endpoint() const { return endpoint_; }
  int pid() const { return static_cast<int>(pid_); }
  bool alive();
  void kill9();      // SIGKILL and reap
  void terminate();  // SIGTERM, then SIGKILL after a grace period; reap
  std::string stderr_tail() const;

 private:
  pid_t pid_ = -1;
  std::string endpoint_;
  std::string stderr_path_;
};

}  // namespace cloudlife::sequence
