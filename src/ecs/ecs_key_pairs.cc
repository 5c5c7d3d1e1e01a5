// SSH key pairs: CreateKeyPair (RSA 2048 generated with OpenSSL; the private key is returned once),
// ImportKeyPair (an OpenSSH public key), DescribeKeyPairs, DeleteKeyPairs, Attach/DetachKeyPair,
// and the RunInstances check of KeyPairName. Names are unique per account and region.
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <sstream>

#include "core/ids.h"
#include "ecs/ecs_errors.h"
#include "ecs/ecs_model.h"
#include "protocol/crypto.h"

namespace cloudlife::ecs {
namespace {

using core::ServiceError;

ServiceError key_pair_not_found() {
  return ServiceError("InvalidKeyPairName.NotFound",
                      "The specified parameter \"KeyPairName\" does not exist in our records.",
                      404);
}

void check_name(const std::string& name) {
  if (name.empty()) throw errors::missing_parameter("KeyPairName");
  const unsigned char c = static_cast<unsigned char>(name[0]);
  if (name.size() < 2 || name.size() > 128 || !(std::isalpha(c) || c >= 0x80) ||
      name.rfind("http://", 0) == 0 || name.rfind("https://", 0) == 0) {
    throw errors::invalid_parameter("KeyPairName");
  }
}

std::string md5_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_md5(), nullptr);
  return protocol::to_hex(std::string_view(reinterpret_cast<const char*>(digest), size));
}

// The OpenSSH wire blob of an RSA public key: string "ssh-rsa", mpint e, mpint n.
std::string ssh_string(std::string_view s) {
  std::string out(4, '\0');
  const auto n = static_cast<std::uint32_t>(s.size());
  out[0] = static_cast<char>(n >> 24);
  out[1] = static_cast<char>(n >> 16);
  out[2] = static_cast<char>(n >> 8);
  out[3] = static_cast<char>(n);
  out.append(s);
  return out;
}

std::string ssh_mpint(const BIGNUM* bn) {
  std::string bytes(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
  if (!bytes.empty() && (static_cast<unsigned char>(bytes[0]) & 0x80)) bytes.insert(0, 1, '\0');
  return ssh_string(bytes);
}

// Decodes "ssh-rsa AAAA… comment": the blob, or nullopt when the text is not an OpenSSH key whose
// blob names the same algorithm.
std::optional<std::string> ssh_blob(const std::string& text) {
  std::istringstream in(text);
  std::string algorithm, body;
  in >> algorithm >> body;
  static const std::vector<std::string> kAlgorithms = {"ssh-rsa", "ssh-ed25519",
                                                       "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
                                                       "ecdsa-sha2-nistp521"};
  if (std::find(kAlgorithms.begin(), kAlgorithms.end(), algorithm) == kAlgorithms.end()) {
    return std::nullopt;
  }
  const auto blob = protocol::base64_decode(body);
  if (!blob || blob->size() < 4 + algorithm.size() ||
      blob->substr(0, 4 + algorithm.size()) != ssh_string(algorithm)) {
    return std::nullopt;
  }
  return blob;
}

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct BnFree {
  void operator()(BIGNUM* b) const { BN_free(b); }
};

}  // namespace

void EcsModel::check_key_pair(const EcsPartition& scope, const std::string& name) {
  if (name.empty()) return;
  if (!scope.key_pairs.contains(name)) throw key_pair_not_found();
}

GeneratedKey generate_rsa_key() {
  std::unique_ptr<EVP_PKEY, PkeyFree> key(EVP_RSA_gen(2048));
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  BIGNUM* n_raw = nullptr;
  BIGNUM* e_raw = nullptr;
  if (!key || !bio ||
      !PEM_write_bio_PrivateKey_traditional(bio.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                            nullptr) ||
      !EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_RSA_N, &n_raw) ||
      !EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_RSA_E, &e_raw)) {
    throw std::runtime_error("RSA key generation failed");
  }
  std::unique_ptr<BIGNUM, BnFree> n(n_raw), e(e_raw);
  char* pem = nullptr;
  const long pem_size = BIO_get_mem_data(bio.get(), &pem);
  GeneratedKey out;
  out.private_key_pem.assign(pem, static_cast<std::size_t>(pem_size));
  const std::string blob = ssh_string("ssh-rsa") + ssh_mpint(e.get()) + ssh_mpint(n.get());
  out.public_key = "ssh-rsa " + protocol::base64_encode(blob);
  return out;
}

KeyPair EcsModel::import_key_pair(EcsPartition& scope, const std::string& name,
                                  const std::string& public_key,
                                  const std::string& resource_group_id,
                                  const std::vector<Tag>& tags, core::TimeMs now) {
  check_name(name);
  if (public_key.empty()) throw errors::missing_parameter("PublicKeyBody");
  const auto blob = ssh_blob(public_key);
  if (!blob) throw errors::invalid_parameter("PublicKeyBody");
  if (tags.size() > 20) throw errors::invalid_parameter("Tag");
  EcsPartition& p = scope;
  if (p.key_pairs.contains(name)) {
    throw ServiceError("KeyPair.AlreadyExist", "The key pair already exist.", 400);
  }
  KeyPair k;
  k.key_pair_name = name;
  k.key_pair_id = core::resource_id("kp", 20);
  k.account = scope.key.account;
  k.region_id = scope.key.region;
  k.fingerprint = md5_hex(*blob);
  std::istringstream in(public_key);
  std::string algorithm, body;
  in >> algorithm >> body;
  k.public_key = algorithm + " " + body;
  k.resource_group_id = resource_group_id;
  k.creation_time = now;
  k.tags = tags;
  p.key_pairs[name] = k;
  return k;
}

std::vector<KeyPair> EcsModel::describe_key_pairs(const EcsPartition& scope,
                                                  const std::string& name_pattern,
                                                  const std::string& fingerprint) {
  std::vector<KeyPair> out;
  for (const auto& [name, k] : scope.key_pairs) {
    if (!name_pattern.empty()) {
      // KeyPairName supports '*' as a prefix/suffix wildcard, as the API reference describes.
      const std::string core_text = [&] {
        std::string t = name_pattern;
        std::erase(t, '*');
        return t;
      }();
      const bool lead = name_pattern.front() == '*';
      const bool trail = name_pattern.back() == '*';
      bool match;
      if (lead && trail) {
        match = name.find(core_text) != std::string::npos;
      } else if (trail) {
        match = name.rfind(core_text, 0) == 0;
      } else if (lead) {
        match = name.size() >= core_text.size() &&
                name.compare(name.size() - core_text.size(), core_text.size(), core_text) == 0;
      } else {
        match = name == name_pattern;
      }
      if (!match) continue;
    }
    if (!fingerprint.empty() && k.fingerprint != fingerprint) continue;
    out.push_back(k);
  }
  return out;
}

void EcsModel::delete_key_pairs(EcsPartition& scope, const std::vector<std::string>& names) {
  if (names.empty()) throw errors::missing_parameter("KeyPairNames");
  if (names.size() > 100) throw errors::invalid_parameter("KeyPairNames");
  for (const std::string& name : names) check_key_pair(scope, name);
  for (const std::string& name : names) scope.key_pairs.erase(name);
}

void EcsModel::attach_key_pair(EcsPartition& scope, const std::string& name,
                               const std::vector<std::string>& instance_ids, bool attach,
                               core::TimeMs now) {
  if (name.empty()) throw errors::missing_parameter("KeyPairName");
  check_key_pair(scope, name);
  if (instance_ids.empty()) throw errors::missing_parameter("InstanceIds");
  if (instance_ids.size() > 50) throw errors::invalid_parameter("InstanceIds");
  std::vector<InstanceRecord*> targets;
  for (const std::string& id : instance_ids) {
    InstanceRecord& r = require_instance(scope, id);
    const std::string status = status_of(r, now);
    if (status != "Running" && status != "Stopped") throw errors::incorrect_instance_status();
    targets.push_back(&r);
  }
  for (InstanceRecord* r : targets) {
    if (attach) {
      r->data.key_pair_name = name;
    } else if (r->data.key_pair_name == name) {
      r->data.key_pair_name.clear();
    }
  }
}

}  // namespace cloudlife::ecs
