// The ECS state in snapshots: the generated member lists (ecs_state_reflection.inc, from
// scripts/gen_state_reflection.py; see src/ecs/CMakeLists.txt) walked by core::archive.
#include "ecs/ecs_snapshot.h"

#include <stdexcept>
#include <string>
#include <utility>

#include "ecs/ecs_model.h"
#include "ecs/ecs_service.h"
#include "ecs_state_reflection.inc"

namespace cloudlife::ecs {
namespace {

namespace archive = core::archive;
using nlohmann::json;

// A ClientToken entry keeps its first answer as JSON: that member is written as it is, the others
// through the archive (so a member added to TokenEntry is saved without code here).
struct TokenSaver {
  json& out;
  void operator()(const char* name, const json& member) { out[name] = member; }
  template <class M>
  void operator()(const char* name, const M& member) {
    out[name] = archive::save(member);
  }
};

struct TokenLoader {
  const json& in;
  archive::Reader& reader;
  void operator()(const char* name, json& member) {
    if (auto it = in.find(name); it != in.end()) member = *it;
  }
  template <class M>
  void operator()(const char* name, M& member) {
    if (auto it = in.find(name); it != in.end()) archive::load(*it, member, reader);
  }
};

json token_json(const EcsService::TokenEntry& entry) {
  json out = json::object();
  TokenSaver saver{out};
  reflect(saver, const_cast<EcsService::TokenEntry&>(entry));  // the saver only reads
  return out;
}

void save_tokens(const std::map<std::string, EcsService::TokenEntry>& tokens,
                 const std::function<void(json)>& emit) {
  archive::emit_chunks(
      json{{"s", kEcsTokensSection}}, "i", tokens.begin(), tokens.end(),
      [](const auto& token) {
        return json::array({archive::save_text(token.first), token_json(token.second)});
      },
      emit);
}

void load_tokens(std::map<std::string, EcsService::TokenEntry>& tokens, const json& record,
                 archive::Reader& reader) {
  for (const json& item : record.at("i")) {
    EcsService::TokenEntry entry;
    TokenLoader loader{item.at(1), reader};
    reflect(loader, entry);
    tokens.insert_or_assign(archive::load_text(item.at(0)), std::move(entry));
  }
}

json partition_where(const core::PartitionKey& key) {
  return json{
      {"s", kEcsPartitionSection},
      {"k", json::array({archive::save_text(key.account), archive::save_text(key.region)})}};
}

core::PartitionKey partition_key(const json& record) {
  const json& k = record.at("k");
  return core::PartitionKey{archive::load_text(k.at(0)), archive::load_text(k.at(1))};
}

// Loading notes every record it puts into a tracked map: no change anyone should bill or observe.
template <class Map>
void forget_changes(core::TrackedMap<Map>& map) {
  map.take_erased();
  map.take_noted();
}

}  // namespace

void save_ecs(core::LockProof held, const EcsModel& model, const EcsService& service,
              const std::function<void(json)>& emit) {
  archive::save_section(json{{"s", kEcsModelSection}}, model, emit);
  model.for_each_partition(held, [&emit](const core::PartitionKey& key, const EcsPartition& p) {
    archive::save_section(partition_where(key), p, emit);
  });
  save_tokens(service.tokens(held), emit);
}

void load_ecs_record(core::LockProof held, EcsModel& model, EcsService& service, const json& record,
                     archive::Reader& reader) {
  const std::string section = record.at("s").get<std::string>();
  if (section == kEcsModelSection) {
    archive::load_section_record(record, model, reader);
  } else if (section == kEcsPartitionSection) {
    archive::load_section_record(record, model.partition(held, partition_key(record)), reader);
  } else if (section == kEcsTokensSection) {
    load_tokens(service.tokens(held), record, reader);
  } else {
    throw std::invalid_argument("not an ECS snapshot record: section " + section);
  }
}

void finish_ecs_load(core::LockProof held, EcsModel& model, core::TimeMs now) {
  model.for_each_partition(held, [now](const core::PartitionKey& /*key*/, EcsPartition& p) {
    p.relist(now);
    forget_changes(p.instances);
    forget_changes(p.disks);
    forget_changes(p.snapshots);
    forget_changes(p.eips);
  });
}

}  // namespace cloudlife::ecs
