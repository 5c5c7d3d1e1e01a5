// Engine observers (core/engine.h): passes after changes, once per virtual time, skipped for reads.
#include <gtest/gtest.h>

#include <vector>

#include "core/engine.h"

namespace cloudlife::core {
namespace {

struct Observed {
  Engine engine{EngineOptions{ClockMode::kFrozen, TimingProfileKind::kInstant, 1,
                              [] { return TimeMs{1000}; }}};
  std::vector<TimeMs> passes;
  Observed() {
    engine.add_observer([this](TimeMs at) { passes.push_back(at); });
  }
};

TEST(EngineObservers, ChangesAtOneTimeAreObservedOnceBeforeTimeMovesOn) {
  Observed o;
  o.engine.transact([](TimeMs) {});
  o.engine.transact([](TimeMs) {});
  EXPECT_TRUE(o.passes.empty());  // owed, not yet needed
  o.engine.advance(5000);
  o.engine.transact([](TimeMs) {});  // a change at a later time: the earlier one is observed first
  EXPECT_EQ(o.passes, std::vector<TimeMs>{1000});
  o.engine.transact([&](const EngineLock& held, TimeMs) { o.engine.observe_pending(held); });
  EXPECT_EQ(o.passes, (std::vector<TimeMs>{1000, 6000}));
}

TEST(EngineObservers, EachEventTimeIsObservedAtItsOwnTime) {
  Observed o;
  const EventKind nothing = o.engine.scheduler().define(
      "test.nothing", [](const EngineLock&, TimeMs, const TimedEvent&) {});
  o.engine.transact([&](TimeMs now) {
    o.engine.scheduler().schedule(now + 10, TimedEvent{nothing, {}, "", {}});
    o.engine.scheduler().schedule(now + 10, TimedEvent{nothing, {}, "", {}});
    o.engine.scheduler().schedule(now + 20, TimedEvent{nothing, {}, "", {}});
  });
  o.engine.advance(100);
  o.engine.transact([&](const EngineLock& held, TimeMs) { o.engine.observe_pending(held); });
  EXPECT_EQ(o.passes, (std::vector<TimeMs>{1000, 1010, 1020}));
}

TEST(EngineObservers, ReadOnlyTransactionsOweNothing) {
  Observed o;
  {
    const Engine::ReadOnlyScope reads(true);
    o.engine.transact([](TimeMs) {});
  }
  o.engine.transact([&](const EngineLock& held, TimeMs) { o.engine.observe_pending(held); });
  EXPECT_TRUE(o.passes.empty());
}

}  // namespace
}  // namespace cloudlife::core
