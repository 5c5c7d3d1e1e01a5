// One step of a generated call sequence, in a form that survives shrinking.
// Contract: a Step is an operation plus six small random numbers; it names no concrete resource.
// The runner resolves the numbers against what the sequence has created so far (the k-th known
// instance, volume, subnet…, or a well-formed ID that does not exist), so deleting earlier steps
// never makes a later one meaningless, and the same steps always render the same requests against
// the same state. to_text() / parse_steps() give the one-line-per-step form a failure prints.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudlife::sequence {

#define CLOUDLIFE_SEQUENCE_OPS(X)                                                                  \
  /* EC2 */                                                                                        \
  X(RunInstances)                                                                                  \
  X(TerminateInstances) X(StopInstances) X(StartInstances) X(RebootInstances)                      \
      X(SetTerminationProtection) X(CreateVolume) X(AttachVolume) X(DetachVolume) X(DeleteVolume)  \
          X(CreateVpc) X(CreateSubnet) X(DeleteSubnet) X(DeleteVpc) X(DescribeSubnets)             \
              X(CreateTags) X(DeleteTags) X(CreateLaunchTemplate) X(CreateLaunchTemplateVersion)   \
                  X(DeleteLaunchTemplate) X(DescribeInstances) /* Auto Scaling */                  \
      X(CreateLaunchConfiguration) X(CreateAutoScalingGroup) X(UpdateAutoScalingGroup)             \
          X(SetDesiredCapacity) X(SetInstanceProtection) X(EnterStandby) X(ExitStandby)            \
              X(DetachInstances) X(AttachInstances) X(TerminateInstanceInAutoScalingGroup)         \
                  X(PutLifecycleHook) X(CompleteLifecycleAction) X(DeleteLifecycleHook)            \
                      X(PutWarmPool) X(DeleteWarmPool) X(SuspendProcesses) X(ResumeProcesses)      \
                          X(DeleteAutoScalingGroup) X(DescribeAutoScalingGroups) /* Alibaba ECS */ \
      X(EcsRunInstances) X(EcsStopInstance) X(EcsStartInstance) X(EcsRebootInstance)               \
          X(EcsDeleteInstance) X(EcsDeleteInstances) X(EcsSetDeletionProtection)                   \
              X(EcsSetAutoReleaseTime) X(EcsModifyChargeType) X(EcsCreateDisk) X(EcsAttachDisk)    \
                  X(EcsDetachDisk) X(EcsDeleteDisk) X(EcsDescribeInstances) /* control plane */    \
      X(AdvanceClock) X(SetTiming) X(InjectFault) X(InjectEvent) X(ClearFaults) X(Reset) X(Settle)

enum class Op : std::uint8_t {
#define CLOUDLIFE_SEQUENCE_ENUM(name) k##name,
  CLOUDLIFE_SEQUENCE_OPS(CLOUDLIFE_SEQUENCE_ENUM)
#undef CLOUDLIFE_SEQUENCE_ENUM
      kCount
};

inline constexpr int kOpCount = static_cast<int>(Op::kCount);
inline constexpr int kArgs = 6;

struct Step {
  Op op = Op::kDescribeInstances;
  std::array<std::uint32_t, kArgs> a{};
  bool operator==(const Step&) const = default;
};

std::string_view op_name(Op op);
std::optional<Op> op_from_name(std::string_view name);

// "RunInstances 3 1 4 1 5 9"
std::string to_text(const Step& step);
// One step per line; blank lines and '#' comments are skipped. nullopt on a malformed line.
std::optional<std::vector<Step>> parse_steps(std::string_view text);

}  // namespace cloudlife::sequence
