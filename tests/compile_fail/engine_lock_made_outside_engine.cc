// Only the Engine makes an EngineLock: src/ cannot mint one.
#include "core/engine.h"

void mint(cloudlife::core::Engine& engine) {
#ifdef CLOUDLIFE_EXPECT_OK
  engine.with_lock([](const cloudlife::core::EngineLock&) {});
#else
  (void)engine;
  const cloudlife::core::EngineLock forged;
  (void)forged;
#endif
}
