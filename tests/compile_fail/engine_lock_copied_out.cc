// The token cannot be copied or moved out of the body it was handed to.
#include <memory>

#include "core/engine.h"

void keep(cloudlife::core::Engine& engine) {
  engine.with_lock([](const cloudlife::core::EngineLock& held) {
#ifdef CLOUDLIFE_EXPECT_OK
    const cloudlife::core::EngineLock& same = held;
    (void)same;
#else
    auto kept = std::make_unique<cloudlife::core::EngineLock>(held);
    (void)kept;
#endif
  });
}
