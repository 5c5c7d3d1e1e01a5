// Tags by resource ID: TagResources / UntagResources / ListTagResources of the ECS API (instance,
// disk, snapshot, securitygroup) and of the VPC API (VPC, VSWITCH, EIP). All-or-nothing: one
// unknown ID refuses the call before any tag changes. At most 20 tags per resource.
#include <algorithm>
#include <cctype>

#include "ecs/ecs_errors.h"
#include "ecs/ecs_model.h"

namespace cloudlife::ecs {
namespace {

std::string ascii_lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

core::ServiceError resource_not_found() {
  return core::ServiceError("InvalidResourceId.NotFound",
                            "The specified ResourceIds are not found in our records.", 404);
}

}  // namespace

std::vector<Tag>* EcsModel::tags_of(const EcsPartition& scope, const std::string& type,
                                    const std::string& id) {
  EcsPartition* p = home_of(scope, id);
  if (!p || p->key.region != scope.key.region) return nullptr;
  const std::string t = ascii_lower(type);
  if (t == "instance") {
    auto it = p->instances.find(id);
    return it == p->instances.end() || it->second.releasing ? nullptr : &it->second.data.tags;
  }
  auto find = [&](auto& map) -> std::vector<Tag>* {
    auto it = map.find(id);
    return it == map.end() ? nullptr : &it->second.tags;
  };
  if (t == "disk") return find(p->disks);
  if (t == "snapshot") return find(p->snapshots);
  if (t == "securitygroup") return find(p->security_groups);
  if (t == "vpc") return find(p->vpcs);
  if (t == "vswitch") return find(p->vswitches);
  if (t == "eip") return find(p->eips);
  if (t == "eni") return find(p->enis);
  return nullptr;
}

void EcsModel::tag_resources(EcsPartition& scope, const std::string& type,
                             const std::vector<std::string>& ids, const std::vector<Tag>& tags) {
  if (ids.empty()) throw errors::missing_parameter("ResourceId");
  if (tags.empty()) throw errors::missing_parameter("Tag");
  std::vector<std::vector<Tag>*> targets;
  for (const std::string& id : ids) {
    std::vector<Tag>* have = tags_of(scope, type, id);
    if (!have) throw resource_not_found();
    std::size_t count = have->size();
    for (const Tag& t : tags) {
      if (std::none_of(have->begin(), have->end(), [&](const Tag& h) { return h.key == t.key; })) {
        ++count;
      }
    }
    if (count > 20) {
      throw core::ServiceError("InvalidTagCount", "The number of specified tags exceeds 20.", 400);
    }
    targets.push_back(have);
  }
  for (std::vector<Tag>* have : targets) {
    for (const Tag& t : tags) {
      auto it =
          std::find_if(have->begin(), have->end(), [&](const Tag& h) { return h.key == t.key; });
      if (it == have->end()) {
        have->push_back(t);
      } else {
        it->value = t.value;
      }
    }
  }
}

void EcsModel::untag_resources(EcsPartition& scope, const std::string& type,
                               const std::vector<std::string>& ids,
                               const std::vector<std::string>& keys, bool all) {
  if (ids.empty()) throw errors::missing_parameter("ResourceId");
  std::vector<std::vector<Tag>*> targets;
  for (const std::string& id : ids) {
    std::vector<Tag>* have = tags_of(scope, type, id);
    if (!have) throw resource_not_found();
    targets.push_back(have);
  }
  for (std::vector<Tag>* have : targets) {
    std::erase_if(*have, [&](const Tag& t) {
      return all || std::find(keys.begin(), keys.end(), t.key) != keys.end();
    });
  }
}

std::vector<EcsModel::TaggedResource> EcsModel::list_tag_resources(
    EcsPartition& scope, const std::string& type, const std::vector<std::string>& ids,
    const std::vector<Tag>& tags) {
  if (ids.empty() && tags.empty()) throw errors::missing_parameter("ResourceId");
  std::vector<TaggedResource> out;
  auto emit = [&](const std::string& id, const std::vector<Tag>& have) {
    const bool wanted = std::all_of(tags.begin(), tags.end(), [&](const Tag& w) {
      return std::any_of(have.begin(), have.end(), [&](const Tag& t) {
        return t.key == w.key && (w.value.empty() || t.value == w.value);
      });
    });
    if (!wanted) return;
    for (const Tag& t : have) out.push_back({id, type, t});
  };
  if (!ids.empty()) {
    for (const std::string& id : ids) {
      if (std::vector<Tag>* have = tags_of(scope, type, id)) emit(id, *have);
    }
    return out;
  }
  for (const auto& [id, key] : home_) {
    if (key != scope.key) continue;
    if (std::vector<Tag>* have = tags_of(scope, type, id)) emit(id, *have);
  }
  std::sort(out.begin(), out.end(), [](const TaggedResource& a, const TaggedResource& b) {
    return a.resource_id < b.resource_id;
  });
  return out;
}

}  // namespace cloudlife::ecs
