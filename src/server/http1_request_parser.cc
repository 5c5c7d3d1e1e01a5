#include "server/http1_request_parser.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <utility>

#include "protocol/form_decoding.h"

namespace cloudlife::server {
namespace {

constexpr std::size_t kMaxChunkLine = 4096;

bool is_token_char(unsigned char c) {
  return std::isalnum(c) ||
         std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return is_token_char(static_cast<unsigned char>(c));
  });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));  // ASCII, as the "C" locale
  }
  return out;
}

// Calls f(token) for each comma-separated, trimmed, lowercased element of a header value.
template <typename F>
void for_each_element(std::string_view value, F f) {
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t comma = value.find(',', start);
    if (comma == std::string_view::npos) comma = value.size();
    const std::string_view element = trim(value.substr(start, comma - start));
    if (!element.empty()) f(lower(element));
    start = comma + 1;
  }
}

// A decimal Content-Length; false for anything else (signs, spaces inside, overflow).
bool parse_length(std::string_view s, std::uint64_t& out) {
  if (s.empty() || s.size() > 19) return false;
  std::uint64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  out = n;
  return true;
}

// A chunk-size line: hex digits, optional ";ext". False when malformed or absurd (> 2^60).
bool parse_chunk_size(std::string_view line, std::uint64_t& out) {
  const std::size_t semi = line.find(';');
  const std::string_view digits = trim(line.substr(0, semi));
  if (digits.empty() || digits.size() > 15) return false;
  std::uint64_t n = 0;
  for (char c : digits) {
    const int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                  : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
                  : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                                                              : -1;
    if (v < 0) return false;
    n = n * 16 + static_cast<std::uint64_t>(v);
  }
  out = n;
  return true;
}

}  // namespace

std::size_t Http1RequestParser::feed(std::string_view data) {
  std::size_t used = 0;
  while (state_ == State::kNeedMore && used < data.size()) {
    const std::string_view rest = data.substr(used);
    switch (phase_) {
      case Phase::kHead:
        used += feed_head(rest);
        break;
      case Phase::kBody: {
        const std::size_t n = static_cast<std::size_t>(
            std::min<std::uint64_t>(remaining_, static_cast<std::uint64_t>(rest.size())));
        append_body(rest.substr(0, n));
        remaining_ -= n;
        used += n;
        if (remaining_ == 0) finish();
        break;
      }
      case Phase::kChunkSize: {
        bool done = false;
        used += feed_line(rest, kMaxChunkLine, line_, done);
        if (!done) break;
        std::uint64_t size = 0;
        if (!parse_chunk_size(line_, size)) {
          fail(400, "malformed chunk size");
          break;
        }
        line_.clear();
        remaining_ = size;
        phase_ = size == 0 ? Phase::kTrailers : Phase::kChunkData;
        break;
      }
      case Phase::kChunkData: {
        const std::size_t n = static_cast<std::size_t>(
            std::min<std::uint64_t>(remaining_, static_cast<std::uint64_t>(rest.size())));
        append_body(rest.substr(0, n));
        remaining_ -= n;
        used += n;
        if (remaining_ == 0) phase_ = Phase::kChunkDataEnd;
        break;
      }
      case Phase::kChunkDataEnd: {
        bool done = false;
        used += feed_line(rest, 2, line_, done);
        if (!done) break;
        if (!line_.empty()) {
          fail(400, "chunk data longer than its size");
          break;
        }
        phase_ = Phase::kChunkSize;
        break;
      }
      case Phase::kTrailers: {
        bool done = false;
        used += feed_line(rest, kMaxHeadBytes, line_, done);
        if (!done) break;
        // Trailer fields are read and dropped: nothing in the request's meaning depends on them.
        if (line_.empty()) finish();
        line_.clear();
        break;
      }
      case Phase::kDone:
        return used;
    }
  }
  return used;
}

// Reads up to and including '\n'; `line` gets the text without CR LF. `done` when the line ended.
std::size_t Http1RequestParser::feed_line(std::string_view data, std::size_t max, std::string& line,
                                          bool& done) {
  const std::size_t nl = data.find('\n');
  const std::size_t take = nl == std::string_view::npos ? data.size() : nl;
  line.append(data.substr(0, take));
  if (line.size() > max + 1) {
    fail(400, "line too long in a chunked body");
    return take;
  }
  if (nl == std::string_view::npos) return take;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  done = true;
  return take + 1;
}

std::size_t Http1RequestParser::feed_head(std::string_view data) {
  std::size_t skipped = 0;
  if (!started_) {
    // RFC 9112 §2.2: empty lines before the request line are ignored.
    while (skipped < data.size() && (data[skipped] == '\r' || data[skipped] == '\n')) ++skipped;
    if (skipped == data.size()) return skipped;
    started_ = true;
    keep_alive_ = true;
    http10_ = false;
    method_.clear();
  }
  data.remove_prefix(skipped);
  const std::size_t before = head_.size();
  const std::size_t room = kMaxHeadBytes + 4 > before ? kMaxHeadBytes + 4 - before : 0;
  head_.append(data.substr(0, std::min(data.size(), room)));
  // The head ends at an empty line: "\n\r\n" or "\n\n".
  std::size_t from = head_scanned_ > 2 ? head_scanned_ - 2 : 0;
  std::size_t end = std::string::npos;
  for (std::size_t i = head_.find('\n', from); i != std::string::npos;
       i = head_.find('\n', i + 1)) {
    if (i + 1 < head_.size() && head_[i + 1] == '\n') {
      end = i + 2;
      break;
    }
    if (i + 2 < head_.size() && head_[i + 1] == '\r' && head_[i + 2] == '\n') {
      end = i + 3;
      break;
    }
  }
  if (end == std::string::npos) {
    head_scanned_ = head_.size();
    if (head_.size() > kMaxHeadBytes) fail(431, "request head over 64 KiB");
    return skipped + (head_.size() - before);
  }
  if (end > kMaxHeadBytes + 2) {
    fail(431, "request head over 64 KiB");
    return skipped + (head_.size() - before);
  }
  const std::size_t used_here = end - before;
  head_.resize(end);
  if (parse_head()) {
    if (state_ == State::kNeedMore && phase_ == Phase::kDone) finish();
  }
  return skipped + used_here;
}

bool Http1RequestParser::parse_head() {
  std::string_view head(head_);
  std::size_t nl = head.find('\n');
  std::string_view line = head.substr(0, nl);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (!parse_request_line(line)) return false;
  std::size_t pos = nl + 1;
  while (pos < head.size()) {
    nl = head.find('\n', pos);
    line = head.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    if (line.front() == ' ' || line.front() == '\t') {
      fail(400, "obsolete line folding in a header");
      return false;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) {
      fail(400, "malformed header line");
      return false;
    }
    request_.headers.emplace(std::string(line.substr(0, colon)),
                             std::string(trim(line.substr(colon + 1))));
  }
  head_.clear();
  head_scanned_ = 0;
  return parse_framing();
}

bool Http1RequestParser::parse_request_line(std::string_view line) {
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    fail(400, "malformed request line");
    return false;
  }
  const std::string_view method = line.substr(0, sp1);
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = line.substr(sp2 + 1);
  if (!is_token(method)) {
    fail(400, "malformed request method");
    return false;
  }
  if (version == "HTTP/1.0") {
    keep_alive_ = false;
    http10_ = true;
  } else if (version != "HTTP/1.1") {
    fail(version.substr(0, 5) == "HTTP/" ? 505 : 400, "only HTTP/1.0 and HTTP/1.1 are served");
    return false;
  }
  // absolute-form (a proxy-style request): keep the path of the URI.
  if (target.substr(0, 7) == "http://" || target.substr(0, 8) == "https://") {
    const std::size_t slash = target.find('/', target.find("//") + 2);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  if (target.empty() || (target.front() != '/' && target != "*")) {
    fail(400, "malformed request target");
    return false;
  }
  method_ = std::string(method);
  request_.method = method_;
  const std::size_t q = target.find('?');
  const std::string_view raw_path = target.substr(0, q);
  auto decoded = protocol::percent_decode(raw_path, /*plus_is_space=*/false);
  request_.path = decoded ? std::move(*decoded) : std::string(raw_path);
  if (q != std::string_view::npos) {
    request_.raw_query = std::string(target.substr(q + 1));
    if (auto pairs = protocol::decode_form(request_.raw_query)) request_.query = std::move(*pairs);
  }
  return true;
}

bool Http1RequestParser::parse_framing() {
  bool chunked = false;
  bool has_length = false;
  bool has_te = false;
  std::uint64_t length = 0;
  for (const auto& [name, value] : request_.headers) {
    const std::string n = lower(name);
    if (n == "connection") {
      for_each_element(value, [&](const std::string& t) {
        if (t == "close") keep_alive_ = false;
        if (t == "keep-alive") keep_alive_ = true;
      });
    } else if (n == "transfer-encoding") {
      has_te = true;
      chunked = lower(trim(value)) == "chunked";
      if (!chunked) {
        fail(501, "only Transfer-Encoding: chunked is supported");
        return false;
      }
    } else if (n == "content-length") {
      // "5" or "5, 5" (repeated equal values are one length); anything else is malformed.
      bool ok = true;
      bool seen = false;
      for_each_element(value, [&](const std::string& t) {
        std::uint64_t v = 0;
        if (!parse_length(t, v) || (has_length && v != length)) ok = false;
        has_length = seen = true;
        length = v;
      });
      if (!ok || !seen) {
        fail(400, "malformed Content-Length");
        return false;
      }
    } else if (n == "expect") {
      expect_continue_ = lower(trim(value)) == "100-continue";
    }
  }
  if (has_te) {
    // RFC 9112 §6.1: Transfer-Encoding overrides Content-Length; such a message ends the
    // connection.
    if (has_length) keep_alive_ = false;
    phase_ = chunked ? Phase::kChunkSize : Phase::kDone;
  } else if (has_length && length > 0) {
    remaining_ = length;
    phase_ = Phase::kBody;
  } else {
    phase_ = Phase::kDone;  // no body (RFC 9112 §6.3)
  }
  if (phase_ == Phase::kDone) expect_continue_ = false;
  return true;
}

bool Http1RequestParser::take_expect_continue() {
  return std::exchange(expect_continue_, false);
}

void Http1RequestParser::append_body(std::string_view bytes) {
  std::string& body = request_.body;
  const std::size_t take =
      body.size() < kBodyKeepBytes ? std::min(bytes.size(), kBodyKeepBytes - body.size()) : 0;
  body.append(bytes.substr(0, take));
  if (take < bytes.size()) {
    tail_.append(bytes.substr(take));
    if (tail_.size() > 2 * kBodyTailBytes) tail_.erase(0, tail_.size() - kBodyTailBytes);
  }
}

void Http1RequestParser::finish() {
  if (!tail_.empty()) {
    request_.body += '&';
    request_.body.append(tail_.size() > kBodyTailBytes
                             ? std::string_view(tail_).substr(tail_.size() - kBodyTailBytes)
                             : std::string_view(tail_));
    tail_.clear();
  }
  expect_continue_ = false;
  phase_ = Phase::kDone;
  state_ = State::kComplete;
}

void Http1RequestParser::fail(int status, std::string message) {
  state_ = State::kError;
  error_status_ = status;
  error_message_ = std::move(message);
}

protocol::HttpRequest Http1RequestParser::take() {
  protocol::HttpRequest out = std::move(request_);
  request_ = protocol::HttpRequest{};
  state_ = State::kNeedMore;
  phase_ = Phase::kHead;
  started_ = false;
  head_.clear();
  head_scanned_ = 0;
  line_.clear();
  tail_.clear();
  remaining_ = 0;
  expect_continue_ = false;
  return out;
}

}  // namespace cloudlife::server
