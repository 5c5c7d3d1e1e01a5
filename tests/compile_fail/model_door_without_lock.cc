// A cloud model's partitions (here EC2's) are reached only with the lock's proof.
#include "core/engine.h"
#include "ec2/ec2_model.h"

std::size_t count_instances(cloudlife::core::Engine& engine, cloudlife::ec2::Ec2Model& model) {
  const cloudlife::core::PartitionKey key{"123456789012", "us-east-1"};
#ifdef CLOUDLIFE_EXPECT_OK
  return engine.transact([&](const cloudlife::core::EngineLock& held, cloudlife::core::TimeMs) {
    return model.partition(held, key).instances.size();
  });
#else
  (void)engine;
  return model.partition(key).instances.size();
#endif
}
