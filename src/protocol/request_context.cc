#include "protocol/request_context.h"

#include <algorithm>
#include <cctype>

namespace cloudlife::protocol {

std::string_view cloud_name(Cloud cloud) {
  switch (cloud) {
    case Cloud::kControl:
      return "control";
    case Cloud::kEc2:
      return "ec2";
    case Cloud::kAutoScaling:
      return "autoscaling";
    case Cloud::kElb:
      return "elb";
    case Cloud::kElbV2:
      return "elbv2";
    case Cloud::kEcs:
      return "ecs";
    case Cloud::kSts:
      return "sts";
    case Cloud::kUnknown:
      break;
  }
  return "unknown";
}

bool is_aws(Cloud cloud) {
  return cloud == Cloud::kEc2 || cloud == Cloud::kAutoScaling || cloud == Cloud::kElb ||
         cloud == Cloud::kElbV2 || cloud == Cloud::kSts;
}

std::string account_for_access_key(const std::string& access_key) {
  if (access_key.size() == 12 &&
      std::all_of(access_key.begin(), access_key.end(),
                  [](unsigned char c) { return std::isdigit(c) != 0; })) {
    return access_key;
  }
  return kDefaultAccount;
}

core::FaultContext fault_context(const RequestContext& ctx) {
  core::FaultContext f;
  f.cloud = std::string(cloud_name(ctx.cloud));
  f.action = ctx.action;
  f.account = ctx.account;
  f.region = ctx.region;
  f.zones = ctx.zones;
  f.instance_types = ctx.instance_types;
  f.instance_ids = ctx.instance_ids;
  return f;
}

std::vector<std::string> resource_ids_of(const RequestContext& ctx) {
  std::vector<std::string> out;
  out.reserve(ctx.resource_ids.size() + ctx.created_ids.size());
  for (const auto* list : {&ctx.resource_ids, &ctx.created_ids}) {
    for (const std::string& id : *list) {
      if (!id.empty() && std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    }
  }
  return out;
}

}  // namespace cloudlife::protocol
