#include "server/http_server.h"

#include <chrono>

#include <httplib.h>
#include <spdlog/spdlog.h>

#include "protocol/form_decoding.h"

namespace cloudlife::server {
namespace {

protocol::HttpRequest to_request(const httplib::Request& req) {
  protocol::HttpRequest r;
  r.method = req.method;
  r.path = req.path;
  const std::size_t q = req.target.find('?');
  if (q != std::string::npos) {
    r.raw_query = req.target.substr(q + 1);
    if (auto pairs = protocol::decode_form(r.raw_query)) r.query = std::move(*pairs);
  }
  for (const auto& [name, value] : req.headers) r.headers.emplace(name, value);
  r.body = req.body;
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
  server_->set_keep_alive_max_count(100000);
  server_->set_keep_alive_timeout(30);
  server_->set_payload_max_length(64 * 1024 * 1024);
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    const auto start = std::chrono::steady_clock::now();
    protocol::HttpResponse out;
    try {
      out = router_.route(to_request(req));
    } catch (const std::exception& e) {
      out.status = 500;
      out.content_type = "text/plain";
      out.body = std::string("internal error: ") + e.what();
    }
    res.status = out.status;
    for (const auto& [name, value] : out.headers) res.set_header(name, value);
    res.set_content(std::move(out.body), out.content_type.empty() ? "text/plain"
                                                                   : out.content_type.c_str());
    if (options_.access_log) {
      const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                              std::chrono::steady_clock::now() - start)
                              .count();
      spdlog::info("{} {} {} {}us", req.method, req.path, out.status, micros);
    }
  };
  // Every method and path goes to the router (the body is read before these handlers run).
  static const char* kAnyPath = R"(.*)";
  server_->Get(kAnyPath, handler);
  server_->Post(kAnyPath, handler);
  server_->Put(kAnyPath, handler);
  server_->Delete(kAnyPath, handler);
  server_->Patch(kAnyPath, handler);
  server_->Options(kAnyPath, handler);
}

HttpServer::~HttpServer() = default;

int HttpServer::bind(const std::string& host, int port) {
  if (port == 0) return server_->bind_to_any_port(host);
  return server_->bind_to_port(host, port) ? port : -1;
}

bool HttpServer::listen() { return server_->listen_after_bind(); }

void HttpServer::stop() { server_->stop(); }

bool HttpServer::is_running() const { return server_->is_running(); }

}  // namespace cloudlife::server
