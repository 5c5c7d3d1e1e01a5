// Units for the cloud-neutral core: state machine, clock, scheduler, lifecycle, timing, time text.
#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "core/clock.h"
#include "core/engine.h"
#include "core/ids.h"
#include "core/instance_state.h"
#include "core/lifecycle.h"
#include "core/scheduler.h"
#include "core/time.h"
#include "core/timing.h"
#include "support/engine_lock_for_test.h"

namespace cloudlife::core {
namespace {

TEST(InstanceState, CodesAreTheLowByteValuesOfEc2) {
  EXPECT_EQ(state_code(InstanceState::kPending), 0);
  EXPECT_EQ(state_code(InstanceState::kRunning), 16);
  EXPECT_EQ(state_code(InstanceState::kShuttingDown), 32);
  EXPECT_EQ(state_code(InstanceState::kTerminated), 48);
  EXPECT_EQ(state_code(InstanceState::kStopping), 64);
  EXPECT_EQ(state_code(InstanceState::kStopped), 80);
  EXPECT_EQ(state_name(InstanceState::kShuttingDown), "shutting-down");
  EXPECT_EQ(parse_state_name("stopped"), InstanceState::kStopped);
  EXPECT_FALSE(parse_state_name("Stopped").has_value());
  EXPECT_EQ(state_from_code(0x1210), InstanceState::kRunning);  // high byte ignored
  EXPECT_FALSE(state_from_code(17).has_value());
}

TEST(InstanceState, OnlyTheDocumentedMovesAreLegal) {
  using S = InstanceState;
  EXPECT_TRUE(is_legal_transition(S::kPending, S::kRunning));
  EXPECT_TRUE(is_legal_transition(S::kRunning, S::kStopping));
  EXPECT_TRUE(is_legal_transition(S::kStopping, S::kStopped));
  EXPECT_TRUE(is_legal_transition(S::kStopped, S::kPending));
  EXPECT_TRUE(is_legal_transition(S::kStopped, S::kTerminated));
  EXPECT_TRUE(is_legal_transition(S::kRunning, S::kShuttingDown));
  EXPECT_TRUE(is_legal_transition(S::kShuttingDown, S::kTerminated));
  EXPECT_FALSE(is_legal_transition(S::kTerminated, S::kPending));
  EXPECT_FALSE(is_legal_transition(S::kStopped, S::kRunning));
  EXPECT_FALSE(is_legal_transition(S::kPending, S::kStopping));
  EXPECT_FALSE(is_legal_transition(S::kRunning, S::kTerminated));
  EXPECT_FALSE(is_legal_transition(S::kShuttingDown, S::kRunning));
}

TEST(VirtualClock, FrozenMovesOnlyWhenAdvanced) {
  TimeMs wall = 1'000'000;
  VirtualClock clock(ClockMode::kFrozen, [&] { return wall; });
  EXPECT_EQ(clock.now(), 1'000'000);
  wall += 5000;
  EXPECT_EQ(clock.now(), 1'000'000);
  clock.advance(2500);
  EXPECT_EQ(clock.now(), 1'002'500);
  clock.advance(-100);  // never backwards
  EXPECT_EQ(clock.now(), 1'002'500);
  clock.reset_to_wall();
  EXPECT_EQ(clock.now(), 1'005'000);
}

TEST(VirtualClock, RealFollowsTheWallPlusOffsetAndKeepsTimeAcrossModeSwitches) {
  TimeMs wall = 50'000;
  VirtualClock clock(ClockMode::kReal, [&] { return wall; });
  clock.advance(1000);
  wall += 10;
  EXPECT_EQ(clock.now(), 51'010);
  clock.set_mode(ClockMode::kFrozen);
  wall += 1000;
  EXPECT_EQ(clock.now(), 51'010);
  clock.set_mode(ClockMode::kReal);
  EXPECT_EQ(clock.now(), 51'010);
  wall += 5;
  EXPECT_EQ(clock.now(), 51'015);
}

// A scheduler whose one kind of event appends "<subject>@<due>" to `fired`.
struct RecordingScheduler {
  Scheduler s;
  std::vector<std::string> fired;
  EventKind note =
      s.define("test.note", [this](const EngineLock&, TimeMs due, const TimedEvent& e) {
        fired.push_back(e.subject + "@" + std::to_string(due));
      });
  EventId at(TimeMs due, std::string subject) {
    return s.schedule(due, TimedEvent{note, {}, std::move(subject), {}});
  }
};

TEST(Scheduler, FiresDueEventsInTimeThenSchedulingOrder) {
  RecordingScheduler r;
  r.at(30, "c");
  r.at(10, "a");
  r.at(10, "b");
  r.at(99, "late");
  EXPECT_EQ(r.s.run_due(test_lock(), 30), 3u);
  EXPECT_EQ(r.fired, (std::vector<std::string>{"a@10", "b@10", "c@30"}));
  EXPECT_EQ(r.s.pending(), 1u);
}

TEST(Scheduler, EventsScheduledByEventsFireInTheSameRunWhenDue) {
  Scheduler s;
  std::vector<TimeMs> fired;
  EventKind chain = 0;
  chain = s.define("test.chain", [&](const EngineLock&, TimeMs due, const TimedEvent& e) {
    fired.push_back(due);
    if (e.subject == "first") s.schedule(due + 5, TimedEvent{chain, {}, "second", {}});
  });
  s.schedule(5, TimedEvent{chain, {}, "first", {}});
  s.run_due(test_lock(), 20);
  EXPECT_EQ(fired, (std::vector<TimeMs>{5, 10}));
}

TEST(Scheduler, CancelledEventsNeverFire) {
  RecordingScheduler r;
  EventId id = r.at(1, "x");
  EXPECT_TRUE(r.s.cancel(id));
  EXPECT_FALSE(r.s.cancel(id));
  r.s.run_due(test_lock(), 100);
  EXPECT_TRUE(r.fired.empty());
}

TEST(Scheduler, KindsAreNamedOnceAndEventsOfUnknownKindsAreRefused) {
  RecordingScheduler r;
  EXPECT_EQ(r.s.kind_named("test.note"), r.note);
  EXPECT_EQ(r.s.kind_name(r.note), "test.note");
  EXPECT_FALSE(r.s.kind_named("test.other"));
  EXPECT_THROW(r.s.define("test.note", {}), std::logic_error);
  EXPECT_THROW(r.s.schedule(1, TimedEvent{}), std::logic_error);
  EXPECT_THROW(r.s.schedule(1, TimedEvent{EventKind(static_cast<std::uint16_t>(r.note.index + 1)), {}, "", {}}),
               std::logic_error);
  EXPECT_EQ(r.s.pending(), 0u);
}

TEST(Scheduler, PendingEventsComeBackWithTheirIdsAndOrder) {
  RecordingScheduler before;
  before.at(20, "b");
  const EventId cancelled = before.at(10, "gone");
  before.at(10, "a");
  before.s.cancel(cancelled);
  const std::vector<PendingEvent> pending = before.s.pending_events();
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0].event.subject, "a");  // firing order
  EXPECT_EQ(pending[0].id, 3u);

  RecordingScheduler after;
  after.s.restore_pending(pending, before.s.next_id());
  EXPECT_TRUE(after.s.is_pending(3));
  EXPECT_FALSE(after.s.is_pending(cancelled));
  EXPECT_EQ(after.at(20, "c"), 4u);  // the ID sequence goes on where it was
  EXPECT_TRUE(after.s.cancel(1));
  after.s.run_due(test_lock(), 100);
  EXPECT_EQ(after.fired, (std::vector<std::string>{"a@10", "c@20"}));
}

// A lifecycle kept where its settle event's handler finds it by subject ("" = gone).
struct LifecycleFixture {
  Scheduler s;
  Lifecycle life;
  std::string where = "i-1";
  TimeMs settled_at = -1;
  EventKind settle =
      s.define("test.settle", [this](const EngineLock&, TimeMs due, const TimedEvent& e) {
        if (e.subject != where) return;  // the instance is gone
        life.settle_on_event(due);
        settled_at = due;
      });
  TimedEvent event() const { return TimedEvent{settle, {}, "i-1", {}}; }
};

TEST(Lifecycle, BeginShowsTheTransitionalStateUntilTheDelayPasses) {
  LifecycleFixture f;
  f.life = Lifecycle(InstanceState::kPending, 0);
  f.life.begin(f.s, 0, InstanceState::kPending, InstanceState::kRunning, 10'000, f.event());
  f.s.run_due(test_lock(), 9'999);
  EXPECT_EQ(f.life.state(), InstanceState::kPending);
  EXPECT_TRUE(f.life.settling());
  f.s.run_due(test_lock(), 10'000);
  EXPECT_EQ(f.life.state(), InstanceState::kRunning);
  EXPECT_EQ(f.settled_at, 10'000);
  EXPECT_EQ(f.life.since(), 10'000);
  EXPECT_FALSE(f.life.settling());
}

TEST(Lifecycle, IllegalMovesThrowAndChangeNothing) {
  Scheduler s;
  Lifecycle life(InstanceState::kStopped, 0);
  EXPECT_THROW(life.move_to(s, InstanceState::kRunning, 5), std::logic_error);
  EXPECT_EQ(life.state(), InstanceState::kStopped);
}

TEST(Lifecycle, StuckTransitionsSettleOnlyWhenForced) {
  LifecycleFixture f;
  f.life = Lifecycle(InstanceState::kRunning, 0);
  f.life.set_stuck(true);
  f.life.begin(f.s, 0, InstanceState::kStopping, InstanceState::kStopped, 0, f.event());
  EXPECT_EQ(f.s.pending(), 0u);
  f.s.run_due(test_lock(), 1'000'000);
  EXPECT_EQ(f.life.state(), InstanceState::kStopping);
  EXPECT_TRUE(f.life.settle_now(f.s, 2'000'000));
  EXPECT_EQ(f.life.state(), InstanceState::kStopped);
  EXPECT_FALSE(f.life.settle_now(f.s, 3'000'000));  // nothing pending any more
}

TEST(Lifecycle, ForcingCancelsThePendingSettleEvent) {
  LifecycleFixture f;
  f.life = Lifecycle(InstanceState::kRunning, 0);
  f.life.begin(f.s, 0, InstanceState::kStopping, InstanceState::kStopped, 500, f.event());
  EXPECT_TRUE(f.life.settle_now(f.s, 100));
  EXPECT_EQ(f.s.pending(), 0u);
  EXPECT_EQ(f.life.since(), 100);
}

TEST(Lifecycle, ALostInstanceIgnoresItsEvent) {
  LifecycleFixture f;
  f.life = Lifecycle(InstanceState::kRunning, 0);
  f.life.begin(f.s, 0, InstanceState::kShuttingDown, InstanceState::kTerminated, 0, f.event());
  f.where = "";
  EXPECT_EQ(f.s.run_due(test_lock(), 0), 1u);
  EXPECT_EQ(f.life.state(), InstanceState::kShuttingDown);
}

TEST(Engine, AdvanceFiresEventsAtTheirOwnTimes) {
  TimeMs wall = 1'000'000;
  EngineOptions options;
  options.clock_mode = ClockMode::kFrozen;
  options.wall = [&] { return wall; };
  Engine engine(options);
  std::vector<TimeMs> seen;
  // Each event is handed the lock's proof: it may read the clock (and reach cloud state).
  const EventKind look = engine.scheduler().define(
      "test.look", [&](const EngineLock& held, TimeMs, const TimedEvent&) {
        seen.push_back(engine.clock(held).now());
      });
  engine.transact([&](TimeMs now) {
    engine.scheduler().schedule(now + 3000, TimedEvent{look, {}, "", {}});
    engine.scheduler().schedule(now + 1000, TimedEvent{look, {}, "", {}});
  });
  EXPECT_EQ(engine.advance(5000), 1'005'000);
  EXPECT_EQ(seen, (std::vector<TimeMs>{1'001'000, 1'003'000}));
}

TEST(Engine, TransactFiresWhatIsDueBeforeTheReader) {
  EngineOptions options;
  options.clock_mode = ClockMode::kFrozen;
  Engine engine(options);
  bool fired = false;
  const EventKind mark = engine.scheduler().define(
      "test.mark", [&](const EngineLock&, TimeMs, const TimedEvent&) { fired = true; });
  engine.transact([&](TimeMs now) {
    engine.scheduler().schedule(now, TimedEvent{mark, {}, "", {}});
  });
  EXPECT_TRUE(engine.transact([&](TimeMs) { return fired; }));
}

TEST(Timing, InstantIsZeroRealisticIsInRangeAndOverridesWin) {
  Timing instant(TimingProfileKind::kInstant);
  EXPECT_EQ(instant.duration(TimingPhase::kPending), 0);
  EXPECT_EQ(instant.duration(TimingPhase::kTerminatedVisible), kHour);
  Timing realistic(TimingProfileKind::kRealistic, 42);
  for (int i = 0; i < 50; ++i) {
    const TimeMs d = realistic.duration(TimingPhase::kPending);
    EXPECT_GE(d, 10 * kSecond);
    EXPECT_LE(d, 20 * kSecond);
  }
  EXPECT_TRUE(realistic.set_override("pending", 1234));
  EXPECT_EQ(realistic.duration(TimingPhase::kPending), 1234);
  EXPECT_FALSE(realistic.set_override("no-such-phase", 1));
  realistic.set_override(TimingPhase::kStatusChecks, 7);
  EXPECT_EQ(realistic.overrides().at("status-checks"), 7);
  Timing a(TimingProfileKind::kRealistic, 7), b(TimingProfileKind::kRealistic, 7);
  EXPECT_EQ(a.duration(TimingPhase::kStopping), b.duration(TimingPhase::kStopping));  // seeded
}

TEST(Timing, PhasesAreAnEnumAndAnUnknownNameIsAnErrorNeverZero) {
  const auto& phases = Timing::known_phases();
  ASSERT_EQ(phases.size(), static_cast<std::size_t>(TimingPhase::kNatGatewayDeleting) + 1);
  for (std::size_t i = 0; i < phases.size(); ++i) {
    const auto phase = static_cast<TimingPhase>(i);
    EXPECT_EQ(timing_phase_name(phase), phases[i].first);
    EXPECT_EQ(parse_timing_phase(phases[i].first), phase);
  }
  EXPECT_EQ(timing_phase_name(TimingPhase::kShuttingDownForced), "shutting-down-forced");
  EXPECT_FALSE(parse_timing_phase("pendng").has_value());
  Timing t(TimingProfileKind::kRealistic, 1);
  EXPECT_THROW(t.duration("pendng"), std::invalid_argument);  // a typo is not an instant phase
  EXPECT_EQ(t.duration("status-checks") >= 90 * kSecond, true);
}

TEST(TimeText, FormatsAndParsesIso8601) {
  const TimeMs t = 1'795'255'200'123;  // 2026-11-21T10:00:00.123Z
  EXPECT_EQ(format_iso8601_ms(t), "2026-11-21T10:00:00.123Z");
  EXPECT_EQ(format_iso8601_s(t), "2026-11-21T10:00:00Z");
  EXPECT_EQ(format_iso8601_min(t), "2026-11-21T10:00Z");
  EXPECT_EQ(format_space_separated(t), "2026-11-21 10:00:00");
  EXPECT_EQ(parse_iso8601("2026-11-21T10:00:00.123Z"), t);
  EXPECT_EQ(parse_iso8601("2026-11-21T10:00Z"), t - 123);
  EXPECT_FALSE(parse_iso8601("2026-11-21 10:00:00").has_value());
  EXPECT_FALSE(parse_iso8601("2026-13-01T00:00Z").has_value());
}

TEST(Ids, ResourceIdsHaveThePrefixAnd17HexDigits) {
  const std::string id = resource_id("i");
  ASSERT_EQ(id.size(), 19u);
  EXPECT_EQ(id.substr(0, 2), "i-");
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef", 2), std::string::npos);
  EXPECT_NE(resource_id("vol"), resource_id("vol"));
  const std::string u = uuid();
  EXPECT_EQ(u.size(), 36u);
  EXPECT_EQ(u[14], '4');
}

}  // namespace
}  // namespace cloudlife::core

TEST(Ids, DerivedIdsDependOnTheKeyAloneAndDrawNothingFromTheSequence) {
  cloudlife::core::IdGenerator ids(7);
  const cloudlife::core::IdScope bound(ids);
  const std::string first = cloudlife::core::resource_id("i");
  ids.reseed(7);
  const std::string vpc = cloudlife::core::derived_id("vpc", "123456789012/us-east-1");
  EXPECT_EQ(cloudlife::core::resource_id("i"), first);  // the sequence did not move
  EXPECT_EQ(cloudlife::core::derived_id("vpc", "123456789012/us-east-1"), vpc);
  EXPECT_NE(cloudlife::core::derived_id("vpc", "123456789012/us-west-2"), vpc);
  EXPECT_NE(cloudlife::core::derived_id("subnet", "123456789012/us-east-1"),
            "subnet-" + vpc.substr(4));
  EXPECT_EQ(vpc.size(), 4 + 17u);
  EXPECT_EQ(vpc.find_first_not_of("0123456789abcdef", 4), std::string::npos);
}

// Two engines in one process (two cloudlife::Emulator objects) each own their state-ID sequence:
// one engine's draws and reseeds never move the other's.
TEST(Ids, EachEngineOwnsItsSequence) {
  cloudlife::core::Engine a;
  cloudlife::core::Engine b;
  auto reseed = [](cloudlife::core::Engine& e, std::uint64_t seed) {
    e.with_lock([&](const cloudlife::core::EngineLock& held) { e.ids(held).reseed(seed); });
  };
  reseed(a, 11);
  reseed(b, 11);
  auto draw = [](cloudlife::core::Engine& e) {
    return e.transact([](cloudlife::core::TimeMs) { return cloudlife::core::resource_id("i"); });
  };
  const std::string a1 = draw(a);
  EXPECT_EQ(draw(b), a1);  // b's sequence did not move when a drew
  const std::string a2 = draw(a);
  reseed(a, 11);  // reseeding a leaves b where it was
  EXPECT_EQ(draw(b), a2);
  EXPECT_EQ(draw(a), a1);
  // Bodies run under with_lock, advance and events fired by the engine draw from it too.
  reseed(b, 11);
  EXPECT_EQ(b.with_lock([] { return cloudlife::core::resource_id("i"); }), a1);
  std::string from_event;
  const cloudlife::core::EventKind draw_id = b.scheduler().define(
      "test.draw-id",
      [&](const cloudlife::core::EngineLock&, cloudlife::core::TimeMs,
          const cloudlife::core::TimedEvent&) { from_event = cloudlife::core::resource_id("i"); });
  b.transact([&](cloudlife::core::TimeMs now) {
    b.scheduler().schedule(now + 5, cloudlife::core::TimedEvent{draw_id, {}, "", {}});
  });
  b.advance(10);
  EXPECT_EQ(from_event, a2);
  // Outside any engine, the fallback sequence is used, and neither engine moves.
  (void)cloudlife::core::resource_id("i");
  reseed(a, 11);
  EXPECT_EQ(draw(a), a1);
}
