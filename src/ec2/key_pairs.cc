#include "ec2/key_pairs.h"

#include <algorithm>
#include <regex>

#include "core/ids.h"
#include "core/service_error.h"
#include "ec2/ec2_model.h"
#include "ec2/ec2_partition.h"
#include "ec2/key_material.h"
#include "ec2/tag_operations.h"

namespace cloudlife::ec2 {
namespace {

using core::ServiceError;
using V = std::vector<std::string>;

void validate_name(const std::string& name) {
  if (name.empty()) {
    throw ServiceError("MissingParameter", "The request must contain the parameter KeyName");
  }
  const bool ascii = std::all_of(name.begin(), name.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f;
  });
  if (name.size() > 255 || !ascii) {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + name +
                           ") for parameter keyName is invalid. Character sets "
                           "beyond ASCII are not supported.");
  }
}

KeyPair* find_by_name(Ec2Partition& p, const std::string& name) {
  return const_cast<KeyPair*>(find_key_pair_by_name(p, name));
}

void refuse_duplicate(Ec2Partition& p, const std::string& name) {
  if (find_by_name(p, name)) {
    throw ServiceError("InvalidKeyPair.Duplicate", "The keypair '" + name + "' already exists.");
  }
}

KeyPair& store(Ec2Partition& p, KeyPair k, const std::vector<Tag>& tags) {
  for (const Tag& t : tags) k.tags.set(t.key, t.value);
  const std::string id = k.key_pair_id;
  return p.key_pairs.emplace(id, std::move(k)).first->second;
}

}  // namespace

CreatedKeyPair create_key_pair(Ec2Partition& p, const std::string& name, const std::string& type,
                               const std::string& format, const std::vector<Tag>& tags,
                               bool dry_run, core::TimeMs now) {
  validate_name(name);
  const std::string key_type = type.empty() ? "rsa" : type;
  if (key_type != "rsa" && key_type != "ed25519") {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + type + ") for parameter keyType is invalid.");
  }
  if (!format.empty() && format != "pem" && format != "ppk") {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + format + ") for parameter keyFormat is invalid.");
  }
  if (format == "ppk") {
    throw ServiceError("Unsupported",
                       "The requested configuration is currently not supported: cloudlife "
                       "creates key material in pem format only.");
  }
  refuse_duplicate(p, name);
  validate_user_tags(tags);
  if (dry_run) throw dry_run_succeeded();
  KeyPair k;
  k.key_pair_id = core::resource_id("key");
  k.key_name = name;
  k.key_type = key_type;
  k.create_time = now;
  const GeneratedKey generated = generate_key(key_type, core::random_hex(64));
  k.fingerprint = generated.fingerprint;
  k.public_key = generated.public_openssh;
  return {store(p, std::move(k), tags), generated.private_pem};
}

KeyPair import_key_pair(Ec2Partition& p, const std::string& name,
                        const std::string& public_key_text, const std::vector<Tag>& tags,
                        bool dry_run, core::TimeMs now) {
  validate_name(name);
  if (public_key_text.empty()) {
    throw ServiceError("MissingParameter",
                       "The request must contain the parameter PublicKeyMaterial");
  }
  const ImportedKey imported = parse_openssh_public_key(public_key_text);
  refuse_duplicate(p, name);
  validate_user_tags(tags);
  if (dry_run) throw dry_run_succeeded();
  KeyPair k;
  k.key_pair_id = core::resource_id("key");
  k.key_name = name;
  k.key_type = imported.key_type;
  k.fingerprint = imported.fingerprint;
  k.public_key = imported.public_openssh;
  k.create_time = now;
  return store(p, std::move(k), tags);
}

std::string delete_key_pair(Ec2Partition& p, const std::string& name, const std::string& id,
                            bool dry_run) {
  if (name.empty() && id.empty()) {
    throw ServiceError("MissingParameter", "The request must contain the parameter KeyName");
  }
  KeyPair* k = nullptr;
  if (!id.empty()) {
    auto it = p.key_pairs.find(id);
    if (it == p.key_pairs.end()) {
      throw ServiceError("InvalidKeyPair.NotFound", "The key pair '" + id + "' does not exist");
    }
    k = &it->second;
  } else {
    k = find_by_name(p, name);
  }
  if (dry_run) throw dry_run_succeeded();
  if (!k) return "";
  const std::string deleted = k->key_pair_id;
  p.key_pairs.erase(deleted);
  return deleted;
}

std::vector<KeyPair> describe_key_pairs(Ec2Partition& p, const DescribeKeyPairsRequest& r) {
  auto values = [](const KeyPair& k, const std::string& name) -> std::optional<V> {
    if (auto tags = tag_filter_values(k.tags, name)) return tags;
    if (name == "key-pair-id") return V{k.key_pair_id};
    if (name == "key-name") return V{k.key_name};
    if (name == "fingerprint") return V{k.fingerprint};
    if (name == "key-type") return V{k.key_type};
    return std::nullopt;
  };
  require_known_filters(r.filters, [&](const std::string& n) { return values(KeyPair{}, n); });
  for (const std::string& name : r.names) {
    if (!find_by_name(p, name)) {
      throw ServiceError("InvalidKeyPair.NotFound", "The key pair '" + name + "' does not exist");
    }
  }
  for (const std::string& id : r.ids) {
    if (!p.key_pairs.contains(id)) {
      throw ServiceError("InvalidKeyPair.NotFound", "The key pair '" + id + "' does not exist");
    }
  }
  if (r.dry_run) throw dry_run_succeeded();
  std::vector<KeyPair> out;
  for (const auto& [id, pair] : p.key_pairs) {
    const KeyPair& k = pair;  // a lambda below captures it (clang 14: no bindings)
    if (!r.names.empty() && std::find(r.names.begin(), r.names.end(), k.key_name) == r.names.end())
      continue;
    if (!r.ids.empty() && std::find(r.ids.begin(), r.ids.end(), id) == r.ids.end()) continue;
    if (!matches_all(r.filters, [&](const std::string& n) { return values(k, n); })) continue;
    out.push_back(k);
  }
  std::sort(out.begin(), out.end(),
            [](const KeyPair& a, const KeyPair& b) { return a.key_name < b.key_name; });
  return out;
}

const KeyPair* find_key_pair_by_name(const Ec2Partition& p, const std::string& name) {
  for (const auto& [id, k] : p.key_pairs) {
    if (k.key_name == name) return &k;
  }
  return nullptr;
}

void require_key_pair_name(Ec2Partition& p, const std::string& name) {
  if (!find_by_name(p, name)) {
    throw ServiceError("InvalidKeyPair.NotFound", "The key pair '" + name + "' does not exist");
  }
}

}  // namespace cloudlife::ec2
