// The engine's clock and state-ID sequence are reached only with the lock held.
#include "core/engine.h"

cloudlife::core::TimeMs read_clock(cloudlife::core::Engine& engine) {
#ifdef CLOUDLIFE_EXPECT_OK
  return engine.with_lock(
      [&](const cloudlife::core::EngineLock& held) { return engine.clock(held).now(); });
#else
  return engine.clock().now();
#endif
}
