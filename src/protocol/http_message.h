// Transport-neutral HTTP request and response, as the protocol layer sees them.
// Contract: header names compare case-insensitively; `body` holds the raw bytes exactly as received
// (signatures hash them); `query` holds the decoded query-string pairs in wire order.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cloudlife::protocol {

struct CaseInsensitiveLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const;
};

using HeaderMap = std::multimap<std::string, std::string, CaseInsensitiveLess>;

struct HttpRequest {
  std::string method;
  std::string path;       // without the query string
  std::string raw_query;  // as received, without '?'
  std::vector<std::pair<std::string, std::string>> query;
  HeaderMap headers;
  std::string body;
  std::string remote_addr;

  // First value of a header, or "" when absent.
  std::string_view header(std::string_view name) const;
  bool has_header(std::string_view name) const { return headers.find(name) != headers.end(); }
};

struct HttpResponse {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Not sent: the cloud error code of an error response, for the audit trail and the access log.
  std::string error_code;
  // Not sent: the answer is an injected fault (nothing was attempted; never journaled).
  bool injected_fault = false;
};

}  // namespace cloudlife::protocol
