#include "autoscaling/asg_snapshot.h"

#include "asg_state_reflection.inc"  // generated: reflect() of every struct an AsgPartition holds
#include "autoscaling/asg_model.h"

namespace cloudlife::autoscaling {

void save_autoscaling(core::LockProof held, AsgModel& model,
                      const std::function<void(nlohmann::json)>& emit) {
  model.for_each_partition(held, [&](const core::PartitionKey& key, AsgPartition& part) {
    const nlohmann::json where{{"s", "autoscaling"},
                               {"k", nlohmann::json::array({key.account, key.region})}};
    core::archive::save_section(where, part, emit);
  });
  emit(nlohmann::json{{"s", "autoscaling.model"},
                      {"schedule_serial", model.schedule_serial(held)},
                      {"last_launch_error", model.last_launch_error(held)}});
}

bool load_autoscaling_record(core::LockProof held, AsgModel& model, const nlohmann::json& record,
                             core::archive::Reader& reader) {
  const std::string& section = record.at("s").get_ref<const std::string&>();
  if (section == "autoscaling") {
    const nlohmann::json& k = record.at("k");
    const core::PartitionKey key{k.at(0).get<std::string>(), k.at(1).get<std::string>()};
    core::archive::load_section_record(record, model.partition(held, key), reader);
    return true;
  }
  if (section == "autoscaling.model") {
    model.restore_counters(held, record.at("schedule_serial").get<std::uint64_t>(),
                           record.at("last_launch_error").get<std::string>());
    return true;
  }
  return false;
}

}  // namespace cloudlife::autoscaling
