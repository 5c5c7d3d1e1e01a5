// DescribeInstances and DescribeInstanceStatus: ID lookup, filters, pagination.
#include <charconv>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "ec2/ec2_model.h"
#include "ec2/interface_filters.h"
#include "ec2/network.h"

namespace cloudlife::ec2 {
namespace {

using V = std::vector<std::string>;

using core::InstanceState;
using core::ServiceError;

// The values an instance has for a filter name; nullopt when the name is not a filter.
// The primary interface's values for a DescribeInstances "network-interface.NAME" filter (the
// names DescribeNetworkInterfaces answers, one spelled differently); nullopt for another name.
std::optional<std::vector<std::string>> primary_interface_filter_values(const Ec2Partition& p,
                                                                        const Instance& inst,
                                                                        const std::string& name) {
  static const std::string prefix = "network-interface.";
  if (name.rfind(prefix, 0) != 0) return std::nullopt;
  std::string inner = name.substr(prefix.size());
  if (inner == "addresses.association.ip-owner-id") inner = "addresses.association.owner-id";
  static const NetworkInterface probe;
  if (!interface_filter_values(p, probe, inner)) return std::nullopt;
  auto it = p.network_interfaces.find(inst.network_interface_id);
  if (it == p.network_interfaces.end()) return std::vector<std::string>{};
  return interface_filter_values(p, it->second, inner);
}

std::string boolean_text(bool b) {
  return b ? "true" : "false";
}

// Names with no model here (Dedicated Hosts, placement groups, Outposts, capacity reservations,
// kernels, product codes): accepted, and no instance has a value for them.
bool valueless_filter(const std::string& name) {
  static const std::set<std::string> names = {"affinity",
                                              "host-id",
                                              "capacity-reservation-id",
                                              "outpost-arn",
                                              "placement-group-name",
                                              "placement-partition-number",
                                              "kernel-id",
                                              "ramdisk-id",
                                              "product-code",
                                              "product-code.type"};
  return names.contains(name);
}

std::optional<std::vector<std::string>> instance_filter_values(const Ec2Partition& p,
                                                               const Instance& inst,
                                                               const std::string& name) {
  const InstanceState s = inst.lifecycle.state();
  if (auto values = primary_interface_filter_values(p, inst, name)) return values;
  if (valueless_filter(name)) return V{};
  if (name == "owner-id") return V{p.key.account};
  if (name == "requester-id") {
    auto seq = p.reservation_seq.find(inst.reservation_id);
    if (seq == p.reservation_seq.end()) return V{};
    return V{p.reservations.at(seq->second).requester_id};
  }
  if (name == "private-dns-name") {
    return V{inst.private_ip.empty() ? "" : private_dns_name(inst.private_ip, p.key.region)};
  }
  if (name == "source-dest-check") return V{boolean_text(inst.source_dest_check)};
  if (name == "group-name" || name == "instance.group-name")
    return core::texts_of(inst.security_group_names);
  if (name == "hypervisor") return V{"xen"};
  if (name == "virtualization-type") return V{inst.virtualization_type};
  if (name == "iam-instance-profile.arn") return V{inst.iam_profile ? inst.iam_profile->arn : ""};
  if (name == "launch-index") return V{std::to_string(inst.ami_launch_index)};
  if (name == "monitoring-state") return V{inst.monitoring ? "enabled" : "disabled"};
  if (name == "reason") return V{inst.extras().state_transition_reason};
  if (name == "state-reason-message") {
    return V{inst.state_reason ? inst.state_reason->message : ""};
  }
  if (name == "metadata-options.http-tokens") return V{inst.metadata.http_tokens};
  if (name == "metadata-options.http-endpoint") return V{inst.metadata.http_endpoint};
  if (name == "metadata-options.http-put-response-hop-limit") {
    return V{std::to_string(inst.metadata.http_put_response_hop_limit)};
  }
  if (name == "block-device-mapping.attach-time" || name == "block-device-mapping.status" ||
      name == "block-device-mapping.delete-on-termination") {
    V out;
    for (const auto& bd : inst.block_devices) {
      out.push_back(name == "block-device-mapping.status" ? bd.status.str()
                    : name == "block-device-mapping.attach-time"
                        ? core::format_iso8601_ms(bd.attach_time)
                        : boolean_text(bd.delete_on_termination));
    }
    return out;
  }
  if (name == "instance-id") return V{inst.instance_id.str()};
  if (name == "instance-state-name") return V{std::string(core::state_name(s))};
  if (name == "instance-state-code") return V{std::to_string(core::state_code(s))};
  if (name == "availability-zone" || name == "placement.availability-zone") {
    return V{inst.availability_zone};
  }
  if (name == "availability-zone-id") return V{inst.zone_id};
  if (name == "instance-type") return V{inst.instance_type};
  if (name == "image-id") return V{inst.image_id};
  if (name == "reservation-id") return V{inst.reservation_id};
  if (name == "instance-lifecycle") return V{inst.spot ? "spot" : ""};
  if (name == "key-name") return V{inst.key_name};
  if (name == "vpc-id") return V{inst.vpc_id};
  if (name == "subnet-id") return V{inst.subnet_id};
  if (name == "private-ip-address") return V{inst.private_ip};
  if (name == "ip-address") return V{inst.public_ip};
  if (name == "client-token") return V{inst.client_token};
  if (name == "root-device-type") return V{inst.root_device_type};
  if (name == "root-device-name") return V{inst.root_device_name};
  if (name == "architecture") return V{inst.architecture};
  if (name == "platform") return V{inst.platform};
  if (name == "tenancy" || name == "placement.tenancy") return V{inst.tenancy};
  if (name == "hibernation-options.configured") {
    return V{inst.hibernation_configured ? "true" : "false"};
  }
  if (name == "spot-instance-request-id") return V{inst.extras().spot_request_id};
  if (name == "state-reason-code") return V{inst.state_reason ? inst.state_reason->code : ""};
  if (name == "instance.group-id" || name == "group-id")
    return core::texts_of(inst.security_group_ids);
  if (name == "network-interface.network-interface-id") return V{inst.network_interface_id.str()};
  if (name == "block-device-mapping.volume-id") {
    V out;
    for (const auto& bd : inst.block_devices) out.push_back(bd.volume_id.str());
    return out;
  }
  if (name == "block-device-mapping.device-name") {
    V out;
    for (const auto& bd : inst.block_devices) out.push_back(bd.device_name);
    return out;
  }
  if (name == "tag-key") {
    V out;
    for (const Tag& t : inst.tags.items()) out.push_back(t.key);
    return out;
  }
  if (name == "tag-value") {
    V out;
    for (const Tag& t : inst.tags.items()) out.push_back(t.value);
    return out;
  }
  if (name.rfind("tag:", 0) == 0) {
    const std::string* v = inst.tags.find(name.substr(4));
    return v ? V{*v} : V{};
  }
  if (name == "launch-time") return V{core::format_iso8601_ms(inst.launch_time)};
  if (name == "dns-name") return V{inst.public_ip.empty() ? "" : inst.public_ip};
  return std::nullopt;
}

bool instance_matches(const Ec2Partition& p, const Instance& inst,
                      const std::vector<Filter>& filters) {
  for (const Filter& f : filters) {
    auto values = instance_filter_values(p, inst, f.name);
    if (!values) {
      throw ServiceError("InvalidParameterValue", "The filter '" + f.name + "' is invalid");
    }
    bool any = false;
    for (const std::string& v : *values) {
      // An empty value never matches (e.g. instance-lifecycle of an on-demand instance).
      if (!v.empty() && matches_any(f.values, v)) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  return true;
}

void validate_filters(const Ec2Partition& p, const std::vector<Filter>& filters) {
  static const Instance probe;
  for (const Filter& f : filters) {
    if (!instance_filter_values(p, probe, f.name)) {
      throw ServiceError("InvalidParameterValue", "The filter '" + f.name + "' is invalid");
    }
  }
}

// Pagination tokens are opaque to clients; ours carry the position to resume from.
std::string make_token(std::uint64_t seq, std::size_t index) {
  return "cl1." + std::to_string(seq) + "." + std::to_string(index);
}

bool parse_token(const std::string& token, std::uint64_t& seq, std::size_t& index) {
  if (token.rfind("cl1.", 0) != 0) return false;
  const std::size_t dot = token.find('.', 4);
  if (dot == std::string::npos) return false;
  auto a = std::from_chars(token.data() + 4, token.data() + dot, seq);
  auto b = std::from_chars(token.data() + dot + 1, token.data() + token.size(), index);
  return a.ec == std::errc{} && a.ptr == token.data() + dot && b.ec == std::errc{} &&
         b.ptr == token.data() + token.size();
}

void validate_paging(const std::optional<long long>& max_results, bool has_ids,
                     const std::string& token, std::uint64_t& seq, std::size_t& index) {
  if (max_results && has_ids) {
    throw ServiceError("InvalidParameterCombination",
                       "The parameter instancesSet cannot be used with the parameter maxResults");
  }
  if (max_results && *max_results < 5) {
    throw ServiceError("InvalidParameterValue",
                       "Value ( " + std::to_string(*max_results) +
                           " ) for parameter maxResults is invalid. Expecting a value greater "
                           "than 5.");
  }
  if (max_results && *max_results > 1000) {
    throw ServiceError("InvalidParameterValue",
                       "Value ( " + std::to_string(*max_results) +
                           " ) for parameter maxResults is invalid. Expecting a value less than "
                           "or equal to 1000.");
  }
  seq = 0;
  index = 0;
  if (!token.empty() && !parse_token(token, seq, index)) {
    throw ServiceError("InvalidParameterValue", "Value ( " + token +
                                                    " ) for parameter NextToken is invalid. The "
                                                    "token is invalid.");
  }
}

using ReservationIt = std::map<std::uint64_t, Reservation>::const_iterator;

// What a describe answer needs of a reservation: everything but its (possibly long) member list,
// which the answer's instances already carry.
Reservation reservation_header(const Reservation& r) {
  Reservation header;
  header.reservation_id = r.reservation_id;
  header.owner_id = r.owner_id;
  header.requester_id = r.requester_id;
  header.security_group_ids = r.security_group_ids;
  return header;
}

// The reservations a describe looks at, in launch order: every one from `start_seq` on, or — for a
// lookup by instance IDs — only those holding the requested instances (no scan of the partition).
std::vector<ReservationIt> candidate_reservations(const Ec2Partition& p,
                                                  const std::set<core::CompactText>& wanted,
                                                  std::uint64_t start_seq) {
  std::vector<ReservationIt> out;
  if (wanted.empty()) {
    for (auto it = p.reservations.lower_bound(start_seq); it != p.reservations.end(); ++it) {
      out.push_back(it);
    }
    return out;
  }
  std::set<std::uint64_t> seqs;
  for (const core::CompactText& id : wanted) {
    auto inst = p.instances.find(id);
    if (inst == p.instances.end()) continue;
    auto seq = p.reservation_seq.find(inst->second.reservation_id);
    if (seq != p.reservation_seq.end()) seqs.insert(seq->second);
  }
  for (std::uint64_t seq : seqs) {
    auto it = p.reservations.find(seq);
    if (it != p.reservations.end()) out.push_back(it);
  }
  return out;
}

}  // namespace

InstanceSelection Ec2Model::select_instances(Ec2Partition& p,
                                             const DescribeInstancesRequest& request) {
  std::uint64_t start_seq = 0;
  std::size_t start_index = 0;
  validate_paging(request.max_results, !request.instance_ids.empty(), request.next_token, start_seq,
                  start_index);
  validate_filters(p, request.filters);
  std::set<core::CompactText> wanted;
  if (!request.instance_ids.empty()) {
    for (Instance* inst : require_instances(p, request.instance_ids)) {
      wanted.insert(inst->instance_id);
    }
  }
  InstanceSelection result;
  const long long limit = request.max_results.value_or(-1);
  long long taken = 0;
  // A lookup by IDs (never paged) stops once it has met every instance asked for; one ID is
  // compared directly rather than looked up in the set, instance by instance of its reservation.
  std::size_t unmet = wanted.size();
  const auto is_wanted = [&](const core::CompactText& id) {
    return wanted.size() == 1 ? id == *wanted.begin() : wanted.contains(id);
  };
  for (const ReservationIt& it : candidate_reservations(p, wanted, start_seq)) {
    const Reservation& r = it->second;
    InstanceSelection::Group group{&r, {}};
    for (std::size_t i = (it->first == start_seq ? start_index : 0); i < r.instance_ids.size();
         ++i) {
      if (!wanted.empty()) {
        if (unmet == 0) break;
        if (!is_wanted(r.instance_ids[i])) continue;
        --unmet;
      }
      const Instance* inst = std::as_const(p).find_instance(r.instance_ids[i]);
      if (!inst) continue;
      if (!instance_matches(p, *inst, request.filters)) continue;
      if (limit >= 0 && taken == limit) {
        result.instance_count += group.instances.size();
        if (!group.instances.empty()) result.groups.push_back(std::move(group));
        result.next_token = make_token(it->first, i);
        return result;
      }
      group.instances.push_back(inst);
      ++taken;
    }
    result.instance_count += group.instances.size();
    if (!group.instances.empty()) result.groups.push_back(std::move(group));
    if (!wanted.empty() && unmet == 0) break;
  }
  return result;
}

DescribeInstancesResult Ec2Model::describe_instances(Ec2Partition& p,
                                                     const DescribeInstancesRequest& request) {
  const InstanceSelection selection = select_instances(p, request);
  DescribeInstancesResult result;
  result.reservations.reserve(selection.groups.size());
  for (const InstanceSelection::Group& group : selection.groups) {
    ReservationView view;
    view.reservation = reservation_header(*group.reservation);
    view.instances.reserve(group.instances.size());
    for (const Instance* inst : group.instances) view.instances.push_back(*inst);
    result.reservations.push_back(std::move(view));
  }
  result.next_token = selection.next_token;
  return result;
}

DescribeInstanceStatusResult Ec2Model::describe_instance_status(
    Ec2Partition& p, const DescribeInstanceStatusRequest& request, core::TimeMs now) {
  std::uint64_t start_seq = 0;
  std::size_t start_index = 0;
  validate_paging(request.max_results, !request.instance_ids.empty(), request.next_token, start_seq,
                  start_index);
  std::set<core::CompactText> wanted;
  if (!request.instance_ids.empty()) {
    for (Instance* inst : require_instances(p, request.instance_ids)) {
      wanted.insert(inst->instance_id);
    }
  }
  auto status_values = [](const InstanceStatusView& v,
                          const std::string& name) -> std::optional<std::vector<std::string>> {
    if (name == "instance-status.status") return V{v.instance_status};
    if (name == "system-status.status") return V{v.system_status};
    if (name == "instance-status.reachability" || name == "system-status.reachability") {
      return V{v.reachability};
    }
    if (name == "availability-zone") return V{v.instance.availability_zone};
    if (name == "instance-state-name") {
      return V{std::string(core::state_name(v.instance.lifecycle.state()))};
    }
    if (name == "instance-state-code") {
      return V{std::to_string(core::state_code(v.instance.lifecycle.state()))};
    }
    if (name == "event.not-before" || name == "event.not-after" ||
        name == "event.not-before-deadline") {
      V out;
      for (const InstanceEvent& e : v.instance.extras().events) {
        if (name == "event.not-before-deadline") continue;  // no deadline on these events
        out.push_back(
            core::format_iso8601_ms(name == "event.not-before" ? e.not_before : e.not_after));
      }
      return out;
    }
    if (name == "event.code" || name == "event.description" || name == "event.instance-event-id") {
      V out;
      for (const InstanceEvent& e : v.instance.extras().events) {
        out.push_back(name == "event.code"          ? e.code.str()
                      : name == "event.description" ? e.description
                                                    : e.event_id);
      }
      return out;
    }
    return std::nullopt;
  };
  for (const Filter& f : request.filters) {
    if (!status_values(InstanceStatusView{}, f.name)) {
      throw ServiceError("InvalidParameterValue", "The filter '" + f.name + "' is invalid");
    }
  }
  DescribeInstanceStatusResult result;
  const long long limit = request.max_results.value_or(-1);
  long long taken = 0;
  for (const ReservationIt& it : candidate_reservations(p, wanted, start_seq)) {
    const Reservation& r = it->second;
    for (std::size_t i = (it->first == start_seq ? start_index : 0); i < r.instance_ids.size();
         ++i) {
      if (!wanted.empty() && !wanted.contains(r.instance_ids[i])) continue;
      const Instance* inst = std::as_const(p).find_instance(r.instance_ids[i]);
      if (!inst) continue;
      const bool running = inst->lifecycle.state() == InstanceState::kRunning;
      if (!running && !request.include_all_instances) continue;
      InstanceStatusView v;
      v.instance = *inst;
      if (running) {
        const bool ok = now >= inst->status_checks_ok_at;
        v.instance_status = ok ? "ok" : "initializing";
        v.system_status = v.instance_status;
        v.reachability = ok ? "passed" : "initializing";
      } else {
        v.instance_status = "not-applicable";
        v.system_status = "not-applicable";
      }
      bool match = true;
      for (const Filter& f : request.filters) {
        bool any = false;
        const std::vector<std::string> values =
            status_values(v, f.name).value_or(std::vector<std::string>{});
        for (const std::string& value : values) {
          if (!value.empty() && matches_any(f.values, value)) any = true;
        }
        if (!any) {
          match = false;
          break;
        }
      }
      if (!match) continue;
      if (limit >= 0 && taken == limit) {
        result.next_token = make_token(it->first, i);
        return result;
      }
      result.statuses.push_back(std::move(v));
      ++taken;
    }
  }
  return result;
}

}  // namespace cloudlife::ec2
