// ELBv2 load-balancer rules as small pure functions (docs/autoscaling.md "Load balancers,
// listeners and rules"): the name, type, scheme and IP address type rules, the DNS name and
// canonical hosted zone AWS gives a load balancer, the attributes each type has with AWS's
// defaults and the values each accepts, and the listener protocol rules.
// Contract: each check throws core::ServiceError with AWS's code (ValidationError,
// InvalidConfigurationRequest) and changes nothing; the others are pure.
#pragma once

#include <string>

#include "autoscaling/elb/target_group_rules.h"

namespace cloudlife::autoscaling {

// 1-32 characters, ASCII letters, digits and hyphens, not beginning or ending with a hyphen, not
// beginning with "internal-".
void check_load_balancer_name(const std::string& name);
// application | network | gateway; internet-facing | internal; ipv4 | dualstack |
// dualstack-without-public-ipv4 (application only).
void check_load_balancer_type(const std::string& type);
void check_load_balancer_scheme(const std::string& scheme);
void check_ip_address_type(const std::string& type, const std::string& lb_type);

// The DNS name AWS forms: application "<name>-<digits>.<region>.elb.amazonaws.com" ("internal-"
// first for an internal one), network "<name>-<hex>.elb.<region>.amazonaws.com"; gateway load
// balancers have none (""). `unique` is the random part (digits for application, hex for network).
std::string load_balancer_dns_name(const std::string& name, const std::string& type,
                                   const std::string& scheme, const std::string& region,
                                   const std::string& unique);
// The Route 53 hosted zone of the region's load balancers of `type` (AWS's published table;
// "" for a gateway load balancer or a region outside it).
std::string canonical_hosted_zone_id(const std::string& region, const std::string& type);

// The attributes a new load balancer of `type` (and `scheme`) has, with AWS's defaults.
TagMap default_load_balancer_attributes(const std::string& type, const std::string& scheme);
// `current` with `changes` applied; ValidationError for a key no load balancer has ("Load balancer
// attribute key 'k' is not recognized"), InvalidConfigurationRequest for one this type does not
// support or a value the key does not accept. Checked whole before any change.
TagMap apply_load_balancer_attributes(const TagMap& current, const std::string& type,
                                      const TagList& changes);

// Listener protocol of a load balancer type: application HTTP / HTTPS, network TCP / TLS / UDP /
// TCP_UDP, gateway none (GENEVE implied). InvalidConfigurationRequest otherwise.
void check_listener_protocol(const std::string& protocol, const std::string& lb_type);
// The attributes a listener of `lb_type` has (network / gateway: tcp.idle_timeout.seconds 350).
TagMap default_listener_attributes(const std::string& lb_type, const std::string& protocol);
TagMap apply_listener_attributes(const TagMap& current, const TagList& changes);

}  // namespace cloudlife::autoscaling
