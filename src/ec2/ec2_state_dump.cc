#include "ec2/ec2_state_dump.h"

#include <utility>

namespace cloudlife::ec2 {
namespace {

nlohmann::json tags_json(const TagSet& tags) {
  nlohmann::json out = nlohmann::json::object();
  for (const Tag& t : tags.items()) out[t.key] = t.value;
  return out;
}

}  // namespace

nlohmann::json dump_state(core::LockProof held, Ec2Model& model) {
  nlohmann::json partitions = nlohmann::json::array();
  model.for_each_partition(held, [&](const core::PartitionKey& key, Ec2Partition& p) {
    nlohmann::json part;
    part["account"] = key.account;
    part["region"] = key.region;
    nlohmann::json instances = nlohmann::json::array();
    for (const auto& [seq, r] : p.reservations) {
      for (const core::CompactText& id : r.instance_ids) {
        const Instance* i = p.find_instance(id);
        if (!i) continue;
        nlohmann::json j;
        j["instance_id"] = i->instance_id.str();
        j["reservation_id"] = i->reservation_id;
        j["state"] = core::state_name(i->lifecycle.state());
        j["state_since"] = core::format_iso8601_ms(i->lifecycle.since());
        j["settling"] = i->lifecycle.settling();
        j["stuck"] = i->lifecycle.stuck();
        j["availability_zone"] = i->availability_zone;
        j["instance_type"] = i->instance_type;
        j["image_id"] = i->image_id;
        j["subnet_id"] = i->subnet_id;
        j["private_ip"] = i->private_ip;
        j["public_ip"] = i->public_ip;
        j["disable_api_termination"] = i->disable_api_termination;
        j["disable_api_stop"] = i->disable_api_stop;
        j["spot"] = i->spot;
        j["tags"] = tags_json(i->tags);
        nlohmann::json volumes = nlohmann::json::array();
        for (const InstanceBlockDevice& bd : i->block_devices) {
          volumes.push_back({{"device", bd.device_name},
                             {"volume_id", bd.volume_id},
                             {"delete_on_termination", bd.delete_on_termination}});
        }
        j["block_devices"] = volumes;
        instances.push_back(std::move(j));
      }
    }
    part["instances"] = std::move(instances);
    nlohmann::json volumes = nlohmann::json::array();
    for (const auto& [id, v] : std::as_const(p.volumes)) {
      nlohmann::json j;
      j["volume_id"] = v.volume_id.str();
      j["state"] = v.state;
      j["availability_zone"] = v.availability_zone;
      j["size"] = v.size;
      j["volume_type"] = v.volume_type;
      if (v.attachment) {
        j["attachment"] = {{"instance_id", v.attachment->instance_id},
                           {"device", v.attachment->device},
                           {"state", v.attachment->state},
                           {"delete_on_termination", v.attachment->delete_on_termination}};
      }
      j["tags"] = tags_json(v.tags);
      volumes.push_back(std::move(j));
    }
    part["volumes"] = std::move(volumes);
    nlohmann::json snapshots = nlohmann::json::array();
    for (const auto& [id, sn] : p.snapshots) {
      snapshots.push_back({{"snapshot_id", sn.snapshot_id},
                           {"state", sn.state},
                           {"volume_id", sn.volume_id},
                           {"volume_size", sn.volume_size},
                           {"start_time", core::format_iso8601_ms(sn.start_time)},
                           {"tags", tags_json(sn.tags)}});
    }
    part["snapshots"] = std::move(snapshots);
    nlohmann::json images = nlohmann::json::array();
    for (const auto& [id, image] : p.images) {
      nlohmann::json snapshot_ids = nlohmann::json::array();
      for (const BlockDeviceSpec& bd : image.block_devices) {
        if (bd.ebs && bd.ebs->snapshot_id) snapshot_ids.push_back(*bd.ebs->snapshot_id);
      }
      images.push_back({{"image_id", image.image_id},
                        {"name", image.name},
                        {"state", image.state},
                        {"source_instance_id", image.source_instance_id},
                        {"snapshot_ids", std::move(snapshot_ids)},
                        {"tags", tags_json(image.tags)}});
    }
    part["images"] = std::move(images);
    nlohmann::json templates = nlohmann::json::array();
    for (const auto& [id, lt] : p.launch_templates) {
      templates.push_back({{"launch_template_id", lt.id},
                           {"name", lt.name},
                           {"default_version", lt.default_version},
                           {"latest_version", lt.latest_version}});
    }
    part["launch_templates"] = std::move(templates);
    partitions.push_back(std::move(part));
  });
  return {{"partitions", std::move(partitions)}};
}

}  // namespace cloudlife::ec2
