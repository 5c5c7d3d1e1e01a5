// The journal record reader (src/server/journal_record.h): the fast reader and the nlohmann path
// give the same record for what the server writes, and the fast reader declines anything else.
#include "server/journal_record.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cloudlife::server {
namespace {

void expect_same(const JournalRecord& a, const JournalRecord& b) {
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.request.method, b.request.method);
  EXPECT_EQ(a.request.path, b.request.path);
  EXPECT_EQ(a.request.raw_query, b.request.raw_query);
  EXPECT_EQ(a.request.query, b.request.query);
  EXPECT_EQ(a.request.body, b.request.body);
  EXPECT_EQ(a.request.remote_addr, b.request.remote_addr);
  EXPECT_EQ(std::vector(a.request.headers.begin(), a.request.headers.end()),
            std::vector(b.request.headers.begin(), b.request.headers.end()));
  EXPECT_EQ(a.virtual_at, b.virtual_at);
  EXPECT_EQ(a.wall_at, b.wall_at);
  EXPECT_EQ(a.virtual_after, b.virtual_after);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.error_code, b.error_code);
  EXPECT_EQ(a.mode_after, b.mode_after);
}

TEST(JournalRecord, TheFastReaderAgreesWithNlohmann) {
  const std::vector<nlohmann::json> records = {
      {{"t", "req"},
       {"m", "POST"},
       {"p", "/"},
       {"q", ""},
       {"b", "Version=2016-11-15&Action=CreateTags&Tag.1.Value=a%20b\"q\\\\\n\t"},
       {"h",
        {{{"n", "Content-Type"}, {"v", "application/x-www-form-urlencoded"}},
         {{"n", "Host"}, {"v", "127.0.0.1:4570"}}}},
       {"v", 1795768935406},
       {"w", 1795768935407},
       {"s", 200}},
      {{"t", "req"},
       {"m", "GET"},
       {"p", "/"},
       {"q", "Action=DescribeInstances&RegionId=cn-hangzhou"},
       {"b64", "AP8="},
       {"h", nlohmann::json::array()},
       {"v", -5},
       {"s", 400},
       {"e", "InvalidParameterValue"}},
      {{"t", "ctl"},
       {"m", "POST"},
       {"p", "/_cloudlife/clock/advance"},
       {"q", ""},
       {"b", "{\"seconds\":60}"},
       {"h", {{{"n64", "SG9zdA=="}, {"v", "x"}}}},
       {"v", 10},
       {"v_after", 60010},
       {"w", 99},
       {"mode_after", "frozen"}},
      nlohmann::json::object(),
  };
  for (const nlohmann::json& r : records) {
    const std::string text = r.dump();
    const auto fast = read_journal_record(text);
    ASSERT_TRUE(fast.has_value()) << text;
    expect_same(*fast, journal_record_from_json(r));
  }
}

TEST(JournalRecord, TheFastReaderDeclinesWhatItDoesNotKnow) {
  for (const char* text : {
           R"({"t":"req","b":"caf\u00e9"})",          // a \u escape
           R"({"t":"req","x":1})",                    // an unknown member
           R"({"t":"req","v":1.5})",                  // not an integer
           R"({"t":"req","v":007})",                  // a leading zero (not JSON)
           R"({"t":"req","s":200} )",                 // trailing text
           R"({"t":"req","h":[{"n":"a","z":"b"}]})",  // an unknown header member
           "{\"t\":\"re\x01q\"}",                     // a raw control character
           R"({"t":"req")",                           // cut short
           R"([1,2])",
       }) {
    EXPECT_FALSE(read_journal_record(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace cloudlife::server
