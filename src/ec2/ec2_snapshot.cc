#include "ec2/ec2_snapshot.h"

#include "ec2/ec2_model.h"
#include "ec2_state_reflection.inc"  // generated: reflect() of every struct an Ec2Partition holds

namespace cloudlife::ec2 {
namespace {

using nlohmann::json;

json partition_where(const core::PartitionKey& key) {
  return json{{"s", "ec2"}, {"k", json::array({key.account, key.region})}};
}

}  // namespace

void save_ec2(core::LockProof held, Ec2Model& model,
              const std::function<void(nlohmann::json)>& emit) {
  model.for_each_partition(held, [&](const core::PartitionKey& key, Ec2Partition& part) {
    core::archive::save_section(partition_where(key), part, emit);
  });
  emit(json{{"s", "ec2.model"},
            {"departures_from_running", model.departures_from_running()},
            {"capacity", core::archive::save(model.capacity(held))},
            {"imds_tokens", core::archive::save(model.imds_tokens(held))}});
}

bool load_ec2_record(core::LockProof held, Ec2Model& model, const nlohmann::json& record,
                     core::archive::Reader& reader) {
  const std::string& section = record.at("s").get_ref<const std::string&>();
  if (section == "ec2") {
    const json& k = record.at("k");
    const core::PartitionKey key{k.at(0).get<std::string>(), k.at(1).get<std::string>()};
    core::archive::load_section_record(record, model.partition(held, key), reader);
    return true;
  }
  if (section == "ec2.model") {
    model.restore_departures_from_running(held, record.at("departures_from_running"));
    core::archive::load(record.at("capacity"), model.capacity(held), reader);
    core::archive::load(record.at("imds_tokens"), model.imds_tokens(held), reader);
    return true;
  }
  return false;
}

void finish_ec2_load(core::LockProof held, Ec2Model& model) {
  model.for_each_partition(held, [](const core::PartitionKey&, Ec2Partition& part) {
    (void)part.instances.take_noted();
    (void)part.instances.take_erased();
    (void)part.volumes.take_noted();
    (void)part.volumes.take_erased();
  });
}

}  // namespace cloudlife::ec2
