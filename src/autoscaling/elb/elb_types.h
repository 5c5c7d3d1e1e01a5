// The ELB / ELBv2 state of one account and region: Classic load balancers; ELBv2 load balancers,
// listeners, rules and target groups. No traffic is routed; target health follows the EC2
// instance state, the health-check settings on the virtual clock and the control plane's failures.
// Contract: plain data, read and changed only under the engine lock (by ElbModel, and by the
// Auto Scaling model, which registers its groups' instances: AsgPartition is an ElbPartition).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "autoscaling/elb/target_group_rules.h"
#include "core/partitions.h"
#include "core/time.h"

namespace cloudlife::autoscaling {

// Classic ELB load balancer.
struct ClassicLoadBalancer {
  std::string name;
  std::string dns_name;
  std::string scheme = "internet-facing";
  std::vector<std::string> zones;
  std::vector<std::string> subnets;
  std::vector<std::string> security_groups;
  std::string vpc_id;
  // SourceSecurityGroup: in a VPC the account and the name of the first security group (the
  // VPC's default group when none was given); outside one amazon-elb / amazon-elb-sg.
  std::string source_group_owner = "amazon-elb";
  std::string source_group_name = "amazon-elb-sg";
  struct Listener {
    std::string protocol;
    long long port = 0;
    std::string instance_protocol;
    long long instance_port = 0;
  };
  std::vector<Listener> listeners;
  std::vector<std::string> instances;  // registration order
  TagMap tags;                         // Tags on create, AddTags / RemoveTags / DescribeTags
  core::TimeMs created = 0;
};

// ELBv2 target group, with the health-check settings it was created with (echoed, not run),
// its tags and its attributes.
struct TargetGroup {
  std::string arn;
  std::string name;
  std::string protocol;
  long long port = 0;
  std::string vpc_id;
  std::string target_type = "instance";
  std::string ip_address_type = "ipv4";  // ipv4 (ipv6 is refused: no IPv6 addressing here)
  std::string health_check_protocol;
  std::string health_check_path;
  std::string health_check_port = "traffic-port";
  bool health_check_enabled = true;
  long long health_check_interval_seconds = 30;
  long long health_check_timeout_seconds = 5;
  long long healthy_threshold_count = 5;
  long long unhealthy_threshold_count = 2;
  std::string matcher_http_code = "200";
  struct Target {
    std::string id;
    long long port = 0;
    core::TimeMs registered_at = 0;
    core::TimeMs drain_until = 0;  // draining (deregistered while in use) until then
    bool draining = false;
  };
  std::vector<Target> targets;  // registered ones, then draining ones
  TagMap tags;                  // AddTags / RemoveTags / DescribeTags, Tags on create
  TagMap attributes;  // Describe/ModifyTargetGroupAttributes: default_target_group_attributes
  // Since when a listener or rule of a load balancer forwards to it (0: none does).
  core::TimeMs in_use_since = 0;
  std::vector<std::string> load_balancer_arns;  // derived: filled in by the describes
};

// ELBv2 listener and rule actions (docs/autoscaling.md "Load balancers, listeners and rules").
struct ElbAction {
  std::string type;  // forward | redirect | fixed-response
  long long order = 0;
  std::string target_group_arn;  // forward with a single group
  struct WeightedGroup {
    std::string arn;
    long long weight = 1;
  };
  std::vector<WeightedGroup> forward_groups;  // ForwardConfig.TargetGroups
  bool has_forward_config = false;
  bool stickiness_enabled = false;
  long long stickiness_duration = 0;  // seconds, 0 = not given
  // RedirectConfig
  std::string redirect_protocol, redirect_port, redirect_host, redirect_path, redirect_query,
      redirect_status;
  // FixedResponseConfig
  std::string fixed_status, fixed_content_type, fixed_body;
  bool has_fixed_content_type = false, has_fixed_body = false;
};

struct ElbRuleCondition {
  std::string field;  // host-header | path-pattern | http-header | http-request-method |
                      // query-string | source-ip
  std::vector<std::string> values;
  std::string header_name;                                 // http-header
  std::vector<std::pair<std::string, std::string>> query;  // query-string key/value pairs
};

struct ElbListener {
  std::string arn;
  std::string load_balancer_arn;
  std::string protocol;
  long long port = 0;
  std::string ssl_policy;
  std::vector<std::string> certificates;  // ARNs
  std::vector<std::string> alpn_policy;
  std::vector<ElbAction> default_actions;
  TagMap tags;
  TagMap attributes;
};

struct ElbRule {
  std::string arn;
  std::string listener_arn;
  std::string priority;  // "default" or 1-50000
  bool is_default = false;
  std::vector<ElbRuleCondition> conditions;
  std::vector<ElbAction> actions;  // the default rule's are its listener's default actions
  TagMap tags;
};

// ELBv2 load balancer (application, network or gateway). Provisioning until `active_at`.
struct LoadBalancerV2 {
  std::string arn;
  std::string name;
  std::string type = "application";
  std::string scheme = "internet-facing";
  std::string ip_address_type = "ipv4";
  std::string vpc_id;
  std::string dns_name;
  std::string canonical_hosted_zone_id;
  struct Zone {
    std::string zone;
    std::string subnet_id;
    std::string allocation_id;
    std::string private_ipv4;
    std::string ipv6;
  };
  std::vector<Zone> zones;
  std::vector<std::string> security_groups;
  std::string enforce_private_link_inbound;  // NLB with security groups: "on" / "off"
  TagMap tags;
  TagMap attributes;
  core::TimeMs created = 0;
  core::TimeMs active_at = 0;
};

// A target whose application fails its health checks from `since` (the control plane's
// PUT /_cloudlife/target-health); `recovered_at` once it passes them again.
struct TargetFailure {
  std::string reason = "Target.FailedHealthChecks";
  core::TimeMs since = 0;
  core::TimeMs recovered_at = 0;  // 0: still failing
};

struct ElbPartition : core::LockedState {
  ElbPartition(core::LockProof held, const core::PartitionKey& partition_key)
      : core::LockedState(held), key(partition_key) {}

  core::PartitionKey key;
  std::map<std::string, ClassicLoadBalancer> load_balancers;  // by name
  std::map<std::string, TargetGroup> target_groups;           // by ARN
  std::map<std::string, LoadBalancerV2> v2_load_balancers;    // by ARN
  std::map<std::string, ElbListener> listeners;               // by ARN
  std::map<std::string, ElbRule> rules;                       // by ARN
  std::map<std::string, TargetFailure> target_failures;       // by target (instance) ID
};

}  // namespace cloudlife::autoscaling
