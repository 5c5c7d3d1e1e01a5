#include "target.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <httplib.h>

#include "core/engine.h"
#include "core/ids.h"
#include "protocol/form_decoding.h"
#include "server/control_plane.h"
#include "server/router.h"
#include "server/services.h"

namespace cloudlife::sequence {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// 2026-01-01T00:00:00Z: a fixed wall time keeps in-process runs reproducible.
constexpr core::TimeMs kFixedWall = 1767225600000;

class InProcessTarget final : public Target {
 public:
  InProcessTarget() { fresh(1); }

  void fresh(std::uint64_t seed) override {
    router_.reset();
    control_.reset();
    services_.reset();
    core::EngineOptions o;
    o.clock_mode = core::ClockMode::kFrozen;
    o.wall = [] { return kFixedWall; };
    services_ = std::make_unique<server::Services>(o);
    services_->engine.with_lock(
        [&](const core::EngineLock& held) { services_->engine.ids(held).reseed(seed); });
    control_ = std::make_unique<server::ControlPlane>(*services_);
    router_ = std::make_unique<server::Router>(*services_, *control_);
  }

  Reply send(const Request& request) override {
    protocol::HttpRequest r;
    r.method = request.method;
    r.path = request.path;
    r.remote_addr = "127.0.0.1";
    r.headers.emplace("Host", "127.0.0.1:4570");
    switch (request.kind) {
      case Request::Kind::kAws:
        r.headers.emplace("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        r.body = request.body;
        break;
      case Request::Kind::kEcs:
        r.raw_query = request.query;
        if (auto q = protocol::decode_form(r.raw_query)) r.query = std::move(*q);
        break;
      case Request::Kind::kControl:
        r.headers.emplace("Content-Type", "application/json");
        r.body = request.body;
        break;
    }
    Reply out;
    // Server time: the CPU time this thread spent in the Router, so that a shared, loaded machine
    // does not turn scheduling delays into "slow request" reports.
    timespec before{}, after{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &before);
    protocol::HttpResponse resp = router_->route(r);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &after);
    out.ms = static_cast<double>(after.tv_sec - before.tv_sec) * 1e3 +
             static_cast<double>(after.tv_nsec - before.tv_nsec) / 1e6;
    out.answered = true;
    out.status = resp.status;
    out.body = std::move(resp.body);
    out.injected = resp.injected_fault;
    return out;
  }

 private:
  std::unique_ptr<server::Services> services_;
  std::unique_ptr<server::ControlPlane> control_;
  std::unique_ptr<server::Router> router_;
};

class HttpTarget final : public Target {
 public:
  HttpTarget(const std::string& endpoint, int timeout_ms) : client_(endpoint) {
    const auto t = std::chrono::milliseconds(timeout_ms);
    client_.set_connection_timeout(std::chrono::seconds(2));
    client_.set_read_timeout(std::chrono::duration_cast<std::chrono::seconds>(t).count(),
                             (timeout_ms % 1000) * 1000);
    client_.set_write_timeout(5, 0);
    client_.set_keep_alive(true);
    client_.set_tcp_nodelay(true);
  }

  void fresh(std::uint64_t) override {
    send({Request::Kind::kControl, "DELETE", "/_cloudlife/faults", "", ""});
    send({Request::Kind::kControl, "PUT", "/_cloudlife/timing",
          R"({"profile":"instant","overrides":{}})", ""});
    send({Request::Kind::kControl, "POST", "/_cloudlife/reset", "", ""});
  }

  Reply send(const Request& request) override {
    Reply out;
    const auto start = Clock::now();
    httplib::Result res{nullptr, httplib::Error::Unknown};
    switch (request.kind) {
      case Request::Kind::kAws:
        res = client_.Post(request.path, request.body, "application/x-www-form-urlencoded");
        break;
      case Request::Kind::kEcs:
        res = client_.Get(request.path + "?" + request.query);
        break;
      case Request::Kind::kControl:
        if (request.method == "GET") {
          res = client_.Get(request.path);
        } else if (request.method == "PUT") {
          res = client_.Put(request.path, request.body, "application/json");
        } else if (request.method == "DELETE") {
          res = client_.Delete(request.path);
        } else {
          res = client_.Post(request.path, request.body, "application/json");
        }
        break;
    }
    out.ms = ms_since(start);
    if (!res) return out;
    out.answered = true;
    out.status = res->status;
    out.body = res->body;
    return out;
  }

 private:
  httplib::Client client_;
};

}  // namespace

std::unique_ptr<Target> make_in_process_target() {
  return std::make_unique<InProcessTarget>();
}

std::unique_ptr<Target> make_http_target(const std::string& endpoint, int timeout_ms) {
  return std::make_unique<HttpTarget>(endpoint, timeout_ms);
}

ServerProcess::ServerProcess(const std::string& binary, const std::vector<std::string>& args) {
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  char tmpl[] = "/tmp/cloudlife-seq-stderr-XXXXXX";
  const int err_fd = mkstemp(tmpl);
  if (err_fd < 0) throw std::runtime_error("mkstemp failed");
  stderr_path_ = tmpl;
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    dup2(out[1], 1);
    dup2(err_fd, 2);
    close(out[0]);
    close(out[1]);
    close(err_fd);
    std::vector<std::string> all{binary, "--bind", "127.0.0.1", "--port", "0"};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  close(out[1]);
  close(err_fd);
  // The first stdout line is "cloudlife listening on http://HOST:PORT".
  std::string line;
  char c;
  while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
  close(out[0]);  // later output goes nowhere (the server only writes its banner to stdout)
  const std::string marker = "cloudlife listening on ";
  if (line.rfind(marker, 0) != 0) {
    kill9();
    throw std::runtime_error("the server did not start: '" + line + "' " + stderr_tail());
  }
  endpoint_ = line.substr(marker.size());
}

ServerProcess::~ServerProcess() {
  terminate();
  if (!stderr_path_.empty()) std::remove(stderr_path_.c_str());
}

bool ServerProcess::alive() {
  if (pid_ < 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

void ServerProcess::kill9() {
  if (pid_ < 0) return;
  ::kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void ServerProcess::terminate() {
  if (pid_ < 0) return;
  ::kill(pid_, SIGTERM);
  for (int i = 0; i < 100; ++i) {
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill9();
}

std::string ServerProcess::stderr_tail() const {
  std::ifstream in(stderr_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  if (s.size() > 2000) s = s.substr(s.size() - 2000);
  return s;
}

}  // namespace cloudlife::sequence
