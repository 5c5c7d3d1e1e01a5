// An incremental HTTP/1.1 request parser (RFC 9112) for the event-loop front end (http_server.h).
// Contract: feed() takes bytes as they arrive and consumes at most one request; once it reports
// kComplete, take() yields the request and the parser is ready for the next one (bytes of a
// pipelined request are left unconsumed for the caller to feed again). The body is framed by
// Transfer-Encoding: chunked, else by Content-Length, else it is empty (RFC 9112 §6.3: a request
// without either has no body). Bodies are never held whole when oversize: the first
// kBodyKeepBytes are kept and, past that, only the last kBodyTailBytes, appended after a '&' —
// enough for the Router to refuse the request in the calling cloud's words (it reads Version from
// either end) — while the rest is read and dropped so the client still gets its answer. A malformed
// request is kError with the HTTP status to answer (400, 431, 501, 505); the connection must then
// be closed.
//
//   Http1RequestParser p;
//   std::size_t used = p.feed(bytes);  // kNeedMore / kComplete / kError
//   if (p.state() == Http1RequestParser::State::kComplete) route(p.take());
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/http_message.h"

namespace cloudlife::server {

class Http1RequestParser {
 public:
  enum class State { kNeedMore, kComplete, kError };

  static constexpr std::size_t kMaxHeadBytes = 64 * 1024;
  static constexpr std::size_t kBodyKeepBytes = 10 * 1024 * 1024 + 1;
  static constexpr std::size_t kBodyTailBytes = 4096;

  // Consumes bytes of the current request; returns how many were used (fewer than given only when
  // the request completed or failed).
  std::size_t feed(std::string_view data);
  State state() const { return state_; }

  // After the head is parsed: the client sent "Expect: 100-continue" and waits for an interim
  // answer before the body. Reported once (the flag clears when read).
  bool take_expect_continue();
  // True once any byte of the current request arrived (an idle connection has none).
  bool started() const { return started_; }

  // REQUIRES: state() == kComplete. The request (remote_addr left empty). keep_alive(),
  // head_only() and http10() describe the request last completed until the next one starts:
  // whether the client asked to keep the connection open (HTTP/1.1 default; HTTP/1.0 only with
  // keep-alive), whether the answer's body must be left out (HEAD), and the protocol version.
  protocol::HttpRequest take();
  bool keep_alive() const { return keep_alive_; }
  bool head_only() const { return method_ == "HEAD"; }
  bool http10() const { return http10_; }
  // REQUIRES: state() == kError.
  int error_status() const { return error_status_; }
  const std::string& error_message() const { return error_message_; }
  // The request path when known (for answering a malformed control-plane request in JSON).
  const std::string& path() const { return request_.path; }

 private:
  enum class Phase { kHead, kBody, kChunkSize, kChunkData, kChunkDataEnd, kTrailers, kDone };

  std::size_t feed_head(std::string_view data);
  std::size_t feed_line(std::string_view data, std::size_t max, std::string& line, bool& done);
  bool parse_head();
  bool parse_request_line(std::string_view line);
  bool parse_framing();
  void append_body(std::string_view bytes);
  void finish();
  void fail(int status, std::string message);

  State state_ = State::kNeedMore;
  Phase phase_ = Phase::kHead;
  bool started_ = false;
  std::string head_;
  std::size_t head_scanned_ = 0;
  std::string line_;
  protocol::HttpRequest request_;
  std::string method_;
  std::string tail_;
  std::uint64_t remaining_ = 0;
  bool keep_alive_ = true;
  bool http10_ = false;
  bool expect_continue_ = false;
  int error_status_ = 0;
  std::string error_message_;
};

}  // namespace cloudlife::server
