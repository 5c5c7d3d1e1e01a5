// A LockProof cannot be made from nothing (nor a partition struct built without one).
#include "core/engine.h"
#include "core/partitions.h"

namespace {
struct State : cloudlife::core::LockedState {
  State(cloudlife::core::LockProof held, const cloudlife::core::PartitionKey& k)
      : LockedState(held), key(k) {}
  cloudlife::core::PartitionKey key;
};
}  // namespace

void forge(cloudlife::core::Engine& engine, cloudlife::core::Partitions<State>& parts) {
#ifdef CLOUDLIFE_EXPECT_OK
  engine.with_lock([&](const cloudlife::core::EngineLock& held) {
    const cloudlife::core::LockProof proof(held);
    parts.clear(proof);
  });
#else
  (void)engine;
  parts.clear(cloudlife::core::LockProof{});
#endif
}
