#include "server/http_server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include <spdlog/spdlog.h>

#include "server/access_log.h"
#include "server/http1_request_parser.h"
#include "server/http1_response.h"

namespace cloudlife::server {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr std::uint64_t kListenId = 0;
constexpr std::uint64_t kStopId = 1;
constexpr std::size_t kReadChunk = 256 * 1024;
// One ready connection per wait: a thread never holds a second connection while it serves a slow
// request on the first; the others take it.
constexpr int kEventsPerWait = 1;
constexpr auto kSweepEvery = std::chrono::milliseconds(200);
// After stop(), a request still arriving gets this long to complete before its connection closes.
constexpr auto kStopGraceForPartialRequests = std::chrono::milliseconds(500);

// One client connection. Its socket is registered EPOLLONESHOT, so each readiness event goes to
// one thread, which holds `mu` while it serves the connection and re-arms it when done; the
// sweeper only touches a connection whose lock it can take at once.
struct Connection {
  std::mutex mu;
  int fd = -1;
  std::uint64_t id = 0;
  std::string remote_addr;
  bool closed = false;
  Http1RequestParser parser;
  std::string in;               // read, not yet parsed (the start of a pipelined request)
  std::deque<std::string> out;  // to write, in order; out_offset into out.front()
  std::size_t out_offset = 0;
  bool close_after_write = false;
  bool read_eof = false;
  SteadyClock::time_point last_active;
};

std::string address_text(const sockaddr_storage& ss) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(ss).sin_addr, buf, sizeof(buf));
  } else if (ss.ss_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(ss).sin6_addr, buf, sizeof(buf));
  }
  return buf;
}

int default_thread_count() {
  cpu_set_t set;
  CPU_ZERO(&set);
  int cpus = 0;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) cpus = CPU_COUNT(&set);
  if (cpus <= 0) cpus = static_cast<int>(std::thread::hardware_concurrency());
  return std::max(cpus, 2);
}

}  // namespace

struct HttpServer::Loop {
  Loop(Router& r, const HttpServerOptions& o)
      : router(r),
        options(o),
        threads_wanted(o.threads > 0 ? o.threads : default_thread_count()),
        access(spdlog::get(kAccessLoggerName) ? spdlog::get(kAccessLoggerName)
                                              : spdlog::default_logger()),
        epoll_fd(epoll_create1(EPOLL_CLOEXEC)),
        stop_fd(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}

  ~Loop() {
    for (auto& [id, c] : connections) ::close(c->fd);
    if (listen_fd >= 0) ::close(listen_fd);
    if (stop_fd >= 0) ::close(stop_fd);
    if (epoll_fd >= 0) ::close(epoll_fd);
  }

  int bind(const std::string& host, int port);
  bool run();
  void request_stop();

  // ---- each serving thread ----
  void serve_thread();
  void accept_clients();
  std::shared_ptr<Connection> find(std::uint64_t id);
  // REQUIRES: c.mu held, !c.closed. Serves what the event allows, then re-arms or closes.
  void serve(Connection& c, std::uint32_t events);
  void answer_requests(Connection& c);
  void queue_answer(Connection& c, protocol::HttpResponse response, bool keep_alive, bool http10,
                    bool head_only);
  bool flush(Connection& c);
  void rearm(Connection& c);
  void close_locked(Connection& c);
  protocol::HttpResponse handle(const protocol::HttpRequest& request);
  void begin_stop();
  void maybe_sweep(SteadyClock::time_point now);
  void sweep(SteadyClock::time_point now);
  bool connections_empty();
  void wake_all();
  void drain_wake();

  Router& router;
  HttpServerOptions options;
  int threads_wanted;
  std::shared_ptr<spdlog::logger> access;
  int epoll_fd;
  int stop_fd;
  int listen_fd = -1;  // GUARDED_BY(accept_mu) once run() starts
  std::atomic<bool> running{false};
  std::atomic<bool> stop_requested{false};
  std::atomic<bool> stopping{false};
  std::atomic<std::uint64_t> next_id{2};

  std::mutex accept_mu;
  bool accept_paused = false;  // GUARDED_BY(accept_mu)
  SteadyClock::time_point accept_resume_at;

  std::mutex connections_mu;
  std::unordered_map<std::uint64_t, std::shared_ptr<Connection>> connections;

  std::mutex sweep_mu;
  SteadyClock::time_point last_sweep;  // GUARDED_BY(sweep_mu)
  SteadyClock::time_point stop_at;     // GUARDED_BY(sweep_mu)
};

int HttpServer::Loop::bind(const std::string& host, int port) {
  if (port < 0 || port > 65535 || listen_fd >= 0) return -1;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &found) != 0) {
    return -1;
  }
  int bound = -1;
  for (addrinfo* a = found; a != nullptr && bound < 0; a = a->ai_next) {
    const int fd =
        ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    // SO_REUSEADDR only: SO_REUSEPORT would let a second server bind the same port and silently
    // share its connections instead of failing to start.
    int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    sockaddr_storage ss{};
    socklen_t len = sizeof(ss);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, SOMAXCONN) == 0 &&
        getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) == 0) {
      listen_fd = fd;
      bound = ntohs(ss.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6&>(ss).sin6_port
                                             : reinterpret_cast<sockaddr_in&>(ss).sin_port);
    } else {
      ::close(fd);
    }
  }
  freeaddrinfo(found);
  return bound;
}

bool HttpServer::Loop::run() {
  if (listen_fd < 0 || epoll_fd < 0 || stop_fd < 0) return false;
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kListenId;
  epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listen_fd, &ev);
  ev.data.u64 = kStopId;
  epoll_ctl(epoll_fd, EPOLL_CTL_ADD, stop_fd, &ev);
  last_sweep = SteadyClock::now();
  running = true;
  std::vector<std::thread> others;
  for (int i = 1; i < threads_wanted; ++i) others.emplace_back([this] { serve_thread(); });
  serve_thread();
  for (std::thread& t : others) t.join();
  {
    std::lock_guard<std::mutex> lock(connections_mu);
    for (auto& [id, c] : connections) ::close(c->fd);
    connections.clear();
  }
  running = false;
  return true;
}

void HttpServer::Loop::request_stop() {
  stop_requested = true;
  wake_all();
}

// stop_fd is level-triggered in every thread's epoll set: written, it wakes them all until drained.
void HttpServer::Loop::wake_all() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = ::write(stop_fd, &one, sizeof(one));
}

void HttpServer::Loop::drain_wake() {
  std::uint64_t count = 0;
  [[maybe_unused]] const ssize_t n = ::read(stop_fd, &count, sizeof(count));
}

bool HttpServer::Loop::connections_empty() {
  std::lock_guard<std::mutex> lock(connections_mu);
  return connections.empty();
}

void HttpServer::Loop::serve_thread() {
  std::array<epoll_event, kEventsPerWait> events{};
  for (;;) {
    if (stop_requested && !stopping) begin_stop();
    if (stopping && connections_empty()) {
      wake_all();  // the other threads may sleep in epoll_wait: they leave now too
      return;
    }
    const int n = epoll_wait(epoll_fd, events.data(), kEventsPerWait,
                             stopping ? 20 : static_cast<int>(kSweepEvery.count()));
    if (n < 0 && errno != EINTR) {
      spdlog::error("HTTP: epoll_wait failed: {}", std::strerror(errno));
      request_stop();
    }
    for (int i = 0; i < n; ++i) {
      const epoll_event& e = events[static_cast<std::size_t>(i)];
      if (e.data.u64 == kListenId) {
        accept_clients();
      } else if (e.data.u64 == kStopId) {
        if (stopping && !connections_empty()) drain_wake();  // no spinning while answers finish
      } else {
        const std::shared_ptr<Connection> c = find(e.data.u64);
        if (!c) continue;  // closed meanwhile
        std::lock_guard<std::mutex> lock(c->mu);
        if (!c->closed) serve(*c, e.events);
      }
    }
    maybe_sweep(SteadyClock::now());
  }
}

void HttpServer::Loop::accept_clients() {
  std::lock_guard<std::mutex> lock(accept_mu);
  for (int accepted = 0; listen_fd >= 0 && accepted < 64; ++accepted) {
    sockaddr_storage ss{};
    socklen_t len = sizeof(ss);
    const int fd =
        accept4(listen_fd, reinterpret_cast<sockaddr*>(&ss), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if ((errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) &&
          !accept_paused) {
        // Out of file descriptors: pause accepting instead of spinning on the listen socket.
        spdlog::warn("HTTP: cannot accept a connection ({}); pausing accepts for 100 ms",
                     std::strerror(errno));
        accept_paused = true;
        accept_resume_at = SteadyClock::now() + std::chrono::milliseconds(100);
        epoll_event ev{};
        ev.data.u64 = kListenId;
        epoll_ctl(epoll_fd, EPOLL_CTL_MOD, listen_fd, &ev);
      }
      return;  // EAGAIN: accepted everyone waiting
    }
    // Without it every keep-alive answer waits ~40 ms on the client's delayed ACK.
    int yes = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
    auto c = std::make_shared<Connection>();
    c->fd = fd;
    c->id = next_id++;
    c->remote_addr = address_text(ss);
    c->last_active = SteadyClock::now();
    {
      std::lock_guard<std::mutex> reg(connections_mu);
      connections.emplace(c->id, c);
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLONESHOT;
    ev.data.u64 = c->id;
    if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0) {
      std::lock_guard<std::mutex> own(c->mu);
      close_locked(*c);
    }
  }
}

std::shared_ptr<Connection> HttpServer::Loop::find(std::uint64_t id) {
  std::lock_guard<std::mutex> lock(connections_mu);
  auto it = connections.find(id);
  return it == connections.end() ? nullptr : it->second;
}

void HttpServer::Loop::serve(Connection& c, std::uint32_t events) {
  if (events & (EPOLLERR | EPOLLHUP)) {
    close_locked(c);
    return;
  }
  if (!c.out.empty()) {
    if (!flush(c)) {
      if (!c.closed) rearm(c);
      return;
    }
    if (c.close_after_write) {
      close_locked(c);
      return;
    }
  }
  if (events & EPOLLIN) {
    thread_local std::vector<char> buffer(kReadChunk);
    const ssize_t n = ::read(c.fd, buffer.data(), buffer.size());
    if (n > 0) {
      c.last_active = SteadyClock::now();
      c.in.append(buffer.data(), static_cast<std::size_t>(n));
    } else if (n == 0) {
      c.read_eof = true;  // the client finished sending; what it sent in full is still answered
    } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      close_locked(c);
      return;
    }
  }
  answer_requests(c);
  if (c.closed) return;
  if (c.read_eof && c.out.empty()) {
    close_locked(c);
    return;
  }
  rearm(c);
}

// Answers every complete request buffered, in order, on this thread; stops when an answer cannot
// be written at once (the rest waits for EPOLLOUT) or the bytes run out.
void HttpServer::Loop::answer_requests(Connection& c) {
  while (!c.closed && c.out.empty() && !c.close_after_write && !c.in.empty()) {
    const std::size_t used = c.parser.feed(c.in);
    c.in.erase(0, used);
    switch (c.parser.state()) {
      case Http1RequestParser::State::kNeedMore:
        if (c.parser.take_expect_continue()) {
          c.out.emplace_back(kContinue);
          flush(c);
        }
        return;
      case Http1RequestParser::State::kError:
        spdlog::debug("HTTP: refused a request from {}: {} {}", c.remote_addr,
                      c.parser.error_status(), c.parser.error_message());
        c.in.clear();
        queue_answer(
            c, transport_error(c.parser.error_status(), c.parser.error_message(), c.parser.path()),
            false, false, false);
        return;
      case Http1RequestParser::State::kComplete: {
        const bool keep_alive = c.parser.keep_alive();
        const bool http10 = c.parser.http10();
        const bool head_only = c.parser.head_only();
        protocol::HttpRequest request = c.parser.take();
        request.remote_addr = c.remote_addr;
        queue_answer(c, handle(request), keep_alive, http10, head_only);
        break;
      }
    }
  }
}

protocol::HttpResponse HttpServer::Loop::handle(const protocol::HttpRequest& request) {
  const auto start = SteadyClock::now();
  protocol::HttpResponse out;
  protocol::RequestContext ctx;
  try {
    out = router.route(request, ctx);
  } catch (const std::exception& e) {
    out = transport_error(500, std::string("internal error: ") + e.what(), request.path);
    ctx.http_status = out.status;
    ctx.error_code = out.error_code;
  }
  if (options.access_log && access->should_log(spdlog::level::info)) {
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - start).count();
    const AccessLogEntry entry = describe(ctx, request, micros);
    access->info(options.access_log_format == LogFormat::kJson ? format_json(entry)
                                                               : format_text(entry));
  }
  return out;
}

void HttpServer::Loop::queue_answer(Connection& c, protocol::HttpResponse response, bool keep_alive,
                                    bool http10, bool head_only) {
  ConnectionReply reply;
  reply.keep_alive = keep_alive && !stopping && !c.read_eof;
  reply.http10 = http10;
  reply.keep_alive_timeout_s = options.keep_alive_timeout_seconds;
  c.out.push_back(response_head(response, reply));
  if (!head_only && !response.body.empty()) c.out.push_back(std::move(response.body));
  c.close_after_write = !reply.keep_alive;
  if (flush(c) && c.close_after_write) close_locked(c);
}

// Writes what it can without blocking (status line and headers, then the body, in one sendmsg).
// True when everything queued is written; false when some must wait, or the connection failed
// (then it is closed).
bool HttpServer::Loop::flush(Connection& c) {
  while (!c.out.empty()) {
    std::array<iovec, 16> iov{};
    std::size_t count = 0;
    std::size_t offset = c.out_offset;
    for (const std::string& s : c.out) {
      if (count == iov.size()) break;
      iov[count].iov_base = const_cast<char*>(s.data() + offset);
      iov[count].iov_len = s.size() - offset;
      offset = 0;
      ++count;
    }
    msghdr msg{};
    msg.msg_iov = iov.data();
    msg.msg_iovlen = count;
    const ssize_t n = ::sendmsg(c.fd, &msg, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) close_locked(c);
      return false;
    }
    c.last_active = SteadyClock::now();
    std::size_t left = static_cast<std::size_t>(n);
    while (left > 0) {
      const std::size_t in_front = c.out.front().size() - c.out_offset;
      if (left < in_front) {
        c.out_offset += left;
        left = 0;
      } else {
        left -= in_front;
        c.out.pop_front();
        c.out_offset = 0;
      }
    }
  }
  return true;
}

// Hands the connection back to epoll for its next event: writable while an answer is pending,
// else readable.
void HttpServer::Loop::rearm(Connection& c) {
  epoll_event ev{};
  ev.events = (c.out.empty() ? EPOLLIN : EPOLLOUT) | EPOLLONESHOT;
  ev.data.u64 = c.id;
  if (epoll_ctl(epoll_fd, EPOLL_CTL_MOD, c.fd, &ev) != 0) close_locked(c);
}

// REQUIRES: c.mu held.
void HttpServer::Loop::close_locked(Connection& c) {
  if (c.closed) return;
  c.closed = true;
  ::close(c.fd);  // also leaves the epoll set
  std::lock_guard<std::mutex> lock(connections_mu);
  connections.erase(c.id);
}

void HttpServer::Loop::begin_stop() {
  {
    std::lock_guard<std::mutex> lock(accept_mu);
    if (stopping) return;
    stopping = true;
    drain_wake();
    if (listen_fd >= 0) {
      epoll_ctl(epoll_fd, EPOLL_CTL_DEL, listen_fd, nullptr);
      ::close(listen_fd);
      listen_fd = -1;
    }
  }
  std::lock_guard<std::mutex> lock(sweep_mu);
  stop_at = SteadyClock::now();
  sweep(stop_at);
}

void HttpServer::Loop::maybe_sweep(SteadyClock::time_point now) {
  std::unique_lock<std::mutex> lock(sweep_mu, std::try_to_lock);
  if (!lock || (!stopping && now - last_sweep < kSweepEvery)) return;
  sweep(now);
}

// REQUIRES: sweep_mu held. Closes idle keep-alive connections past the timeout (all of them once
// stopping), requests that stall half sent, and clients that stopped reading their answer. A
// connection being served (its lock taken) is left alone: in-flight requests always finish.
void HttpServer::Loop::sweep(SteadyClock::time_point now) {
  last_sweep = now;
  {
    std::lock_guard<std::mutex> lock(accept_mu);
    if (accept_paused && listen_fd >= 0 && now >= accept_resume_at) {
      accept_paused = false;
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.u64 = kListenId;
      epoll_ctl(epoll_fd, EPOLL_CTL_MOD, listen_fd, &ev);
    }
  }
  std::vector<std::shared_ptr<Connection>> all;
  {
    std::lock_guard<std::mutex> lock(connections_mu);
    all.reserve(connections.size());
    for (const auto& [id, c] : connections) all.push_back(c);
  }
  const auto timeout = std::chrono::seconds(options.keep_alive_timeout_seconds);
  for (const std::shared_ptr<Connection>& c : all) {
    std::unique_lock<std::mutex> lock(c->mu, std::try_to_lock);
    if (!lock || c->closed) continue;
    const bool idle = c->out.empty();
    const bool expired = now - c->last_active > timeout;
    const bool stop_now =
        stopping && idle && (!c->parser.started() || now - stop_at > kStopGraceForPartialRequests);
    if (expired || stop_now) close_locked(*c);
  }
}

HttpServer::HttpServer(Router& router, HttpServerOptions options)
    : router_(router), options_(options), loop_(std::make_unique<Loop>(router_, options_)) {}

HttpServer::~HttpServer() = default;

int HttpServer::bind(const std::string& host, int port) {
  return loop_->bind(host, port);
}

bool HttpServer::listen() {
  return loop_->run();
}

void HttpServer::stop() {
  loop_->request_stop();
}

bool HttpServer::is_running() const {
  return loop_->running;
}

int HttpServer::worker_count() const {
  return loop_->threads_wanted;
}

}  // namespace cloudlife::server
