// Who is calling, what, where, and which request this is: built once per request by the decoder
// (src/server/request_decoder.h), completed by authentication (account) and by the handler (the
// resources it created), then read by every later stage — policy, fault matching, dispatch, the
// journal, the audit trail and the access log (docs/architecture.md, "the request pipeline").
// Contract: nothing after the decoder reads the request's bytes again for who/what/where, and
// nothing reads a response body for IDs or error codes: `created_ids`, `error_code` and
// `http_status` are set by whoever answers. `request_id` is unique per request and is the one the
// answer carries. Service models read `account` and `region` to pick their partition.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/faults.h"

namespace cloudlife::protocol {

inline constexpr const char* kDefaultAccount = "123456789012";
inline constexpr const char* kDefaultAwsRegion = "us-east-1";

// The API a request speaks. kControl is cloudlife's own /_cloudlife/ (and /moto-api/) surface.
// kSts: AWS STS (GetCallerIdentity), answered from the caller's key (server/sts_service.h).
enum class Cloud : std::uint8_t {
  kUnknown,
  kControl,
  kEc2,
  kAutoScaling,
  kElb,
  kElbV2,
  kEcs,
  kSts
};

// The cloud's name as rules, logs, the audit trail and the policy prefix spell it: "ec2",
// "autoscaling", "elb", "elbv2", "ecs", "sts", "control", "unknown".
std::string_view cloud_name(Cloud cloud);
// True for the AWS Query APIs (EC2, Auto Scaling, ELB, ELBv2, STS).
bool is_aws(Cloud cloud);

// How the request was framed on the wire.
enum class WireProtocol : std::uint8_t { kNone, kAwsQuery, kAlibabaRpc, kControlPlane };

struct RequestContext {
  // --- set by the decoder ---
  Cloud cloud = Cloud::kUnknown;
  WireProtocol protocol = WireProtocol::kNone;
  std::string action;  // as the client named it
  std::string region;
  std::string access_key;
  std::string request_id;
  // What the request names: resource IDs (instances, volumes, groups, templates, …), and the
  // placement a fault rule may match on.
  std::vector<std::string> resource_ids;
  std::vector<std::string> instance_ids;  // the subset of resource_ids that are instances
  std::vector<std::string> zones;
  std::vector<std::string> instance_types;
  // --- set by authentication (the one account rule: AccessControl::account_for) ---
  std::string account = kDefaultAccount;
  // --- set after dispatch ---
  std::vector<std::string> created_ids;  // by the handler: the resources the request created
  std::string error_code;                // "" on success
  int http_status = 0;
  bool injected_fault = false;  // answered by a fault rule: nothing was attempted
};

// The account an access key belongs to when no credentials file says otherwise: a key that is
// itself a 12-digit number names that account (as moto and LocalStack do); any other key maps to
// the default account.
std::string account_for_access_key(const std::string& access_key);

// What a fault rule can match on, read from the context (the same fields for every cloud).
core::FaultContext fault_context(const RequestContext& ctx);

// Named and created resource IDs, each once, in that order (the audit trail and the access log).
std::vector<std::string> resource_ids_of(const RequestContext& ctx);

}  // namespace cloudlife::protocol
