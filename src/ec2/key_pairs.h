// EC2 key pairs: CreateKeyPair, ImportKeyPair, DescribeKeyPairs, DeleteKeyPair, and the KeyName
// check of RunInstances.
// Contract: called with the engine lock held; validate everything, then change. Names are unique
// per account and region (InvalidKeyPair.Duplicate), 1–255 ASCII characters. Created keys draw
// their seed from the replayed ID sequence (key_material.h), so a --state-dir restart recreates
// the same key. DeleteKeyPair by an unknown name succeeds, as EC2's does; by an unknown ID it is
// InvalidKeyPair.NotFound. Key pairs are described in name order.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "ec2/filters.h"
#include "ec2/tags.h"

namespace cloudlife::ec2 {

struct Ec2Partition;

struct KeyPair {
  std::string key_pair_id;  // key-…
  std::string key_name;
  std::string key_type;  // rsa | ed25519
  std::string fingerprint;
  std::string public_key;  // OpenSSH public key line, without comment
  core::TimeMs create_time = 0;
  TagSet tags;
};

struct CreatedKeyPair {
  KeyPair key_pair;
  std::string key_material;
};

CreatedKeyPair create_key_pair(Ec2Partition& p, const std::string& name, const std::string& type,
                               const std::string& format, const std::vector<Tag>& tags,
                               bool dry_run, core::TimeMs now);
// `public_key_text`: the decoded PublicKeyMaterial (an OpenSSH public key line).
KeyPair import_key_pair(Ec2Partition& p, const std::string& name,
                        const std::string& public_key_text, const std::vector<Tag>& tags,
                        bool dry_run, core::TimeMs now);
// The deleted key pair's ID ("" when the name was unknown).
std::string delete_key_pair(Ec2Partition& p, const std::string& name, const std::string& id,
                            bool dry_run);

struct DescribeKeyPairsRequest {
  std::vector<std::string> names;
  std::vector<std::string> ids;
  std::vector<Filter> filters;
  bool dry_run = false;
};
std::vector<KeyPair> describe_key_pairs(Ec2Partition& p, const DescribeKeyPairsRequest& request);

// The key pair named `name`, or null.
const KeyPair* find_key_pair_by_name(const Ec2Partition& p, const std::string& name);
// RunInstances' KeyName: InvalidKeyPair.NotFound when no such key pair exists.
void require_key_pair_name(Ec2Partition& p, const std::string& name);

}  // namespace cloudlife::ec2
