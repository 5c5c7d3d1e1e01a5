#include "server/health_check.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

namespace cloudlife::server {
namespace {

// One plain HTTP/1.1 GET with "Connection: close", read to the end. Written on sockets rather than
// with an HTTP client library: linking one (cpp-httplib, built with OpenSSL) into the server binary
// initialised OpenSSL at load and cost ~3 MiB of the server's idle RSS (docs/performance.md).
struct Answer {
  int status = 0;
  std::string body;
};

using Clock = std::chrono::steady_clock;

int millis_left(Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

// Waits for `events` on fd until the deadline; false on timeout or error.
bool wait_for(int fd, short events, Clock::time_point deadline) {
  pollfd p{fd, events, 0};
  for (;;) {
    const int n = ::poll(&p, 1, millis_left(deadline));
    if (n > 0) return true;
    if (n == 0 || errno != EINTR) return false;
  }
}

int connect_to(const std::string& host, const std::string& port, Clock::time_point deadline,
               std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (const int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    error = std::string("Connection: ") + ::gai_strerror(rc);
    return -1;
  }
  int fd = -1;
  error = "Connection";
  for (addrinfo* a = found; a && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      int err = errno;
      if (err == EINPROGRESS && wait_for(fd, POLLOUT, deadline)) {
        socklen_t len = sizeof err;
        if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
      } else if (err == EINPROGRESS) {
        err = ETIMEDOUT;
      }
      if (err != 0) {
        error = std::string("Connection: ") + std::strerror(err);
        ::close(fd);
        fd = -1;
      }
    }
  }
  ::freeaddrinfo(found);
  return fd;
}

std::optional<Answer> http_get(const std::string& host, const std::string& port,
                               const std::string& path, double timeout_seconds,
                               std::string& error) {
  const auto timeout = std::chrono::microseconds(std::llround(timeout_seconds * 1e6));
  const int fd = connect_to(host, port, Clock::now() + timeout, error);
  if (fd < 0) return std::nullopt;
  const std::string request = "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port +
                              "\r\nAccept: */*\r\nConnection: close\r\n\r\n";
  std::size_t sent = 0;
  auto deadline = Clock::now() + timeout;
  while (sent < request.size()) {
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && errno == EAGAIN && wait_for(fd, POLLOUT, deadline)) {
      continue;
    } else {
      error = "Write";
      ::close(fd);
      return std::nullopt;
    }
  }
  std::string raw;
  char buf[16384];
  deadline = Clock::now() + timeout;
  for (;;) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n > 0) {
      raw.append(buf, static_cast<std::size_t>(n));
      if (raw.size() > (16u << 20)) break;  // a health answer is small: not a server of ours
      continue;
    }
    if (n == 0) break;
    if (errno == EINTR) continue;
    if (errno == EAGAIN && wait_for(fd, POLLIN, deadline)) continue;
    error = "Read";
    ::close(fd);
    return std::nullopt;
  }
  ::close(fd);
  // "HTTP/1.x NNN reason\r\n" headers "\r\n\r\n" body
  const std::size_t head_end = raw.find("\r\n\r\n");
  if (raw.compare(0, 5, "HTTP/") != 0 || head_end == std::string::npos) {
    error = "Read: not an HTTP answer";
    return std::nullopt;
  }
  const std::size_t space = raw.find(' ');
  Answer a;
  a.status = space < head_end ? std::atoi(raw.c_str() + space + 1) : 0;
  a.body = raw.substr(head_end + 4);
  return a;
}

}  // namespace

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
  // host[:port] after the scheme; a bracketed IPv6 literal keeps its colons.
  std::string authority = base.substr(scheme + 3);
  std::string host = authority, port = "80";
  if (const std::size_t colon = authority.rfind(':');
      colon != std::string::npos && authority.find(']', colon) == std::string::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::string error;
  const std::optional<Answer> res =
      http_get(host, port, "/_cloudlife/health", timeout_seconds, error);
  if (!res) {
    std::cerr << "cloudlife health: " << base << " unreachable (" << error << ")\n";
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
