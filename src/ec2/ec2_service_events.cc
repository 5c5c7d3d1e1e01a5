// What EC2 announces on the event bus (source aws.ec2, docs/control-plane.md "Service events"):
// every state an instance enters ("EC2 Instance State-change Notification", detail instance-id and
// state), plus the Spot and rebalance notices published where they happen.
#include "core/service_events.h"
#include "ec2/ec2_model.h"

namespace cloudlife::ec2 {

std::string Ec2Model::instance_arn(const core::PartitionKey& key, const std::string& instance_id) {
  return "arn:aws:ec2:" + key.region + ":" + key.account + ":instance/" + instance_id;
}

void Ec2Model::publish_event(const Ec2Partition& p, const std::string& detail_type,
                             std::vector<std::string> resources, nlohmann::json detail,
                             core::TimeMs at) {
  if (!service_events_) return;
  service_events_->publish(core::eventbridge_envelope(
      "aws.ec2", detail_type, p.key.account, p.key.region, at, std::move(resources),
      std::move(detail), service_events_->next_seq()));
}

namespace {

// An instance state change: resources [its ARN], detail {"instance-id": …, "state": …}.
void write_instance_state_event(std::string_view instance_id, std::string_view state,
                                std::string_view account, std::string_view region,
                                std::vector<std::string>& resources, std::string& detail) {
  std::string arn = "arn:aws:ec2:";
  arn.append(region).append(":").append(account).append(":instance/").append(instance_id);
  resources.push_back(std::move(arn));
  detail += "{\"instance-id\":";
  core::append_json_string(detail, instance_id);
  detail += ",\"state\":";
  core::append_json_string(detail, state);
  detail += '}';
}

const core::SubjectEventFormat kInstanceStateEventFormat{
    "aws.ec2", "EC2 Instance State-change Notification", write_instance_state_event};
// Found again by source and detail type when a snapshot's compact events load.
[[maybe_unused]] const bool kInstanceStateEventFormatRegistered =
    core::register_subject_event_format(kInstanceStateEventFormat);

}  // namespace

void Ec2Model::publish_state(const Ec2Partition& p, const Instance& instance,
                             core::InstanceState state, core::TimeMs at) {
  if (!service_events_) return;
  // Kept as its facts and written when read: every instance publishes one per state it enters.
  service_events_->publish_subject(kInstanceStateEventFormat, p.key.account, p.key.region, at,
                                   instance.instance_id, core::state_name(state),
                                   service_events_->next_seq());
}

}  // namespace cloudlife::ec2
