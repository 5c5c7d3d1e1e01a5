// Spot Instance requests: RequestSpotInstances, their evaluation over virtual time (capacity pools,
// the price model, ValidFrom / ValidUntil), what an instance's interruption or termination does to
// its request, Cancel, and RunInstances' own Spot request (docs/spot.md).
#include <algorithm>

#include "core/ids.h"
#include "ec2/ec2_model.h"
#include "ec2/regions.h"
#include "ec2/spot_price.h"
#include "ec2/tag_operations.h"

namespace cloudlife::ec2 {
namespace {

using V = std::vector<std::string>;

using core::InstanceState;
using core::ServiceError;

constexpr core::TimeMs kCapacityRetry = core::kMinute;
constexpr long long kMaxRequestCount = 1000;
const char* const kDefaultType = "m1.small";

const std::string& status_message(const std::string& code) {
  static const std::map<std::string, std::string> messages = {
      {"pending-evaluation",
       "Your Spot request has been submitted for review, and is pending evaluation."},
      {"pending-fulfillment", "Your Spot request is pending fulfillment."},
      {"fulfilled", "Your spot request is fulfilled."},
      {"capacity-not-available",
       "There is no capacity available for the instance type you requested."},
      {"price-too-low",
       "Your Spot request price is lower than the minimum required Spot request fulfillment "
       "price."},
      {"marked-for-termination", "Spot Instance is marked for termination."},
      {"instance-terminated-by-user", "Spot Instance terminated."},
      {"instance-terminated-by-price", "Spot Instance terminated due to price."},
      {"instance-terminated-by-service", "Spot Instance terminated by the service."},
      {"instance-terminated-no-capacity", "Spot Instance terminated due to no capacity."},
      {"instance-stopped-by-user", "Spot Instance stopped by the user."},
      {"instance-stopped-by-price", "Spot Instance stopped due to price."},
      {"instance-stopped-no-capacity", "Spot Instance stopped due to no capacity."},
      {"canceled-before-fulfillment", "Your Spot request was canceled before it was fulfilled."},
      {"request-canceled-and-instance-running",
       "Spot Instance request is canceled, but the instance is still running."},
      {"schedule-expired", "Your Spot request has expired without being fulfilled."},
      {"bad-parameters", "One or more parameters for your Spot request are not valid."},
  };
  static const std::string none;
  auto it = messages.find(code);
  return it == messages.end() ? none : it->second;
}

void set_status(SpotInstanceRequest& r, const std::string& state, const std::string& code,
                core::TimeMs at) {
  r.state = state;
  r.status_code = code;
  r.status_message = status_message(code);
  r.status_time = at;
}

std::string spot_request_arn(const core::PartitionKey& key, const std::string& id) {
  return "arn:aws:ec2:" + key.region + ":" + key.account + ":spot-instances-request/" + id;
}

double max_price_of(const SpotInstanceRequest& r, const std::string& type) {
  return r.max_price.value_or(on_demand_price(type));
}

// The zone the request names (placement or subnet), "" when EC2 chooses.
std::string named_zone(Ec2Partition& p, const LaunchSpec& spec) {
  if (spec.subnet_id) {
    if (const Subnet* s = p.network.find_subnet(*spec.subnet_id)) return s->availability_zone;
  }
  return spec.availability_zone.value_or("");
}

void validate_request(const RequestSpotInput& in, core::TimeMs now) {
  if (in.type != "one-time" && in.type != "persistent") {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + in.type +
                           ") for parameter type is invalid. Valid values: "
                           "one-time, persistent");
  }
  if (in.instance_count < 1 || in.instance_count > kMaxRequestCount) {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + std::to_string(in.instance_count) +
                           ") for parameter instanceCount is invalid. Expected a value between 1 "
                           "and " +
                           std::to_string(kMaxRequestCount) + ".");
  }
  if (in.spot_price && !parse_price(*in.spot_price)) {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + *in.spot_price + ") for parameter price is invalid.");
  }
  const std::string& b = in.interruption_behavior;
  if (b != "terminate" && b != "stop" && b != "hibernate") {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + b + ") for parameter InstanceInterruptionBehavior is invalid.");
  }
  if (b != "terminate" && in.type != "persistent") {
    throw ServiceError("InvalidParameterCombination",
                       "The specified instance interruption behavior " + b +
                           " is only supported for persistent Spot Instance requests.");
  }
  if (in.valid_until && *in.valid_until <= now) {
    throw ServiceError("InvalidParameterValue", "The ValidUntil date must be in the future.");
  }
  if (in.valid_from && in.valid_until && *in.valid_from >= *in.valid_until) {
    throw ServiceError("InvalidParameterCombination",
                       "The ValidFrom date must be earlier than the ValidUntil date.");
  }
  if (!in.spec.image_id || in.spec.image_id->empty()) {
    throw ServiceError("MissingParameter",
                       "The request must contain the parameter LaunchSpecification.ImageId");
  }
  if (!image_for_launch(*in.spec.image_id)) {
    throw ServiceError("InvalidAMIID.Malformed",
                       "Invalid id: \"" + *in.spec.image_id + "\" (expecting \"ami-...\")");
  }
  const std::string type = in.spec.instance_type.value_or(kDefaultType);
  if (!Ec2Model::is_valid_instance_type(type)) {
    throw ServiceError("InvalidParameterValue", "Invalid value '" + type + "' for InstanceType.");
  }
}

// A request's launch specification for the "launch.*" and "network-interface.*" filters.
std::optional<std::vector<std::string>> launch_filter_values(const LaunchSpec& spec,
                                                             const std::string& name) {
  auto text = [](const std::optional<std::string>& v) { return v ? V{*v} : V{}; };
  auto flag = [](const std::optional<bool>& v) { return v ? V{*v ? "true" : "false"} : V{}; };
  if (name == "launch.key-name") return text(spec.key_name);
  if (name == "launch.monitoring-enabled")
    return V{spec.monitoring.value_or(false) ? "true" : "false"};
  if (name == "launch.group-id") return spec.security_group_ids;
  if (name == "launch.group-name") return spec.security_group_names;
  if (name == "launch.kernel-id" || name == "launch.ramdisk-id") return V{};
  static const std::string bdm = "launch.block-device-mapping.";
  if (name.rfind(bdm, 0) == 0) {
    const std::string field = name.substr(bdm.size());
    if (field != "device-name" && field != "delete-on-termination" && field != "snapshot-id" &&
        field != "volume-size" && field != "volume-type") {
      return std::nullopt;
    }
    V out;
    for (const BlockDeviceSpec& bd : spec.block_devices) {
      if (field == "device-name") {
        out.push_back(bd.device_name);
        continue;
      }
      if (!bd.ebs) continue;
      const EbsSpec& e = *bd.ebs;
      if (field == "delete-on-termination" && e.delete_on_termination) {
        out.push_back(*e.delete_on_termination ? "true" : "false");
      }
      if (field == "snapshot-id" && e.snapshot_id) out.push_back(*e.snapshot_id);
      if (field == "volume-size" && e.volume_size) out.push_back(std::to_string(*e.volume_size));
      if (field == "volume-type" && e.volume_type) out.push_back(*e.volume_type);
    }
    return out;
  }
  // The primary interface the specification describes (when it names one).
  const bool has_interface = spec.network_interface_id || spec.private_ip ||
                             spec.interface_description || spec.associate_public_ip ||
                             spec.interface_delete_on_termination;
  if (name == "network-interface.device-index") return has_interface ? V{"0"} : V{};
  if (name == "network-interface.addresses.primary") {
    return spec.private_ip ? V{"true"} : V{};
  }
  if (name == "network-interface.private-ip-address") return text(spec.private_ip);
  if (name == "network-interface.network-interface-id") return text(spec.network_interface_id);
  if (name == "network-interface.description") return text(spec.interface_description);
  if (name == "network-interface.delete-on-termination") {
    return flag(spec.interface_delete_on_termination);
  }
  if (name == "network-interface.subnet-id") return has_interface ? text(spec.subnet_id) : V{};
  if (name == "network-interface.group-id") return has_interface ? spec.security_group_ids : V{};
  return std::nullopt;
}

std::optional<std::vector<std::string>> request_filter_values(const SpotInstanceRequest& r,
                                                              const std::string& name) {
  if (name == "spot-instance-request-id") return std::vector<std::string>{r.id};
  if (name == "state") return std::vector<std::string>{r.state};
  if (name == "status-code") return std::vector<std::string>{r.status_code};
  if (name == "status-message") return std::vector<std::string>{r.status_message};
  if (name == "type") return std::vector<std::string>{r.type};
  if (name == "instance-id") return std::vector<std::string>{r.instance_id};
  if (name == "launched-availability-zone") return std::vector<std::string>{r.launched_zone};
  if (name == "product-description") return std::vector<std::string>{r.product_description};
  if (name == "launch.instance-type") {
    return std::vector<std::string>{r.spec.instance_type.value_or(kDefaultType)};
  }
  if (name == "launch.image-id") return std::vector<std::string>{r.spec.image_id.value_or("")};
  if (name == "spot-price") {
    return r.max_price ? std::vector<std::string>{format_price(*r.max_price)}
                       : std::vector<std::string>{};
  }
  if (auto values = launch_filter_values(r.spec, name)) return values;
  auto time_text = [](const std::optional<core::TimeMs>& t) {
    return t ? V{core::format_iso8601_ms(*t)} : V{};
  };
  if (name == "create-time") return V{core::format_iso8601_ms(r.create_time)};
  if (name == "valid-from") return time_text(r.valid_from);
  if (name == "valid-until") return time_text(r.valid_until);
  if (name == "launch-group") return r.launch_group.empty() ? V{} : V{r.launch_group};
  if (name == "availability-zone-group") return r.zone_group.empty() ? V{} : V{r.zone_group};
  if (name == "fault-code" || name == "fault-message") return V{};  // no faults recorded
  return tag_filter_values(r.tags, name);
}

}  // namespace

std::vector<SpotInstanceRequest> Ec2Model::request_spot_instances(Ec2Partition& p,
                                                                  const RequestSpotInput& in,
                                                                  core::TimeMs now) {
  validate_request(in, now);
  validate_metadata_options(in.spec.metadata_options);
  const std::string zone = named_zone(p, in.spec);
  if (!zone.empty() && !is_zone_of(p.key.region, zone)) {
    throw ServiceError("InvalidParameterValue", "Invalid availability zone: [" + zone + "]");
  }
  if (in.spec.subnet_id && !p.network.find_subnet(*in.spec.subnet_id)) {
    throw ServiceError("InvalidSubnetID.NotFound",
                       "The subnet ID '" + *in.spec.subnet_id + "' does not exist");
  }
  if (in.dry_run) throw dry_run_succeeded();
  std::vector<std::string> ids;
  for (long long k = 0; k < in.instance_count; ++k) {
    SpotInstanceRequest r;
    r.id = core::resource_id("sir", 8);
    r.type = in.type;
    if (in.spot_price) r.max_price = parse_price(*in.spot_price);
    r.interruption_behavior = in.interruption_behavior;
    r.spec = in.spec;
    r.spec.market.reset();
    r.create_time = now;
    r.valid_from = in.valid_from;
    r.valid_until = in.valid_until;
    r.launch_group = in.launch_group;
    r.zone_group = in.zone_group;
    for (const Tag& t : in.tags) r.tags.set(t.key, t.value);
    set_status(r, "open", "pending-evaluation", now);
    ids.push_back(r.id);
    SpotInstanceRequest& stored = p.spot_requests.emplace(r.id, std::move(r)).first->second;
    // Evaluated right after this call returns (at the same virtual time, or at ValidFrom).
    schedule_spot_evaluation(p, stored, std::max(now, in.valid_from.value_or(now)));
  }
  std::vector<SpotInstanceRequest> out;
  for (const std::string& id : ids) out.push_back(p.spot_requests.at(id));
  return out;
}

void Ec2Model::schedule_spot_evaluation(Ec2Partition& p, SpotInstanceRequest& r, core::TimeMs at) {
  if (r.retry_event) engine_.scheduler().cancel(r.retry_event);
  r.retry_event = engine_.scheduler().schedule(
      at, core::TimedEvent{instance_events_.spot_evaluation, p.key, r.id, {}});
}

// "ec2.spot-request-evaluation" (subject: the request): the evaluation schedule_spot_evaluation()
// planned.
void Ec2Model::on_spot_evaluation_due(const core::EngineLock& held, core::TimeMs when,
                                      const core::TimedEvent& event) {
  Ec2Partition* part = partitions_.find(held, event.part);
  if (!part) return;
  const std::string& id = event.subject;
  auto it = part->spot_requests.find(id);
  if (it == part->spot_requests.end()) return;
  it->second.retry_event = 0;
  evaluate_spot_request(*part, id, when);
}

void Ec2Model::evaluate_spot_request(Ec2Partition& p, const std::string& id, core::TimeMs at) {
  SpotInstanceRequest& r = p.spot_requests.at(id);
  if (r.state != "open") return;
  if (r.valid_until && at >= *r.valid_until) {
    set_status(r, "closed", "schedule-expired", at);
    return;
  }
  const std::string type = r.spec.instance_type.value_or(kDefaultType);
  const double max_price = max_price_of(r, type);
  // The zones it may launch in: the one it names, else every zone of the region in order.
  std::vector<std::string> zones;
  if (const std::string named = named_zone(p, r.spec); !named.empty()) {
    zones.push_back(named);
  } else {
    for (const ZoneInfo& z : zones_of(p.key.region)) zones.push_back(z.name);
  }
  std::string chosen;
  bool priced_out = false;
  for (const std::string& z : zones) {
    const auto left = capacity_remaining(p, p.key.region, z, type, Market::kSpot);
    if (left && *left < 1) continue;
    if (spot_price(type, z, r.product_description, at) > max_price) {
      priced_out = true;
      continue;
    }
    chosen = z;
    break;
  }
  if (chosen.empty()) {
    if (priced_out) {
      set_status(r, "open", "price-too-low", at);
      if (auto when = next_price_crossing(type, zones.front(), r.product_description, max_price,
                                          false, at + 1)) {
        schedule_spot_evaluation(p, r, *when);
      }
    } else {
      set_status(r, "open", "capacity-not-available", at);
      schedule_spot_evaluation(p, r, at + kCapacityRetry);
    }
    return;
  }
  RunInstancesRequest run;
  run.spec = r.spec;
  if (!run.spec.subnet_id) run.spec.availability_zone = chosen;
  MarketOptions market;
  market.spot_instance_type = r.type;
  market.interruption_behavior = r.interruption_behavior;
  if (r.max_price) market.max_price = format_price(*r.max_price);
  run.spec.market = market;
  run.spot_request_id = r.id;
  ReservationView view;
  try {
    view = run_instances(p, run, at);
  } catch (const ServiceError& e) {
    SpotInstanceRequest& again = p.spot_requests.at(id);
    if (e.code() == "InsufficientInstanceCapacity") {
      set_status(again, "open", "capacity-not-available", at);
      schedule_spot_evaluation(p, again, at + kCapacityRetry);
    } else {
      set_status(again, "failed", "bad-parameters", at);
      again.status_message = e.message();
    }
    return;
  }
  SpotInstanceRequest& done = p.spot_requests.at(id);
  const Instance& inst = view.instances.front();
  done.instance_id = inst.instance_id;
  done.launched_zone = inst.availability_zone;
  set_status(done, "active", "fulfilled", at);
  publish_event(p, "EC2 Spot Instance Request Fulfillment",
                {spot_request_arn(p.key, done.id), instance_arn(p.key, inst.instance_id.str())},
                {{"spot-instance-request-id", done.id}, {"instance-id", inst.instance_id.str()}},
                at);
  schedule_price_interruption(p, inst, done, at);
}

void Ec2Model::check_spot_max_price(const Ec2Partition&, const LaunchSpec& spec,
                                    const std::string& zone, const std::string& instance_type,
                                    core::TimeMs now) {
  if (!spec.market || spec.market->max_price.empty()) return;
  const auto max = parse_price(spec.market->max_price);
  if (!max) {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + spec.market->max_price + ") for parameter MaxPrice is invalid.");
  }
  const double current = spot_price(instance_type, zone, "Linux/UNIX", now);
  if (*max < current) {
    throw ServiceError("SpotMaxPriceTooLow",
                       "Your Spot request price of " + spec.market->max_price +
                           " is lower than the minimum required Spot request fulfillment price "
                           "of " +
                           format_price(current) + ".");
  }
}

void Ec2Model::record_spot_request_of(Ec2Partition& p, Instance& inst, const LaunchSpec& spec,
                                      core::TimeMs now) {
  SpotInstanceRequest r;
  r.id = inst.extras().spot_request_id;
  r.type = inst.extras().spot_instance_type;
  r.interruption_behavior = inst.spot_interruption_behavior;
  if (spec.market && !spec.market->max_price.empty()) {
    r.max_price = parse_price(spec.market->max_price);
  }
  r.spec = spec;
  r.spec.market.reset();
  r.spec.availability_zone = inst.availability_zone;
  r.instance_id = inst.instance_id;
  r.launched_zone = inst.availability_zone;
  r.create_time = now;
  for (const Tag& t : spec.tags_for("spot-instances-request")) r.tags.set(t.key, t.value);
  set_status(r, "active", "fulfilled", now);
  SpotInstanceRequest& stored = p.spot_requests.emplace(r.id, std::move(r)).first->second;
  schedule_price_interruption(p, inst, stored, now);
}

// A Spot Instance whose request's maximum price the moving price will pass is interrupted then
// (instance-terminated-by-price), with the usual two-minute notice before.
void Ec2Model::schedule_price_interruption(Ec2Partition& p, const Instance& inst,
                                           const SpotInstanceRequest& r, core::TimeMs now) {
  if (!r.max_price) return;
  const auto when = next_price_crossing(inst.instance_type, inst.availability_zone,
                                        r.product_description, *r.max_price, true, now + 1);
  if (!when) return;
  // The launch time tells this run of the instance from a later one (after a stop and start).
  engine_.scheduler().schedule(*when, core::TimedEvent{instance_events_.spot_price_interruption,
                                                       p.key,
                                                       inst.instance_id.str(),
                                                       {std::to_string(inst.launch_time)}});
}

// "ec2.spot-price-interruption" (subject: the instance; args: its launch time then, in ms): the
// moving price passed the request's maximum price.
void Ec2Model::on_spot_price_crossed(const core::EngineLock& held, core::TimeMs at,
                                     const core::TimedEvent& event) {
  Ec2Partition* part = partitions_.find(held, event.part);
  if (!part) return;
  const std::string& id = event.subject;
  const core::TimeMs launched = std::stoll(event.arg(0));
  Instance* i = part->find_instance(id);
  if (!i || i->launch_time != launched || i->lifecycle.state() != InstanceState::kRunning ||
      i->extras().spot_interruption_at) {
    return;
  }
  i->extras_mut().spot_interruption_code =
      i->spot_interruption_behavior == "terminate" || i->spot_interruption_behavior.empty()
          ? "instance-terminated-by-price"
          : "instance-stopped-by-price";
  interrupt_spot(*part, id, 2 * core::kMinute, at);
}

void Ec2Model::announce_spot_interruption(Ec2Partition& p, Instance& inst, core::TimeMs now) {
  const std::string action =
      inst.spot_interruption_behavior.empty() ? "terminate" : inst.spot_interruption_behavior;
  if (inst.extras().spot_interruption_code.empty()) {
    inst.extras_mut().spot_interruption_code =
        action == "terminate" ? "instance-terminated-by-service" : "instance-stopped-no-capacity";
  }
  auto it = p.spot_requests.find(inst.extras().spot_request_id);
  if (it != p.spot_requests.end() && it->second.state == "active") {
    set_status(it->second, "active", "marked-for-termination", now);
  }
  publish_event(p, "EC2 Spot Instance Interruption Warning",
                {instance_arn(p.key, inst.instance_id.str())},
                {{"instance-id", inst.instance_id.str()}, {"instance-action", action}}, now);
}

void Ec2Model::recommend_rebalance(Ec2Partition& p, const std::string& instance_id,
                                   core::TimeMs now) {
  Instance* inst = require_instances(p, {instance_id}).front();
  if (inst->lifecycle.state() != InstanceState::kRunning) {
    throw ServiceError("IncorrectInstanceState",
                       "The instance '" + instance_id + "' is not running (it is " +
                           std::string(core::state_name(inst->lifecycle.state())) + ").");
  }
  if (!inst->spot) {
    throw ServiceError("UnsupportedOperation",
                       "The instance '" + instance_id + "' is not a Spot Instance.");
  }
  inst->extras_mut().rebalance_recommended_at = now;
  publish_event(p, "EC2 Instance Rebalance Recommendation", {instance_arn(p.key, instance_id)},
                {{"instance-id", instance_id}}, now);
}

void Ec2Model::on_spot_instance_settled(Ec2Partition& p, Instance& inst, InstanceState previous,
                                        core::TimeMs at) {
  if (!inst.spot) return;
  auto it = p.spot_requests.find(inst.extras().spot_request_id);
  if (it == p.spot_requests.end() || it->second.instance_id != inst.instance_id) return;
  SpotInstanceRequest& r = it->second;
  const InstanceState now_state = inst.lifecycle.state();
  const std::string cause = inst.extras().spot_interruption_code;
  if (now_state == InstanceState::kRunning && previous == InstanceState::kPending) {
    if (r.state == "disabled") set_status(r, "active", "fulfilled", at);
    return;
  }
  inst.extras_mut().spot_interruption_at = 0;
  inst.extras_mut().spot_interruption_code.clear();
  inst.extras_mut().rebalance_recommended_at = 0;
  if (r.state == "cancelled") return;  // a cancelled request stays cancelled
  if (now_state == InstanceState::kStopped) {
    set_status(r, "disabled", cause.empty() ? "instance-stopped-by-user" : cause, at);
    return;
  }
  if (now_state != InstanceState::kTerminated) return;
  const std::string code = cause.empty() ? "instance-terminated-by-user" : cause;
  if (r.type == "persistent") {
    // A persistent request opens again and launches a replacement.
    set_status(r, "open", code, at);
    r.instance_id.clear();
    schedule_spot_evaluation(p, r, at);
  } else {
    set_status(r, "closed", code, at);
  }
}

std::vector<SpotInstanceRequest> Ec2Model::describe_spot_instance_requests(
    Ec2Partition& p, const std::vector<std::string>& ids, const std::vector<Filter>& filters) {
  for (const std::string& id : ids) {
    if (!p.spot_requests.contains(id)) {
      throw ServiceError("InvalidSpotInstanceRequestID.NotFound",
                         "The spot instance request ID '" + id + "' does not exist");
    }
  }
  auto values = [](const SpotInstanceRequest& r) {
    return [&r](const std::string& name) { return request_filter_values(r, name); };
  };
  SpotInstanceRequest probe;
  require_known_filters(filters, values(probe));
  std::vector<const SpotInstanceRequest*> chosen;
  for (const auto& [id, r] : p.spot_requests) {
    if (!ids.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) continue;
    if (!matches_all(filters, values(r))) continue;
    chosen.push_back(&r);
  }
  std::sort(chosen.begin(), chosen.end(), [](const auto* a, const auto* b) {
    return a->create_time != b->create_time ? a->create_time < b->create_time : a->id < b->id;
  });
  std::vector<SpotInstanceRequest> out;
  for (const auto* r : chosen) out.push_back(*r);
  return out;
}

std::vector<SpotCancelResult> Ec2Model::cancel_spot_instance_requests(
    Ec2Partition& p, const std::vector<std::string>& ids, bool dry_run, core::TimeMs now) {
  describe_spot_instance_requests(p, ids, {});
  if (dry_run) throw dry_run_succeeded();
  std::vector<SpotCancelResult> out;
  for (const std::string& id : ids) {
    SpotInstanceRequest& r = p.spot_requests.at(id);
    if (r.state == "open" || r.state == "disabled") {
      if (r.retry_event) engine_.scheduler().cancel(r.retry_event);
      r.retry_event = 0;
      const bool has_instance = !r.instance_id.empty();
      set_status(
          r, "cancelled",
          has_instance ? "request-canceled-and-instance-running" : "canceled-before-fulfillment",
          now);
    } else if (r.state == "active") {
      set_status(r, "cancelled", "request-canceled-and-instance-running", now);
    }
    out.push_back({id, r.state});
  }
  return out;
}

}  // namespace cloudlife::ec2
