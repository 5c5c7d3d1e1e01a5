// Every operation the AWS service models define (third_party/aws-models), for the four AWS APIs
// cloudlife serves. Generated at build time (scripts/gen_aws_operations.py); nothing typed by hand.
// Contract: find_aws_operation() answers whether the model has `name` (case-sensitive, as the
// Query protocols match actions) and whether it has an output shape; the table is sorted and
// immutable. Callers use it to tell an action cloudlife lacks (501 NotImplemented) from one no
// model has (InvalidAction), and to write a Query response's <OpResult> only when the model has
// an output.
//
//   if (const AwsOperation* op = find_aws_operation(AwsService::kEc2, "CreateVpnGateway")) …
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace cloudlife::protocol {

enum class AwsService { kEc2, kAutoScaling, kElb, kElbV2, kSts };

struct AwsOperation {
  std::string_view name;
  bool has_output;
};

// All operations of the service's model, sorted by name.
std::span<const AwsOperation> aws_operations(AwsService service);
const AwsOperation* find_aws_operation(AwsService service, std::string_view name);

// The service for a RequestContext::cloud name ("ec2", "autoscaling", "elb", "elbv2", "sts"); false
// for any other cloud.
bool aws_service_named(std::string_view cloud, AwsService& out);

// How an AWS front end answers an action it has no handler for: 501 NotImplemented naming it
// ("cloudlife does not implement ec2:CreateVpnGateway") when the model has it, 400 InvalidAction
// when no model does.
struct UnhandledAction {
  int status;
  std::string code;
  std::string message;
};
UnhandledAction unhandled_action(std::string_view cloud, std::string_view action);

}  // namespace cloudlife::protocol
