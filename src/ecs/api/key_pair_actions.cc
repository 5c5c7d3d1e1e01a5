#include "ecs/api/key_pair_actions.h"

#include "ecs/api/ecs_encode.h"
#include "ecs/ecs_errors.h"

namespace cloudlife::ecs::api {
namespace {

using nlohmann::json;

json create_key_pair(EcsCall& c) {
  c.params.required("RegionId");
  const std::string name = c.params.str("KeyPairName");
  const std::string group = c.params.str("ResourceGroupId");
  const auto tags = c.params.tags();
  const GeneratedKey generated = generate_rsa_key();  // outside the lock: it takes a while
  const KeyPair k = c.transact([&](EcsPartition& scope, core::TimeMs now) {
    return c.model.import_key_pair(scope, name, generated.public_key, group, tags, now);
  });
  c.created_ids.push_back(k.key_pair_id);
  return json{{"KeyPairName", k.key_pair_name},
              {"KeyPairId", k.key_pair_id},
              {"KeyPairFingerPrint", k.fingerprint},
              {"PrivateKeyBody", generated.private_key_pem}};
}

json import_key_pair(EcsCall& c) {
  c.params.required("RegionId");
  const std::string name = c.params.str("KeyPairName");
  const std::string body = c.params.str("PublicKeyBody");
  const std::string group = c.params.str("ResourceGroupId");
  const auto tags = c.params.tags();
  const KeyPair k = c.transact([&](EcsPartition& scope, core::TimeMs now) {
    return c.model.import_key_pair(scope, name, body, group, tags, now);
  });
  c.created_ids.push_back(k.key_pair_id);
  return json{{"KeyPairName", k.key_pair_name}, {"KeyPairFingerPrint", k.fingerprint}};
}

json describe_key_pairs(EcsCall& c) {
  c.params.required("RegionId");
  const std::string name = c.params.str("KeyPairName");
  const std::string fingerprint = c.params.str("KeyPairFingerPrint");
  const PageRequest page = c.params.page(10, 50, false);
  const auto all = c.transact([&](EcsPartition& scope, core::TimeMs) {
    return c.model.describe_key_pairs(scope, name, fingerprint);
  });
  json list = json::array();
  const auto first = static_cast<std::size_t>((page.page_number - 1) * page.page_size);
  for (std::size_t i = first;
       i < all.size() && i < first + static_cast<std::size_t>(page.page_size); ++i) {
    const KeyPair& k = all[i];
    list.push_back({{"KeyPairName", k.key_pair_name},
                    {"KeyPairFingerPrint", k.fingerprint},
                    {"PublicKey", k.public_key},
                    {"CreationTime", core::format_iso8601_s(k.creation_time)},
                    {"ResourceGroupId", k.resource_group_id},
                    {"Tags", tags_json(k.tags)}});
  }
  return json{{"KeyPairs", {{"KeyPair", list}}},
              {"TotalCount", static_cast<long long>(all.size())},
              {"PageNumber", page.page_number},
              {"PageSize", page.page_size}};
}

json delete_key_pairs(EcsCall& c) {
  c.params.required("RegionId");
  const auto names = c.params.json_array("KeyPairNames", "InvalidParameter");
  if (!names) throw errors::missing_parameter("KeyPairNames");
  c.transact([&](EcsPartition& scope, core::TimeMs) { c.model.delete_key_pairs(scope, *names); });
  return json::object();
}

json attach_or_detach(EcsCall& c, bool attach) {
  c.params.required("RegionId");
  const std::string name = c.params.required("KeyPairName");
  const auto ids = c.params.json_array("InstanceIds", "InvalidInstanceIds.Malformed");
  if (!ids) throw errors::missing_parameter("InstanceIds");
  c.transact([&](EcsPartition& scope, core::TimeMs now) {
    c.model.attach_key_pair(scope, name, *ids, attach, now);
  });
  json results = json::array();
  for (const std::string& id : *ids) {
    results.push_back(
        {{"InstanceId", id}, {"Success", "true"}, {"Code", "200"}, {"Message", "successful"}});
  }
  return json{{"KeyPairName", name},
              {"TotalCount", std::to_string(ids->size())},
              {"FailCount", "0"},
              {"Results", {{"Result", results}}}};
}

json attach_key_pair(EcsCall& c) {
  return attach_or_detach(c, true);
}
json detach_key_pair(EcsCall& c) {
  return attach_or_detach(c, false);
}

}  // namespace

void add_key_pair_actions(std::map<std::string, ActionHandler, std::less<>>& actions) {
  actions.emplace("CreateKeyPair", create_key_pair);
  actions.emplace("ImportKeyPair", import_key_pair);
  actions.emplace("DescribeKeyPairs", describe_key_pairs);
  actions.emplace("DeleteKeyPairs", delete_key_pairs);
  actions.emplace("AttachKeyPair", attach_key_pair);
  actions.emplace("DetachKeyPair", detach_key_pair);
}

}  // namespace cloudlife::ecs::api
