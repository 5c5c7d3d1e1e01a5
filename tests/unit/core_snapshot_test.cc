// Snapshots of core's state (docs/architecture.md, "Snapshots"): the engine
// (core/engine_snapshot.h), fault rules (core/faults.h), the audit log (core/audit_log.h) and the
// service-event log (core/service_events.h). Each piece is populated, saved, loaded into a fresh
// piece, then (a) saved again to the same JSON and (b) made to draw, fire and answer on both sides
// alike.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/audit_log.h"
#include "core/engine.h"
#include "core/engine_snapshot.h"
#include "core/faults.h"
#include "core/ids.h"
#include "core/service_events.h"
#include "core/state_archive.h"

namespace cloudlife::core {
namespace {

using nlohmann::json;
using Records = std::vector<json>;

// Every record one save emits, in order.
Records saved(const std::function<void(const std::function<void(json)>&)>& save) {
  Records out;
  save([&](json record) { out.push_back(std::move(record)); });
  return out;
}

std::size_t count_with(const Records& records, const char* member) {
  std::size_t n = 0;
  for (const json& r : records) n += r.contains(member) ? 1 : 0;
  return n;
}

// ---- The engine ----

// An engine on a frozen clock whose one kind of event notes what fired and draws an ID and a
// duration when it does (so firings show the positions of both sequences).
struct TestEngine {
  Engine engine;
  std::vector<std::string> fired;
  EventKind note = 0;

  explicit TestEngine(std::uint64_t timing_seed)
      : engine(EngineOptions{ClockMode::kFrozen, TimingProfileKind::kRealistic, timing_seed,
                             [] { return TimeMs{1'000'000}; }}) {
    engine.scheduler().define("test.other", {});
    note = engine.scheduler().define(
        "test.note", [this](const EngineLock&, TimeMs due, const TimedEvent& e) {
          std::string line =
              e.subject + "@" + std::to_string(due) + " " + e.part.account + "/" + e.part.region;
          for (const std::string& a : e.args) line += " " + a;
          line += " " + resource_id("i");
          line += " " + std::to_string(engine.timing().duration(TimingPhase::kPending));
          fired.push_back(line);
        });
    engine.add_observer([](TimeMs) {});
  }

  Records save() {
    return engine.with_lock([&](const EngineLock& held) {
      return saved([&](const auto& emit) { save_engine(held, engine, emit); });
    });
  }

  void load(const Records& records) {
    engine.with_lock([&](const EngineLock& held) {
      archive::Reader reader;
      for (const json& r : records) load_engine_record(held, engine, r, reader);
      for (const json& r : records) {
        if (auto clock = saved_clock(r))
          engine.clock(held).restore(clock->mode, clock->virtual_now);
      }
    });
  }

  // Draws from both sequences and schedules one more event; what it saw.
  std::string draw() {
    return engine.transact([&](TimeMs now) {
      const EventId id = engine.scheduler().schedule(now + 5, TimedEvent{note, {}, "drawn", {}});
      return resource_id("vol") + " " + uuid() + " " +
             std::to_string(engine.timing().duration(TimingPhase::kStopping)) + " " +
             std::to_string(id);
    });
  }
};

void populate(TestEngine& t) {
  t.engine.with_lock([&](const EngineLock& held) {
    const TimeMs now = t.engine.clock(held).now();
    t.engine.timing().set_override(TimingPhase::kRebooting, 1234);
    for (int i = 0; i < 5; ++i) (void)resource_id("i");
    for (int i = 0; i < 3; ++i) (void)t.engine.timing().duration(TimingPhase::kPending);
    std::vector<EventId> ids;
    for (int i = 0; i < 600; ++i) {
      TimedEvent e{t.note,
                   {"acct" + std::to_string(i % 3), "region-" + std::to_string(i % 2)},
                   "s" + std::to_string(i),
                   {}};
      if (i % 4 == 0) e.args = {"x", "caf\xc3\xa9", std::to_string(i)};
      if (i % 7 == 0) e.args = {"bad\xff"};
      ids.push_back(t.engine.scheduler().schedule(now + 100 + (i * 37) % 5000, std::move(e)));
    }
    for (std::size_t i = 0; i < ids.size(); i += 11) t.engine.scheduler().cancel(ids[i]);
  });
  t.engine.advance(700);             // some fire, drawing from both sequences
  t.engine.transact([](TimeMs) {});  // owes an observation at the current time
}

TEST(EngineSnapshot, ALoadedEngineSavesTheSameAndDrawsAndFiresAlike) {
  TestEngine before(7);
  populate(before);
  const Records records = before.save();
  EXPECT_GE(count_with(records, "events"), 2u);  // chunked
  ASSERT_TRUE(records.front().contains("f"));
  EXPECT_FALSE(records.front()["f"]["owed_observation"].is_null());

  TestEngine after(99);  // another seed: only the snapshot can make them agree
  after.engine.advance(12345);
  after.draw();
  after.load(records);
  EXPECT_EQ(after.save(), records);
  EXPECT_EQ(after.engine.with_lock(
                [&](const EngineLock& held) { return after.engine.owed_observation(held); }),
            before.engine.with_lock(
                [&](const EngineLock& held) { return before.engine.owed_observation(held); }));

  before.fired.clear();
  after.fired.clear();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(after.draw(), before.draw());
  before.engine.advance(10'000);
  after.engine.advance(10'000);
  EXPECT_FALSE(before.fired.empty());
  EXPECT_EQ(after.fired, before.fired);
  EXPECT_EQ(after.draw(), before.draw());
  EXPECT_EQ(after.save(), before.save());
}

TEST(EngineSnapshot, TheClockIsSavedForTheRestartToRestore) {
  TimeMs wall = 50'000;
  Engine engine(
      EngineOptions{ClockMode::kReal, TimingProfileKind::kInstant, 1, [&] { return wall; }});
  engine.advance(1000);
  const Records records = engine.with_lock([&](const EngineLock& held) {
    return saved([&](const auto& emit) { save_engine(held, engine, emit); });
  });
  const std::optional<SavedClock> clock = saved_clock(records.front());
  ASSERT_TRUE(clock);
  EXPECT_EQ(clock->mode, ClockMode::kReal);
  EXPECT_EQ(clock->virtual_now, 51'000);
  EXPECT_EQ(clock->wall_at_save, 50'000);
  EXPECT_FALSE(saved_clock(json{{"s", "engine"}, {"events", json::array()}}));
}

TEST(EngineSnapshot, AnEventOfAnUnknownKindIsRefused) {
  TestEngine before(1);
  populate(before);
  Records records = before.save();
  records.at(1)["events"][0]["kind"] = "test.gone";
  TestEngine after(1);
  EXPECT_THROW(after.load(records), std::invalid_argument);
}

// ---- Faults ----

FaultContext context(int i) {
  FaultContext c;
  c.cloud = i % 2 ? "ec2" : "ecs";
  c.action = i % 3 ? "RunInstances" : "StopInstances";
  c.instance_ids = {"i-" + std::to_string(i % 5)};
  return c;
}

std::string draws(FaultRegistry& f, int from, int to) {
  std::string out;
  for (int i = from; i < to; ++i) {
    const FaultContext c = context(i);
    const auto e = f.error_for(c);
    out += e ? e->code : "-";
    out += f.should_stick(c, "stopping") ? "S" : "-";
    out += std::to_string(f.state_code_high_byte(c)) + ";";
  }
  return out;
}

Records save_rules(const FaultRegistry& f) {
  return saved([&](const auto& emit) { save_faults(f, emit); });
}

TEST(FaultsSnapshot, LoadedRulesSaveTheSameAndFireAlike) {
  FaultRegistry before;
  before.add({{"code", "InternalError"}, {"probability", 0.4}, {"count", 30}, {"cloud", "ec2"}});
  before.add({{"kind", "stuck"}, {"transition", "stopping"}, {"probability", 0.5}});
  before.add({{"kind", "state-code-high-byte"}, {"probability", 0.6}, {"seed", 5}});
  before.add({{"code", "Gone"}, {"message", "bye\xff"}, {"instance_id", "i-3"}});
  before.remove("fault-4");
  for (int i = 0; i < 300; ++i) {
    before.add({{"code", "C" + std::to_string(i)}, {"action", "Nothing"}});
  }
  (void)draws(before, 0, 40);
  const Records records = save_rules(before);
  EXPECT_EQ(count_with(records, "rules"), 2u);

  FaultRegistry after;
  after.add({{"code", "Other"}});
  archive::Reader reader;
  for (const json& r : records) load_faults_record(after, r, reader);
  EXPECT_EQ(save_rules(after), records);
  EXPECT_EQ(after.list(), before.list());
  EXPECT_EQ(draws(after, 40, 200), draws(before, 40, 200));
  EXPECT_EQ(after.add({{"code", "Next"}}), before.add({{"code", "Next"}}));
  EXPECT_EQ(save_rules(after), save_rules(before));
}

TEST(FaultsSnapshot, NoRulesLoadAsNoRules) {
  FaultRegistry before;
  before.add({{"code", "X"}});
  before.clear();
  FaultRegistry after;
  after.add({{"code", "Y"}});
  archive::Reader reader;
  for (const json& r : save_rules(before)) load_faults_record(after, r, reader);
  EXPECT_EQ(after.list(), json::array());
  EXPECT_FALSE(after.error_for(context(1)));
  EXPECT_EQ(save_rules(after), save_rules(before));
}

// ---- The audit log ----

AuditRecord audit_record(int i) {
  AuditRecord r;
  r.virtual_time = 1000 + i;
  r.wall_time = 2000 + i;
  r.cloud = i % 2 ? "aws" : "alibaba";
  r.account = "acct" + std::to_string(i % 3);
  r.region = "us-east-1";
  r.access_key = "AKIA" + std::to_string(i);
  r.action = i % 5 ? "RunInstances" : "Bad\xff";
  for (int k = 0; k < i % 4; ++k) r.resource_ids.emplace_back("i-" + std::to_string(i * 10 + k));
  r.http_status = i % 6 ? 200 : 400;
  r.result = i % 6 ? "Success" : "InvalidParameterValue";
  r.request_id = "req-" + std::to_string(i);
  return r;
}

std::vector<json> all_audit(const AuditLog& log, AuditQuery q = {}) {
  q.limit = 1'000'000;
  std::vector<json> out;
  for (const AuditRecord& r : log.query(q)) out.push_back(r.to_json());
  return out;
}

Records save_audit(const AuditLog& log) {
  return saved([&](const auto& emit) { save_audit_log(log, emit); });
}

TEST(AuditSnapshot, ALoadedLogSavesTheSameAnswersAlikeAndWritesNoFile) {
  AuditLog before(500);
  for (int i = 0; i < 600; ++i) before.record(audit_record(i));  // the oldest 100 dropped
  const Records records = save_audit(before);
  EXPECT_EQ(count_with(records, "records"), 2u);

  const std::string path = ::testing::TempDir() + "core_snapshot_audit.jsonl";
  std::remove(path.c_str());
  AuditLog after(500);
  ASSERT_TRUE(after.open_file(path));
  after.record(audit_record(1));
  archive::Reader reader;
  for (const json& r : records) load_audit_log_record(after, r, reader);
  EXPECT_EQ(save_audit(after), records);
  EXPECT_EQ(all_audit(after), all_audit(before));
  AuditQuery by_id;
  by_id.resource_id = "i-5991";
  EXPECT_EQ(all_audit(after, by_id), all_audit(before, by_id));
  EXPECT_EQ(all_audit(after, by_id).size(), 1u);
  EXPECT_EQ(all_audit(after).size(), 500u);

  before.record(audit_record(1000));
  after.record(audit_record(1000));
  EXPECT_EQ(all_audit(after), all_audit(before));
  EXPECT_EQ(all_audit(after).back()["seq"], 601);
  // The file holds the two records recorded after opening it, none of the loaded ones.
  std::ifstream file(path);
  std::string line;
  int lines = 0;
  while (std::getline(file, line)) ++lines;
  EXPECT_EQ(lines, 2);
  std::remove(path.c_str());
}

TEST(AuditSnapshot, EveryMemberRoundTrips) {
  AuditRecord r = audit_record(7);
  r.seq = 42;
  AuditLog log(10);
  log.record(r);
  std::vector<json> records;
  save_audit_log(log, [&](json record) { records.push_back(std::move(record)); });
  AuditLog back(10);
  archive::Reader reader;
  for (const json& record : records) load_audit_log_record(back, record, reader);
  const std::vector<AuditRecord> got = back.query(AuditQuery{});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got.front().to_json(), log.query(AuditQuery{}).front().to_json());
}

// ---- Service events ----

void write_test_event(std::string_view subject, std::string_view value, std::string_view account,
                      std::string_view region, std::vector<std::string>& resources,
                      std::string& detail) {
  std::string arn = "arn:test:";
  arn.append(region).append(":").append(account).append(":thing/").append(subject);
  resources.push_back(std::move(arn));
  detail += "{\"id\":";
  append_json_string(detail, subject);
  detail += ",\"state\":";
  append_json_string(detail, value);
  detail += '}';
}

const SubjectEventFormat kRegisteredFormat{"test.registered", "Thing State", write_test_event};
const SubjectEventFormat kUnregisteredFormat{"test.unregistered", "Thing State", write_test_event};
const bool kRegistered = register_subject_event_format(kRegisteredFormat);

void publish_some(ServiceEventLog& log, int from, int to) {
  for (int i = from; i < to; ++i) {
    const std::string id = "th-" + std::to_string(i);
    const std::string account = "acct" + std::to_string(i % 3);
    switch (i % 4) {
      case 0:
        log.publish(eventbridge_envelope(
            "aws.ec2", "EC2 Instance State-change Notification", account, "us-east-1",
            1700000000000 + i, {id}, {{"instance-id", id}, {"state", "running"}}, log.next_seq()));
        break;
      case 1:
        log.publish_text("odd", "Odd\xff", "{\"raw\":\"" + id + "\\u0001\"}");
        break;
      case 2:
        log.publish_subject(kRegisteredFormat, account, "eu-west-1", 1700000000000 + i, id,
                            i % 8 ? "pending" : "caf\xc3\xa9", log.next_seq());
        break;
      default:
        log.publish_subject(kUnregisteredFormat, account, "eu-west-1", 1700000000000 + i, id,
                            "stopped", log.next_seq());
    }
  }
}

std::vector<std::string> page_of(const ServiceEventLog& log, ServiceEventQuery q) {
  q.limit = ServiceEventLog::kMaxLimit;
  const ServiceEventPage page = log.query(q);
  std::vector<std::string> out = {std::to_string(page.last_seq)};
  for (const ServiceEvent& e : page.events) {
    out.push_back(std::to_string(e.seq) + "|" + e.source + "|" + e.detail_type + "|" + e.envelope);
  }
  return out;
}

ServiceEventQuery events_query(std::uint64_t after, std::string source, std::string detail_type) {
  ServiceEventQuery q;
  q.after = after;
  q.source = std::move(source);
  q.detail_type = std::move(detail_type);
  return q;
}

std::vector<std::vector<std::string>> answers(const ServiceEventLog& log) {
  return {page_of(log, events_query(0, "", "")),
          page_of(log, events_query(77, "", "")),
          page_of(log, events_query(0, "test.registered", "")),
          page_of(log, events_query(0, "test.unregistered", "")),
          page_of(log, events_query(0, "", "Odd\xff")),
          page_of(log, events_query(0, "aws.ec2", "EC2 Instance State-change Notification")),
          page_of(log, events_query(0, "nobody", ""))};
}

Records save_events(const ServiceEventLog& log) {
  return saved([&](const auto& emit) { save_service_events(log, emit); });
}

TEST(ServiceEventsSnapshot, ALoadedLogSavesTheSameAndAnswersByteForByte) {
  ASSERT_TRUE(kRegistered);
  ServiceEventLog before;
  publish_some(before, 0, 600);
  const Records records = save_events(before);
  EXPECT_EQ(count_with(records, "events"), 3u);
  std::size_t facts = 0, texts = 0;
  for (const json& r : records) {
    if (!r.contains("events")) continue;
    for (const json& e : r["events"]) (e.contains("subject") ? facts : texts) += 1;
  }
  EXPECT_EQ(facts, 150u);  // the registered format's events; the unregistered ones are text
  EXPECT_EQ(texts, 450u);

  ServiceEventLog after;
  publish_some(after, 0, 3);
  archive::Reader reader;
  for (const json& r : records) load_service_events_record(after, r, reader);
  EXPECT_EQ(save_events(after), records);
  EXPECT_EQ(answers(after), answers(before));
  EXPECT_EQ(after.next_seq(), before.next_seq());

  publish_some(before, 600, 610);
  publish_some(after, 600, 610);
  EXPECT_EQ(answers(after), answers(before));
  EXPECT_EQ(save_events(after), save_events(before));
}

TEST(ServiceEventsSnapshot, AFormatNobodyRegisteredIsRefused) {
  const Records records = {
      {{"s", "service-events"},
       {"f", {{"next_seq", 2}, {"names", {"test.unregistered", "Thing State", "a", "r", "v"}}}}},
      {{"s", "service-events"},
       {"events",
        {{{"seq", 1},
          {"source", 0},
          {"detail_type", 1},
          {"account", 2},
          {"region", 3},
          {"value", 4},
          {"at", 0},
          {"salt", 0},
          {"subject", "th-1"}}}}}};
  ServiceEventLog log;
  archive::Reader reader;
  load_service_events_record(log, records[0], reader);
  EXPECT_THROW(load_service_events_record(log, records[1], reader), std::invalid_argument);
  Records bad_index = records;
  bad_index[1]["events"][0] = {{"seq", 1}, {"source", 9}, {"detail_type", 1}, {"text", "{}"}};
  EXPECT_THROW(load_service_events_record(log, bad_index[1], reader), std::out_of_range);
}

}  // namespace
}  // namespace cloudlife::core
