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

void Ec2Model::publish_state(const Ec2Partition& p, const Instance& instance,
                             core::InstanceState state, core::TimeMs at) {
  if (!service_events_) return;
  // Written as text (no DOM): every instance publishes one per state it enters.
  static const std::string kDetailType = "EC2 Instance State-change Notification";
  static const std::string kSource = "aws.ec2";
  std::string detail = "{\"instance-id\":";
  core::append_json_string(detail, instance.instance_id);
  detail += ",\"state\":";
  core::append_json_string(detail, core::state_name(state));
  detail += '}';
  service_events_->publish_text(
      kSource, kDetailType,
      core::eventbridge_envelope_text(kSource, kDetailType, p.key.account, p.key.region, at,
                                      {instance_arn(p.key, instance.instance_id)}, detail,
                                      service_events_->next_seq()));
}

}  // namespace cloudlife::ec2
