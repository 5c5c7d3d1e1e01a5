#include "server/http_server.h"

#include <chrono>

#include <httplib.h>
#include <spdlog/spdlog.h>

#include "protocol/form_decoding.h"
#include "server/access_log.h"

namespace cloudlife::server {
namespace {

protocol::HttpRequest to_request(const httplib::Request& req, std::string body) {
  protocol::HttpRequest r;
  r.method = req.method;
  r.path = req.path;
  const std::size_t q = req.target.find('?');
  if (q != std::string::npos) {
    r.raw_query = req.target.substr(q + 1);
    if (auto pairs = protocol::decode_form(r.raw_query)) r.query = std::move(*pairs);
  }
  for (const auto& [name, value] : req.headers) r.headers.emplace(name, value);
  r.body = std::move(body);
  r.remote_addr = req.remote_addr;
  return r;
}

}  // namespace

HttpServer::HttpServer(Router& router, HttpServerOptions options)
    : router_(router), options_(options), server_(std::make_unique<httplib::Server>()) {
  const int threads = options_.threads;
  server_->new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<size_t>(threads));
  };
  // SO_REUSEADDR only: httplib's default also sets SO_REUSEPORT, which lets a second server bind
  // the same port and silently share its connections instead of failing to start.
  server_->set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  server_->set_keep_alive_max_count(100000);
  // Without it every keep-alive answer waits ~40 ms on the client's delayed ACK (headers and body
  // go out in two writes).
  server_->set_tcp_nodelay(true);
  server_->set_keep_alive_timeout(options_.keep_alive_timeout_seconds);
  // The router refuses bodies over Router::kMaxBodyBytes in each cloud's words; httplib only stops
  // absurd uploads.
  server_->set_payload_max_length(std::size_t{1} << 30);
  std::shared_ptr<spdlog::logger> access = spdlog::get(kAccessLoggerName);
  if (!access) access = spdlog::default_logger();
  auto handle = [this, access](const httplib::Request& req, std::string body,
                               httplib::Response& res) {
    const auto start = std::chrono::steady_clock::now();
    const protocol::HttpRequest request = to_request(req, std::move(body));
    protocol::HttpResponse out;
    try {
      out = router_.route(request);
    } catch (const std::exception& e) {
      out.status = 500;
      out.content_type = "text/plain";
      out.body = std::string("internal error: ") + e.what();
    }
    if (options_.access_log && access->should_log(spdlog::level::info)) {
      const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                              std::chrono::steady_clock::now() - start)
                              .count();
      const AccessLogEntry entry = describe(request, out, micros);
      access->info(options_.access_log_format == LogFormat::kJson ? format_json(entry)
                                                                  : format_text(entry));
    }
    res.status = out.status;
    for (const auto& [name, value] : out.headers) res.set_header(name, value);
    res.set_content(std::move(out.body),
                    out.content_type.empty() ? "text/plain" : out.content_type.c_str());
  };
  // Every method and path goes to the router. Bodies are read through a ContentReader: httplib's
  // own body reading refuses form bodies over 8 KiB
  // (CPPHTTPLIB_FORM_URL_ENCODED_PAYLOAD_MAX_LENGTH, compiled into Debian's libcpp-httplib) with an
  // empty 413 and parses them a second time; the payload limit above still applies.
  auto without_body = [handle](const httplib::Request& req, httplib::Response& res) {
    handle(req, req.body, res);
  };
  auto with_body = [handle](const httplib::Request& req, httplib::Response& res,
                            const httplib::ContentReader& reader) {
    // Keep at most kMaxBodyBytes + 1 bytes plus the last 4 KiB: enough for the router to refuse an
    // oversize body in the calling cloud's words (it reads Version from either end) without
    // holding it all; the rest is drained so the client gets its answer.
    constexpr std::size_t kKeep = Router::kMaxBodyBytes + 1;
    constexpr std::size_t kTail = 4096;
    std::string body;
    std::string tail;
    const bool complete = reader([&](const char* data, std::size_t n) {
      const std::size_t take = body.size() < kKeep ? std::min(n, kKeep - body.size()) : 0;
      body.append(data, take);
      if (take < n) {
        tail.append(data + take, n - take);
        if (tail.size() > 2 * kTail) tail.erase(0, tail.size() - kTail);
      }
      return true;
    });
    if (!tail.empty()) {
      body += '&';
      body += tail.size() > kTail ? tail.substr(tail.size() - kTail) : tail;
    }
    if (!complete) {
      // Cut off: never route a truncated request.
      res.status = 413;
      res.set_content("request body over the payload limit or incomplete", "text/plain");
      return;
    }
    handle(req, std::move(body), res);
  };
  static const char* kAnyPath = R"(.*)";
  server_->Get(kAnyPath, without_body);
  server_->Options(kAnyPath, without_body);
  server_->Post(kAnyPath, with_body);
  server_->Put(kAnyPath, with_body);
  server_->Delete(kAnyPath, with_body);
  server_->Patch(kAnyPath, with_body);
}

HttpServer::~HttpServer() = default;

int HttpServer::bind(const std::string& host, int port) {
  if (port == 0) return server_->bind_to_any_port(host);
  return server_->bind_to_port(host, port) ? port : -1;
}

bool HttpServer::listen() {
  return server_->listen_after_bind();
}

void HttpServer::stop() {
  server_->stop();
}

bool HttpServer::is_running() const {
  return server_->is_running();
}

}  // namespace cloudlife::server
