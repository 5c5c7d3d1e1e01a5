// HTTP/1.1 answers on the wire (RFC 9112) for the event-loop front end (http_server.h).
// Contract: response_head() is the status line and header section of an answer whose body is sent
// as is after it (Content-Length framing, never chunked); it names the body's length even for HEAD,
// whose body is not sent. transport_error() is the answer to a request the front end refuses
// before the Router sees it (malformed framing, oversize head): JSON {"error": …} on control-plane
// paths (/_cloudlife/, /moto-api/), as every control-plane answer is, text/plain elsewhere.
#pragma once

#include <string>
#include <string_view>

#include "protocol/http_message.h"

namespace cloudlife::server {

struct ConnectionReply {
  bool keep_alive = true;        // else "Connection: close"
  bool http10 = false;           // an HTTP/1.0 client keeping the connection gets "keep-alive"
  int keep_alive_timeout_s = 5;  // advertised in "Keep-Alive: timeout=N"
};

std::string response_head(const protocol::HttpResponse& response, const ConnectionReply& reply);
std::string_view reason_phrase(int status);
protocol::HttpResponse transport_error(int status, const std::string& message,
                                       std::string_view path);
inline constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

}  // namespace cloudlife::server
