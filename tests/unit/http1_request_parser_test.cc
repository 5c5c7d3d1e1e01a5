// Http1RequestParser: framing rules of RFC 9112 as the front end applies them.
#include "server/http1_request_parser.h"

#include <gtest/gtest.h>

#include <string>

#include "server/http1_response.h"

namespace cloudlife::server {
namespace {

using State = Http1RequestParser::State;

// Feeds `raw` one byte at a time (the worst split a network can produce).
std::size_t feed_bytewise(Http1RequestParser& p, std::string_view raw) {
  std::size_t used = 0;
  while (used < raw.size() && p.state() == State::kNeedMore) {
    used += p.feed(raw.substr(used, 1));
  }
  return used;
}

TEST(Http1RequestParser, ARequestWithoutContentLengthOrTransferEncodingHasAnEmptyBody) {
  Http1RequestParser p;
  const std::string raw = "POST /moto-api/reset HTTP/1.1\r\nHost: localhost\r\n\r\n";
  EXPECT_EQ(p.feed(raw), raw.size());
  ASSERT_EQ(p.state(), State::kComplete);
  const protocol::HttpRequest r = p.take();
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/moto-api/reset");
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(r.header("host"), "localhost");
}

TEST(Http1RequestParser, ContentLengthBodyAndQueryAcrossByteSizedPieces) {
  Http1RequestParser p;
  const std::string raw =
      "POST /a%20b?Action=X&Version=1 HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello";
  EXPECT_EQ(feed_bytewise(p, raw), raw.size());
  ASSERT_EQ(p.state(), State::kComplete);
  EXPECT_TRUE(p.keep_alive());
  const protocol::HttpRequest r = p.take();
  EXPECT_EQ(r.path, "/a b");
  EXPECT_EQ(r.raw_query, "Action=X&Version=1");
  ASSERT_EQ(r.query.size(), 2u);
  EXPECT_EQ(r.query[0].second, "X");
  EXPECT_EQ(r.body, "hello");
}

TEST(Http1RequestParser, ChunkedBodyWithExtensionsAndTrailers) {
  Http1RequestParser p;
  const std::string raw =
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3;name=v\r\nabc\r\nA\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\n";
  EXPECT_EQ(feed_bytewise(p, raw), raw.size());
  ASSERT_EQ(p.state(), State::kComplete);
  EXPECT_EQ(p.take().body, "abc0123456789");
}

TEST(Http1RequestParser, PipelinedBytesAreLeftForTheNextRequest) {
  Http1RequestParser p;
  const std::string first = "GET /one HTTP/1.1\r\n\r\n";
  const std::string second = "GET /two HTTP/1.1\r\nConnection: close\r\n\r\n";
  const std::string raw = first + second;
  EXPECT_EQ(p.feed(raw), first.size());
  EXPECT_EQ(p.take().path, "/one");
  EXPECT_EQ(p.feed(std::string_view(raw).substr(first.size())), second.size());
  EXPECT_FALSE(p.keep_alive());
  EXPECT_EQ(p.take().path, "/two");
}

TEST(Http1RequestParser, Http10ClosesUnlessItAsksForKeepAlive) {
  Http1RequestParser p;
  p.feed("GET / HTTP/1.0\r\n\r\n");
  EXPECT_TRUE(p.http10());
  EXPECT_FALSE(p.keep_alive());
  p.take();
  p.feed("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n");
  EXPECT_TRUE(p.keep_alive());
}

TEST(Http1RequestParser, ExpectContinueIsReportedOnceBeforeTheBody) {
  Http1RequestParser p;
  p.feed("PUT / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
  EXPECT_EQ(p.state(), State::kNeedMore);
  EXPECT_TRUE(p.take_expect_continue());
  EXPECT_FALSE(p.take_expect_continue());
  p.feed("ok");
  EXPECT_EQ(p.state(), State::kComplete);
}

TEST(Http1RequestParser, AnOversizeBodyKeepsItsHeadAndTailOnly) {
  Http1RequestParser p;
  const std::size_t size = Http1RequestParser::kBodyKeepBytes + 100000;
  p.feed("POST / HTTP/1.1\r\nContent-Length: " + std::to_string(size) + "\r\n\r\n");
  std::string piece(65536, 'x');
  std::size_t sent = 0;
  while (sent + piece.size() < size - 20) sent += p.feed(piece);
  const std::string rest = std::string(size - sent - 20, 'y') + "&Version=2016-11-15";
  sent += p.feed(rest + "z");  // the last byte is the 20th, "z"
  ASSERT_EQ(p.state(), State::kComplete);
  EXPECT_EQ(sent, size);
  const std::string body = p.take().body;
  EXPECT_EQ(body.size(),
            Http1RequestParser::kBodyKeepBytes + 1 + Http1RequestParser::kBodyTailBytes);
  EXPECT_EQ(body.substr(body.size() - 20), "&Version=2016-11-15z");
}

struct Malformed {
  const char* raw;
  int status;
};

class Http1RequestParserMalformed : public ::testing::TestWithParam<Malformed> {};

TEST_P(Http1RequestParserMalformed, IsRefusedWithTheMatchingStatus) {
  Http1RequestParser p;
  p.feed(GetParam().raw);
  ASSERT_EQ(p.state(), State::kError) << GetParam().raw;
  EXPECT_EQ(p.error_status(), GetParam().status);
}

INSTANTIATE_TEST_SUITE_P(
    Framing, Http1RequestParserMalformed,
    ::testing::Values(Malformed{"NOT A REQUEST LINE AT ALL\r\n\r\n", 400},
                      Malformed{"GET / HTTP/2.0\r\n\r\n", 505},
                      Malformed{"GET noslash HTTP/1.1\r\n\r\n", 400},
                      Malformed{"GET / HTTP/1.1\r\nNo Colon Here\r\n\r\n", 400},
                      Malformed{"GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n", 400},
                      Malformed{"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400},
                      Malformed{"POST / HTTP/1.1\r\nContent-Length: 1, 2\r\n\r\n", 400},
                      Malformed{"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501},
                      Malformed{"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400},
                      Malformed{"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n",
                                400}));

TEST(Http1RequestParser, AHeadOver64KiBIs431) {
  Http1RequestParser p;
  p.feed("GET / HTTP/1.1\r\nX: " + std::string(70 * 1024, 'a'));
  ASSERT_EQ(p.state(), State::kError);
  EXPECT_EQ(p.error_status(), 431);
}

TEST(Http1Response, HeadNamesLengthAndConnection) {
  protocol::HttpResponse r;
  r.status = 413;
  r.content_type = "application/json";
  r.body = "{}";
  r.headers.emplace_back("x-amzn-RequestId", "abc");
  ConnectionReply reply;
  reply.keep_alive = false;
  EXPECT_EQ(response_head(r, reply),
            "HTTP/1.1 413 Payload Too Large\r\nx-amzn-RequestId: abc\r\n"
            "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n");
}

TEST(Http1Response, TransportErrorsAreJsonOnTheControlPlaneOnly) {
  EXPECT_EQ(transport_error(400, "bad", "/_cloudlife/reset").content_type, "application/json");
  EXPECT_EQ(transport_error(400, "bad", "/moto-api/reset").body, R"({"error":"bad"})");
  EXPECT_EQ(transport_error(400, "bad", "/").content_type, "text/plain");
}

}  // namespace
}  // namespace cloudlife::server
