#include "protocol/aws_operations.h"

#include <algorithm>
#include <array>

#include "protocol/aws_errors.h"

#include "aws_operations.inc"  // generated: CLOUDLIFE_AWS_OPERATIONS_<SERVICE>

namespace cloudlife::protocol {
namespace {

constexpr AwsOperation kEc2Operations[] = {CLOUDLIFE_AWS_OPERATIONS_EC2};
constexpr AwsOperation kAutoScalingOperations[] = {CLOUDLIFE_AWS_OPERATIONS_AUTOSCALING};
constexpr AwsOperation kElbOperations[] = {CLOUDLIFE_AWS_OPERATIONS_ELB};
constexpr AwsOperation kElbV2Operations[] = {CLOUDLIFE_AWS_OPERATIONS_ELBV2};
constexpr AwsOperation kStsOperations[] = {CLOUDLIFE_AWS_OPERATIONS_STS};

}  // namespace

std::span<const AwsOperation> aws_operations(AwsService service) {
  switch (service) {
    case AwsService::kEc2:
      return kEc2Operations;
    case AwsService::kAutoScaling:
      return kAutoScalingOperations;
    case AwsService::kElb:
      return kElbOperations;
    case AwsService::kElbV2:
      return kElbV2Operations;
    case AwsService::kSts:
      return kStsOperations;
  }
  return {};
}

const AwsOperation* find_aws_operation(AwsService service, std::string_view name) {
  const std::span<const AwsOperation> ops = aws_operations(service);
  auto it =
      std::lower_bound(ops.begin(), ops.end(), name,
                       [](const AwsOperation& op, std::string_view n) { return op.name < n; });
  return it != ops.end() && it->name == name ? &*it : nullptr;
}

bool aws_service_named(std::string_view cloud, AwsService& out) {
  static constexpr std::array<std::pair<std::string_view, AwsService>, 5> kNames{{
      {"ec2", AwsService::kEc2},
      {"autoscaling", AwsService::kAutoScaling},
      {"elb", AwsService::kElb},
      {"elbv2", AwsService::kElbV2},
      {"sts", AwsService::kSts},
  }};
  for (const auto& [name, service] : kNames) {
    if (name == cloud) {
      out = service;
      return true;
    }
  }
  return false;
}

UnhandledAction unhandled_action(std::string_view cloud, std::string_view action) {
  AwsService service{};
  const bool modelled = aws_service_named(cloud, service) && find_aws_operation(service, action);
  const core::ServiceError e =
      modelled ? aws_error("NotImplemented", {std::string(cloud) + ":" + std::string(action)})
               : aws_error("InvalidAction", {action});
  return {e.http_status(), e.code(), e.message()};
}

}  // namespace cloudlife::protocol
