#include "server/http_server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
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
#include <mutex>
#include <unordered_map>
#include <vector>

#include <spdlog/spdlog.h>

#include "server/access_log.h"
#include "server/http1_request_parser.h"
#include "server/http1_response.h"
#include "server/worker_pool.h"

namespace cloudlife::server {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr std::uint64_t kListenId = 0;
constexpr std::uint64_t kWakeId = 1;
constexpr std::size_t kReadChunk = 256 * 1024;
// After stop(), a request still arriving gets this long to complete before its connection closes.
constexpr auto kStopGraceForPartialRequests = std::chrono::milliseconds(500);

// One client connection. Owned and touched by the loop thread only; a worker sees a copy of the
// request and hands back a response by connection id (the connection may be gone by then).
struct Connection {
  int fd = -1;
  std::uint64_t id = 0;
  std::string remote_addr;
  Http1RequestParser parser;
  std::string in;               // read, not yet parsed (the start of a pipelined request)
  std::deque<std::string> out;  // to write, in order; out_offset into out.front()
  std::size_t out_offset = 0;
  bool busy = false;           // a request is with a worker or its answer is being written
  bool answer_queued = false;  // out holds the answer to the busy request
  bool close_after_write = false;
  bool read_eof = false;
  bool keep_alive = true;
  bool http10 = false;
  bool head_only = false;
  std::uint32_t events = 0;  // current epoll interest
  SteadyClock::time_point last_active;
};

struct Answer {
  std::uint64_t connection = 0;
  protocol::HttpResponse response;
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

}  // namespace

struct HttpServer::Loop {
  Loop(Router& r, const HttpServerOptions& o)
      : router(r),
        options(o),
        workers_wanted(o.threads > 0 ? o.threads : default_worker_count()),
        access(spdlog::get(kAccessLoggerName) ? spdlog::get(kAccessLoggerName)
                                              : spdlog::default_logger()),
        epoll_fd(epoll_create1(EPOLL_CLOEXEC)),
        wake_fd(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)),
        read_buffer(kReadChunk) {}

  ~Loop() {
    for (auto& [id, c] : connections) ::close(c->fd);
    if (listen_fd >= 0) ::close(listen_fd);
    if (wake_fd >= 0) ::close(wake_fd);
    if (epoll_fd >= 0) ::close(epoll_fd);
  }

  // ---- set-up ----
  int bind(const std::string& host, int port);
  bool run();
  void request_stop();

  // ---- the loop's steps ----
  void accept_clients();
  void on_event(std::uint64_t id, std::uint32_t events);
  void read_from(Connection& c);
  void parse_input(Connection& c);
  void hand_to_worker(Connection& c);
  void take_answers();
  void queue_answer(Connection& c, protocol::HttpResponse response);
  void flush(Connection& c);
  void update_interest(Connection& c);
  void close_connection(Connection& c);
  void begin_stop();
  void sweep(SteadyClock::time_point now);
  void pause_accepting(SteadyClock::time_point now);

  // ---- worker side ----
  protocol::HttpResponse handle(const protocol::HttpRequest& request);
  void post_answer(Answer answer);

  Router& router;
  HttpServerOptions options;
  int workers_wanted;
  std::shared_ptr<spdlog::logger> access;
  int epoll_fd;
  int wake_fd;
  int listen_fd = -1;
  std::atomic<bool> running{false};
  std::atomic<bool> stop_requested{false};

  std::mutex answers_mu;
  std::vector<Answer> answers;  // GUARDED_BY(answers_mu)

  // Loop thread only.
  std::unordered_map<std::uint64_t, std::unique_ptr<Connection>> connections;
  std::uint64_t next_id = 2;
  std::vector<char> read_buffer;
  std::unique_ptr<WorkerPool> workers;
  bool stopping = false;
  SteadyClock::time_point stop_at;
  bool accept_paused = false;
  SteadyClock::time_point accept_resume_at;
  SteadyClock::time_point last_sweep;
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
  if (listen_fd < 0 || epoll_fd < 0 || wake_fd < 0) return false;
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kListenId;
  epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listen_fd, &ev);
  ev.data.u64 = kWakeId;
  epoll_ctl(epoll_fd, EPOLL_CTL_ADD, wake_fd, &ev);
  workers = std::make_unique<WorkerPool>(workers_wanted);
  running = true;
  last_sweep = SteadyClock::now();
  std::array<epoll_event, 256> events{};
  for (;;) {
    if (stop_requested && !stopping) begin_stop();
    if (stopping && connections.empty()) break;
    // Idle connections are swept a few times a second; with none open the loop sleeps until woken.
    const int timeout_ms = stopping ? 20 : (connections.empty() && !accept_paused) ? -1 : 250;
    const int n = epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()), timeout_ms);
    if (n < 0 && errno != EINTR) {
      spdlog::error("HTTP event loop: epoll_wait failed: {}", std::strerror(errno));
      break;
    }
    for (int i = 0; i < n; ++i) {
      const std::uint64_t id = events[static_cast<std::size_t>(i)].data.u64;
      if (id == kListenId) {
        accept_clients();
      } else if (id == kWakeId) {
        take_answers();
      } else {
        on_event(id, events[static_cast<std::size_t>(i)].events);
      }
    }
    const auto now = SteadyClock::now();
    if (stopping || now - last_sweep >= std::chrono::milliseconds(200)) sweep(now);
  }
  // Every request handed to a worker finishes before listen() returns.
  workers->join();
  for (auto& [id, c] : connections) ::close(c->fd);
  connections.clear();
  if (listen_fd >= 0) ::close(listen_fd);
  listen_fd = -1;
  running = false;
  return true;
}

void HttpServer::Loop::request_stop() {
  stop_requested = true;
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = ::write(wake_fd, &one, sizeof(one));
}

void HttpServer::Loop::accept_clients() {
  for (;;) {
    sockaddr_storage ss{};
    socklen_t len = sizeof(ss);
    const int fd =
        accept4(listen_fd, reinterpret_cast<sockaddr*>(&ss), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        pause_accepting(SteadyClock::now());
      }
      return;  // EAGAIN: accepted everyone waiting
    }
    // Without it every keep-alive answer waits ~40 ms on the client's delayed ACK.
    int yes = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
    auto c = std::make_unique<Connection>();
    c->fd = fd;
    c->id = next_id++;
    c->remote_addr = address_text(ss);
    c->last_active = SteadyClock::now();
    c->events = EPOLLIN;
    epoll_event ev{};
    ev.events = c->events;
    ev.data.u64 = c->id;
    if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0) {
      ::close(fd);
      continue;
    }
    connections.emplace(c->id, std::move(c));
  }
}

// Out of file descriptors: stop accepting for a moment instead of spinning on the listen socket.
void HttpServer::Loop::pause_accepting(SteadyClock::time_point now) {
  if (accept_paused) return;
  spdlog::warn("HTTP: cannot accept a connection ({}); {} open, pausing accepts for 100 ms",
               std::strerror(errno), connections.size());
  accept_paused = true;
  accept_resume_at = now + std::chrono::milliseconds(100);
  epoll_event ev{};
  ev.data.u64 = kListenId;
  epoll_ctl(epoll_fd, EPOLL_CTL_MOD, listen_fd, &ev);
}

void HttpServer::Loop::on_event(std::uint64_t id, std::uint32_t events) {
  auto it = connections.find(id);
  if (it == connections.end()) return;  // closed earlier in this batch
  Connection& c = *it->second;
  // Workers never touch the socket, so a connection can close even while its request runs; the
  // answer is then dropped.
  if (events & (EPOLLERR | EPOLLHUP)) {
    close_connection(c);
    return;
  }
  if (events & EPOLLOUT) {
    flush(c);
    if (connections.find(id) == connections.end()) return;
  }
  if (events & EPOLLIN) read_from(c);
}

void HttpServer::Loop::read_from(Connection& c) {
  const ssize_t n = ::read(c.fd, read_buffer.data(), read_buffer.size());
  if (n < 0) {
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) close_connection(c);
    return;
  }
  if (n == 0) {
    // The client finished sending. A request it already sent in full is still answered.
    c.read_eof = true;
    if (!c.busy && c.out.empty()) {
      close_connection(c);
      return;
    }
    c.close_after_write = true;
    update_interest(c);
    return;
  }
  c.last_active = SteadyClock::now();
  c.in.append(read_buffer.data(), static_cast<std::size_t>(n));
  parse_input(c);
}

// Feeds buffered bytes to the parser until a request completes (it goes to a worker and reading
// pauses until its answer is written: answers leave in request order) or the bytes run out.
void HttpServer::Loop::parse_input(Connection& c) {
  while (!c.busy && !c.in.empty()) {
    const std::size_t used = c.parser.feed(c.in);
    c.in.erase(0, used);
    switch (c.parser.state()) {
      case Http1RequestParser::State::kNeedMore:
        if (c.parser.take_expect_continue()) {
          c.out.emplace_back(kContinue);
          flush(c);
        }
        return;
      case Http1RequestParser::State::kError: {
        spdlog::debug("HTTP: refused a request from {}: {} {}", c.remote_addr,
                      c.parser.error_status(), c.parser.error_message());
        c.busy = true;
        c.keep_alive = false;
        c.head_only = false;
        c.in.clear();
        queue_answer(
            c, transport_error(c.parser.error_status(), c.parser.error_message(), c.parser.path()));
        return;
      }
      case Http1RequestParser::State::kComplete:
        hand_to_worker(c);
        return;
    }
  }
}

void HttpServer::Loop::hand_to_worker(Connection& c) {
  c.keep_alive = c.parser.keep_alive();
  c.head_only = c.parser.head_only();
  c.http10 = c.parser.http10();
  protocol::HttpRequest request = c.parser.take();
  request.remote_addr = c.remote_addr;
  c.busy = true;
  update_interest(c);
  const std::uint64_t id = c.id;
  workers->submit([this, id, request = std::move(request)]() {
    post_answer(Answer{id, handle(request)});
  });
}

protocol::HttpResponse HttpServer::Loop::handle(const protocol::HttpRequest& request) {
  const auto start = SteadyClock::now();
  protocol::HttpResponse out;
  try {
    out = router.route(request);
  } catch (const std::exception& e) {
    out = transport_error(500, std::string("internal error: ") + e.what(), request.path);
  }
  if (options.access_log && access->should_log(spdlog::level::info)) {
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - start).count();
    const AccessLogEntry entry = describe(request, out, micros);
    access->info(options.access_log_format == LogFormat::kJson ? format_json(entry)
                                                               : format_text(entry));
  }
  return out;
}

// Worker side: queue the answer and wake the loop (once per batch: the loop reads the eventfd
// before it takes the batch, so no answer waits for a later wake-up).
void HttpServer::Loop::post_answer(Answer answer) {
  bool first = false;
  {
    std::lock_guard<std::mutex> lock(answers_mu);
    first = answers.empty();
    answers.push_back(std::move(answer));
  }
  if (first) {
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = ::write(wake_fd, &one, sizeof(one));
  }
}

void HttpServer::Loop::take_answers() {
  std::uint64_t count = 0;
  [[maybe_unused]] const ssize_t n = ::read(wake_fd, &count, sizeof(count));
  std::vector<Answer> batch;
  {
    std::lock_guard<std::mutex> lock(answers_mu);
    batch.swap(answers);
  }
  for (Answer& a : batch) {
    auto it = connections.find(a.connection);
    if (it == connections.end()) continue;  // the client left
    queue_answer(*it->second, std::move(a.response));
  }
}

void HttpServer::Loop::queue_answer(Connection& c, protocol::HttpResponse response) {
  const bool keep = c.keep_alive && !stopping && !c.read_eof && !c.close_after_write;
  ConnectionReply reply;
  reply.keep_alive = keep;
  reply.http10 = c.http10;
  reply.keep_alive_timeout_s = options.keep_alive_timeout_seconds;
  c.out.push_back(response_head(response, reply));
  if (!c.head_only && !response.body.empty()) c.out.push_back(std::move(response.body));
  c.answer_queued = true;
  c.close_after_write = !keep;
  flush(c);
}

// Writes what it can without blocking; the rest waits for EPOLLOUT. When an answer is out the
// connection reads its next request (maybe already buffered), or closes.
void HttpServer::Loop::flush(Connection& c) {
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
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      if (errno == EINTR) continue;
      close_connection(c);
      return;
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
  if (!c.out.empty()) {
    update_interest(c);
    return;
  }
  if (c.answer_queued) {
    if (c.close_after_write) {
      close_connection(c);
      return;
    }
    c.answer_queued = false;
    c.busy = false;
    c.last_active = SteadyClock::now();
    update_interest(c);
    parse_input(c);  // a pipelined request may be waiting already
    return;
  }
  update_interest(c);
}

void HttpServer::Loop::update_interest(Connection& c) {
  std::uint32_t want = 0;
  if (!c.out.empty()) want |= EPOLLOUT;
  if (!c.busy && !c.read_eof) want |= EPOLLIN;
  if (want == c.events) return;
  c.events = want;
  epoll_event ev{};
  ev.events = want;
  ev.data.u64 = c.id;
  epoll_ctl(epoll_fd, EPOLL_CTL_MOD, c.fd, &ev);
}

void HttpServer::Loop::close_connection(Connection& c) {
  ::close(c.fd);  // also leaves the epoll set
  connections.erase(c.id);
}

void HttpServer::Loop::begin_stop() {
  stopping = true;
  stop_at = SteadyClock::now();
  if (listen_fd >= 0) {
    epoll_ctl(epoll_fd, EPOLL_CTL_DEL, listen_fd, nullptr);
    ::close(listen_fd);
    listen_fd = -1;
  }
  sweep(stop_at);
}

// Closes idle keep-alive connections past the timeout (all of them once stopping), requests that
// stall half sent, and clients that stopped reading their answer.
void HttpServer::Loop::sweep(SteadyClock::time_point now) {
  last_sweep = now;
  if (accept_paused && !stopping && now >= accept_resume_at) {
    accept_paused = false;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kListenId;
    epoll_ctl(epoll_fd, EPOLL_CTL_MOD, listen_fd, &ev);
  }
  const auto timeout = std::chrono::seconds(options.keep_alive_timeout_seconds);
  std::vector<std::uint64_t> expired;
  for (const auto& [id, c] : connections) {
    const bool idle = !c->busy && c->out.empty();
    const bool waiting_on_worker = c->busy && !c->answer_queued;
    if (waiting_on_worker) continue;  // in flight: always finishes
    const bool too_long = now - c->last_active > timeout;
    if (idle && stopping &&
        (!c->parser.started() || now - stop_at > kStopGraceForPartialRequests)) {
      expired.push_back(id);
    } else if (too_long) {
      expired.push_back(id);
    }
  }
  for (const std::uint64_t id : expired) close_connection(*connections.at(id));
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
  return loop_->workers_wanted;
}

}  // namespace cloudlife::server
