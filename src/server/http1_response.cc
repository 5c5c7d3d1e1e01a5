#include "server/http1_response.h"

#include <nlohmann/json.hpp>

namespace cloudlife::server {

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Status";
  }
}

std::string response_head(const protocol::HttpResponse& response, const ConnectionReply& reply) {
  std::string head;
  head.reserve(256);
  head += "HTTP/1.1 ";
  head += std::to_string(response.status);
  head += ' ';
  head += reason_phrase(response.status);
  head += "\r\n";
  for (const auto& [name, value] : response.headers) {
    head += name;
    head += ": ";
    head += value;
    head += "\r\n";
  }
  head += "Content-Type: ";
  head += response.content_type.empty() ? std::string_view("text/plain")
                                        : std::string_view(response.content_type);
  head += "\r\nContent-Length: ";
  head += std::to_string(response.body.size());
  if (!reply.keep_alive) {
    head += "\r\nConnection: close";
  } else {
    if (reply.http10) head += "\r\nConnection: keep-alive";
    head += "\r\nKeep-Alive: timeout=";
    head += std::to_string(reply.keep_alive_timeout_s);
  }
  head += "\r\n\r\n";
  return head;
}

protocol::HttpResponse transport_error(int status, const std::string& message,
                                       std::string_view path) {
  protocol::HttpResponse r;
  r.status = status;
  if (path.rfind("/_cloudlife/", 0) == 0 || path.rfind("/moto-api/", 0) == 0) {
    r.content_type = "application/json";
    r.body = nlohmann::json{{"error", message}}.dump(-1, ' ', false,
                                                     nlohmann::json::error_handler_t::replace);
  } else {
    r.content_type = "text/plain";
    r.body = message;
  }
  return r;
}

}  // namespace cloudlife::server
