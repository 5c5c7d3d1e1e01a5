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

TEST(Scheduler, FiresDueEventsInTimeThenSchedulingOrder) {
  Scheduler s;
  std::vector<std::string> fired;
  s.schedule(30, [&](TimeMs t) { fired.push_back("c@" + std::to_string(t)); });
  s.schedule(10, [&](TimeMs t) { fired.push_back("a@" + std::to_string(t)); });
  s.schedule(10, [&](TimeMs t) { fired.push_back("b@" + std::to_string(t)); });
  s.schedule(99, [&](TimeMs) { fired.push_back("late"); });
  EXPECT_EQ(s.run_due(test_lock(), 30), 3u);
  EXPECT_EQ(fired, (std::vector<std::string>{"a@10", "b@10", "c@30"}));
  EXPECT_EQ(s.pending(), 1u);
}

TEST(Scheduler, EventsScheduledByEventsFireInTheSameRunWhenDue) {
  Scheduler s;
  std::vector<TimeMs> fired;
  s.schedule(5, [&](TimeMs t) {
    fired.push_back(t);
    s.schedule(t + 5, [&](TimeMs t2) { fired.push_back(t2); });
  });
  s.run_due(test_lock(), 20);
  EXPECT_EQ(fired, (std::vector<TimeMs>{5, 10}));
}

TEST(Scheduler, CancelledEventsNeverFire) {
  Scheduler s;
  bool fired = false;
  EventId id = s.schedule(1, [&](TimeMs) { fired = true; });
  EXPECT_TRUE(s.cancel(id));
  EXPECT_FALSE(s.cancel(id));
  s.run_due(test_lock(), 100);
  EXPECT_FALSE(fired);
}

TEST(Lifecycle, BeginShowsTheTransitionalStateUntilTheDelayPasses) {
  Scheduler s;
  Lifecycle life(InstanceState::kPending, 0);
  TimeMs settled_at = -1;
  life.begin(
      s, 0, InstanceState::kPending, InstanceState::kRunning, 10'000, [&] { return &life; },
      [&](TimeMs at) { settled_at = at; });
  s.run_due(test_lock(), 9'999);
  EXPECT_EQ(life.state(), InstanceState::kPending);
  s.run_due(test_lock(), 10'000);
  EXPECT_EQ(life.state(), InstanceState::kRunning);
  EXPECT_EQ(settled_at, 10'000);
  EXPECT_EQ(life.since(), 10'000);
}

TEST(Lifecycle, IllegalMovesThrowAndChangeNothing) {
  Scheduler s;
  Lifecycle life(InstanceState::kStopped, 0);
  EXPECT_THROW(life.move_to(s, InstanceState::kRunning, 5), std::logic_error);
  EXPECT_EQ(life.state(), InstanceState::kStopped);
}

TEST(Lifecycle, StuckTransitionsSettleOnlyWhenForced) {
  Scheduler s;
  Lifecycle life(InstanceState::kRunning, 0);
  life.set_stuck(true);
  life.begin(s, 0, InstanceState::kStopping, InstanceState::kStopped, 0, [&] { return &life; });
  s.run_due(test_lock(), 1'000'000);
  EXPECT_EQ(life.state(), InstanceState::kStopping);
  life.settle_now(s, 2'000'000);
  EXPECT_EQ(life.state(), InstanceState::kStopped);
}

TEST(Lifecycle, ALostInstanceIgnoresItsEvent) {
  Scheduler s;
  Lifecycle life(InstanceState::kRunning, 0);
  life.begin(s, 0, InstanceState::kShuttingDown, InstanceState::kTerminated, 0,
             [] { return nullptr; });
  EXPECT_EQ(s.run_due(test_lock(), 0), 1u);
  EXPECT_EQ(life.state(), InstanceState::kShuttingDown);
}

TEST(Engine, AdvanceFiresEventsAtTheirOwnTimes) {
  TimeMs wall = 1'000'000;
  EngineOptions options;
  options.clock_mode = ClockMode::kFrozen;
  options.wall = [&] { return wall; };
  Engine engine(options);
  std::vector<TimeMs> seen;
  engine.transact([&](TimeMs now) {
    // Each event is handed the lock's proof: it may read the clock (and reach cloud state).
    engine.scheduler().schedule(now + 3000, [&](const EngineLock& held, TimeMs) {
      seen.push_back(engine.clock(held).now());
    });
    engine.scheduler().schedule(now + 1000, [&](const EngineLock& held, TimeMs) {
      seen.push_back(engine.clock(held).now());
    });
  });
  EXPECT_EQ(engine.advance(5000), 1'005'000);
  EXPECT_EQ(seen, (std::vector<TimeMs>{1'001'000, 1'003'000}));
}

TEST(Engine, TransactFiresWhatIsDueBeforeTheReader) {
  EngineOptions options;
  options.clock_mode = ClockMode::kFrozen;
  Engine engine(options);
  bool fired = false;
  engine.transact(
      [&](TimeMs now) { engine.scheduler().schedule(now, [&](TimeMs) { fired = true; }); });
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
  b.transact([&](cloudlife::core::TimeMs now) {
    b.scheduler().schedule(
        now + 5, [&](cloudlife::core::TimeMs) { from_event = cloudlife::core::resource_id("i"); });
  });
  b.advance(10);
  EXPECT_EQ(from_event, a2);
  // Outside any engine, the fallback sequence is used, and neither engine moves.
  (void)cloudlife::core::resource_id("i");
  reseed(a, 11);
  EXPECT_EQ(draw(a), a1);
}
