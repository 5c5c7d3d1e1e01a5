// The AWS error catalogue: every error code the AWS front ends answer (EC2, Auto Scaling, ELB,
// ELBv2), each once, with its HTTP status and its message template (docs/architecture.md "Errors").
// Contract: templates use {} for the arguments, filled in order; aws_error() builds the
// core::ServiceError the front end turns into the cloud's error envelope (status from here), and
// throws std::logic_error for a code the catalogue lacks (a programming error: a unit test checks
// the table). Codes are case-sensitive and sorted; the table never changes at run time.
//
//   throw protocol::aws_error("InvalidSubnetID.NotFound", {id});
//     -> 400 "The subnet ID 'subnet-1' does not exist"
#pragma once

#include <cstddef>
#include <initializer_list>
#include <span>
#include <string_view>

#include "core/service_error.h"

namespace cloudlife::protocol {

struct AwsErrorSpec {
  std::string_view code;
  int http_status;
  std::string_view message;   // template: {} are replaced by the arguments, in order
  std::string_view plural{};  // for several ids, where AWS words it apart ("The instance IDs …")
};

std::span<const AwsErrorSpec> aws_error_catalogue();
const AwsErrorSpec* find_aws_error(std::string_view code);
// The template filled with `args` (a missing argument leaves "{}" as is; extras are ignored).
std::string format_aws_message(std::string_view templ,
                               std::initializer_list<std::string_view> args);
core::ServiceError aws_error(std::string_view code,
                             std::initializer_list<std::string_view> args = {});
// The same for `count` ids: the plural template when count > 1 (std::logic_error where the code
// has none). throw aws_error_n("InvalidInstanceID.NotFound", ids.size(), {quoted_list(ids)});
core::ServiceError aws_error_n(std::string_view code, std::size_t count,
                               std::initializer_list<std::string_view> args);

// What the generated request decoders throw for an absent required member: EC2's
// MissingParameter "The request must contain the parameter NAME", and the Query services'
// ValidationError "1 validation error detected: Value null at 'name' failed to satisfy
// constraint: Member must not be null" naming the member as AWS's validation does
// (query_validation_path).
[[noreturn]] void throw_ec2_missing_parameter(std::string_view wire_name);
[[noreturn]] void throw_query_missing_parameter(std::string_view wire_name);
// A Query wire name as AWS's validation messages name it: every name with a lower-case first
// letter, a list item's "member.N" written "N.member" ("LifecycleHookSpecificationList.member.2.
// LifecycleTransition" -> "lifecycleHookSpecificationList.2.member.lifecycleTransition").
std::string query_validation_path(std::string_view wire_name);

}  // namespace cloudlife::protocol
