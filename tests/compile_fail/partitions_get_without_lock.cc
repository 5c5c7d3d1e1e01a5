// Reaching a partition without the engine lock's proof does not compile.
#include "core/engine.h"
#include "core/partitions.h"

namespace {
struct State : cloudlife::core::LockedState {
  State(cloudlife::core::LockProof held, const cloudlife::core::PartitionKey& k)
      : LockedState(held), key(k) {}
  cloudlife::core::PartitionKey key;
  int value = 0;
};
}  // namespace

int touch(cloudlife::core::Engine& engine, cloudlife::core::Partitions<State>& parts) {
#ifdef CLOUDLIFE_EXPECT_OK
  return engine.transact([&](const cloudlife::core::EngineLock& held, cloudlife::core::TimeMs) {
    return parts.get(held, {"123456789012", "us-east-1"}).value;
  });
#else
  (void)engine;
  return parts.get({"123456789012", "us-east-1"}).value;
#endif
}
