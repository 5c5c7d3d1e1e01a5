// A core::EngineLock for single-threaded unit tests that drive a model or a Partitions directly,
// without running the body through an Engine. Lives under tests/ on purpose: src/ must never
// include or name it (tests/compile_fail/ fails the build's tests if it does).
#pragma once

#include "core/engine_lock.h"

namespace cloudlife::core {

struct EngineLockForTest {
  // One token for the whole test process (a test is single-threaded by definition here).
  static const EngineLock& get() {
    static const EngineLock lock;
    return lock;
  }
};

// The test's stand-in for the token a transact() body receives.
inline const EngineLock& test_lock() {
  return EngineLockForTest::get();
}

}  // namespace cloudlife::core
