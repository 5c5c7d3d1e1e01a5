// The service-event log (src/core/service_events.h): numbering, filters, long-poll, reset.
#include "core/service_events.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace cloudlife::core {
namespace {

nlohmann::json envelope(const std::string& type, std::uint64_t salt = 0) {
  return eventbridge_envelope("aws.ec2", type, "123456789012", "us-east-1", 1700000000123,
                              {"arn:aws:ec2:us-east-1:123456789012:instance/i-1"},
                              {{"instance-id", "i-1"}}, salt);
}

TEST(ServiceEvents, TheEnvelopeIsEventBridgesShape) {
  const nlohmann::json e = envelope("EC2 Instance State-change Notification");
  EXPECT_EQ(e["version"], "0");
  EXPECT_EQ(e["source"], "aws.ec2");
  EXPECT_EQ(e["detail-type"], "EC2 Instance State-change Notification");
  EXPECT_EQ(e["time"], "2023-11-14T22:13:20Z");  // whole seconds
  EXPECT_EQ(e["id"].get<std::string>().size(), 36u);
  EXPECT_EQ(e["id"], envelope("EC2 Instance State-change Notification")["id"]);  // replayable
  EXPECT_NE(e["id"], envelope("EC2 Instance State-change Notification", 1)["id"]);
}

// The text writer (the state-change hot path) is byte-identical to the DOM's dump, escapes and
// non-ASCII and invalid UTF-8 (replaced) included, and hashes the same id.
TEST(ServiceEvents, TheTextEnvelopeIsTheDomsDump) {
  const auto dump = [](const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  const std::vector<std::vector<std::string>> cases = {
      {"aws.ec2", "EC2 Instance State-change Notification", "123456789012", "us-east-1", "i-1"},
      {"aws.ec2", "quote\" back\\ nl\n tab\t bell\x07 del\x7f", "0", "eu-west-1", "x\x01y"},
      {"aws.autoscaling", "caf\xc3\xa9 \xe2\x82\xac", "acct", "r\xff-bad", "i-\xc3\xa9"},
      {"", "", "", "", ""},
  };
  for (const auto& c : cases) {
    const nlohmann::json detail = {{"instance-id", c[4]}, {"state", "pending"}};
    const std::vector<std::string> resources = {"arn:" + c[4], "second"};
    for (const std::uint64_t salt : {0ULL, 77ULL}) {
      const std::string want = dump(
          eventbridge_envelope(c[0], c[1], c[2], c[3], 1700000000123, resources, detail, salt));
      const std::string got = eventbridge_envelope_text(c[0], c[1], c[2], c[3], 1700000000123,
                                                        resources, dump(detail), salt);
      EXPECT_EQ(got, want);
    }
  }
  std::string s;
  append_json_string(s, "a\"b\x1f");
  EXPECT_EQ(s, "\"a\\\"b\\u001f\"");
}

TEST(ServiceEvents, AReaderGetsTheEnvelopeExactlyAsPublished) {
  // The log packs what it stores; what comes back must be the envelope's compact dump, byte for
  // byte, whatever the text holds (escapes, controls, non-ASCII, runs the packing knows).
  ServiceEventLog log;
  std::vector<std::string> sent;
  const std::vector<nlohmann::json> details = {
      {{"instance-id", "i-0123456789abcdef0"}, {"state", "running"}},
      {{"text", "tab\t nl\n ctl\x01 quote\" back\\ é ✓ 123456789012us-east-1"}},
      {{"AutoScalingGroupName", "\",\"region\":\""}, {"EC2InstanceId", ":instance/"}},
      nlohmann::json::object(),
  };
  for (const nlohmann::json& d : details) {
    const nlohmann::json e = eventbridge_envelope(
        "aws.ec2", "EC2 Instance State-change Notification", "123456789012", "us-east-1",
        1700000000123, {"arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0"}, d, 0);
    sent.push_back(e.dump());
    log.publish(e);
  }
  const auto page = log.query({});
  ASSERT_EQ(page.events.size(), sent.size());
  for (std::size_t i = 0; i < sent.size(); ++i) EXPECT_EQ(page.events[i].envelope, sent[i]);
}

void write_test_subject(std::string_view subject, std::string_view value, std::string_view account,
                        std::string_view region, std::vector<std::string>& resources,
                        std::string& detail) {
  resources.push_back("arn:" + std::string(region) + ":" + std::string(account) + "/" +
                      std::string(subject));
  detail += "{\"instance-id\":";
  append_json_string(detail, subject);
  detail += ",\"state\":";
  append_json_string(detail, value);
  detail += '}';
}

// A subject event is kept as its facts; a reader gets exactly the text publish_text would have
// stored, in seq order among text events, filtered the same way (also once the names run out).
TEST(ServiceEvents, ASubjectEventReadsAsItsText) {
  static const SubjectEventFormat format{"aws.ec2", "EC2 Instance State-change Notification",
                                         write_test_subject};
  ServiceEventLog facts;
  ServiceEventLog texts;
  const auto text_of = [](const std::string& account, const std::string& subject,
                          const std::string& value, std::uint64_t salt) {
    std::vector<std::string> resources;
    std::string detail;
    write_test_subject(subject, value, account, "us-east-1", resources, detail);
    return eventbridge_envelope_text(format.source, format.detail_type, account, "us-east-1",
                                     1700000000123 + static_cast<TimeMs>(salt), resources, detail,
                                     salt);
  };
  for (std::uint64_t i = 0; i < 300; ++i) {
    // Past 256 distinct names the log stores the text instead: the reader cannot tell.
    const std::string account = i < 10 ? "123456789012" : "acct-" + std::to_string(i);
    const std::string subject = i % 3 == 0 ? "i-\xc3\xa9\"\x01" : "i-" + std::to_string(i);
    const std::string value = i % 2 ? "running" : "pending";
    if (i % 7 == 0) {
      facts.publish(envelope("Other", i));
      texts.publish(envelope("Other", i));
    }
    facts.publish_subject(format, account, "us-east-1", 1700000000123 + static_cast<TimeMs>(i),
                          subject, value, i);
    texts.publish_text(format.source, format.detail_type, text_of(account, subject, value, i));
  }
  for (const std::string type : {"", "EC2 Instance State-change Notification", "Other"}) {
    ServiceEventQuery q;
    q.detail_type = type;
    q.after = 5;
    const auto got = facts.query(q);
    const auto want = texts.query(q);
    EXPECT_EQ(got.last_seq, want.last_seq);
    ASSERT_EQ(got.events.size(), want.events.size());
    for (std::size_t i = 0; i < got.events.size(); ++i) {
      EXPECT_EQ(got.events[i].seq, want.events[i].seq);
      EXPECT_EQ(got.events[i].source, want.events[i].source);
      EXPECT_EQ(got.events[i].detail_type, want.events[i].detail_type);
      EXPECT_EQ(got.events[i].envelope, want.events[i].envelope);
    }
  }
  ServiceEventQuery last;
  last.after = 300;
  const auto waited = facts.wait_for(last, std::chrono::milliseconds(1));
  ASSERT_FALSE(waited.events.empty());
  EXPECT_EQ(waited.events[0].envelope, texts.query(last).events.at(0).envelope);
}

TEST(ServiceEvents, EventsAreNumberedAndFiltered) {
  ServiceEventLog log;
  EXPECT_EQ(log.publish(envelope("A")), 1u);
  EXPECT_EQ(log.publish(envelope("B")), 2u);
  EXPECT_EQ(log.publish(envelope("A")), 3u);
  ServiceEventQuery q;
  q.detail_type = "A";
  auto page = log.query(q);
  ASSERT_EQ(page.events.size(), 2u);
  EXPECT_EQ(page.events[1].seq, 3u);
  EXPECT_EQ(page.last_seq, 3u);
  q.after = 1;
  q.limit = 1;
  EXPECT_EQ(log.query(q).events.at(0).seq, 3u);
  q = {};
  q.source = "aws.autoscaling";
  EXPECT_TRUE(log.query(q).events.empty());
  log.clear();
  EXPECT_EQ(log.last_seq(), 0u);
  EXPECT_EQ(log.publish(envelope("A")), 1u);
}

TEST(ServiceEvents, AWaitingReaderIsWokenByAPublish) {
  ServiceEventLog log;
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    log.publish(envelope("A"));
  });
  const auto page = log.wait_for({}, std::chrono::seconds(10));
  writer.join();
  ASSERT_EQ(page.events.size(), 1u);
}

TEST(ServiceEvents, WaitSlotsAreBounded) {
  ServiceEventLog log;
  log.set_max_waiters(1);
  EXPECT_TRUE(log.try_enter_wait());
  EXPECT_FALSE(log.try_enter_wait());
  log.leave_wait();
  log.interrupt_waits();
  EXPECT_FALSE(log.try_enter_wait());
}

}  // namespace
}  // namespace cloudlife::core
