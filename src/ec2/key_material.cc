#include "ec2/key_material.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "core/service_error.h"
#include "protocol/crypto.h"

namespace cloudlife::ec2 {
namespace {

using core::ServiceError;

template <class T, void (*F)(T*)>
struct Deleter {
  void operator()(T* p) const { F(p); }
};
using Bn = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using BnCtx = std::unique_ptr<BN_CTX, Deleter<BN_CTX, BN_CTX_free>>;
using Pkey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using ParamBld = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, OSSL_PARAM_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("OpenSSL: ") + what);
}

// Bytes drawn deterministically from the seed: SHA-256(seed || counter) blocks.
class ByteStream {
 public:
  explicit ByteStream(std::string seed) : seed_(std::move(seed)) {}
  std::string take(std::size_t n) {
    std::string out;
    while (out.size() < n) {
      unsigned char digest[EVP_MAX_MD_SIZE];
      unsigned int len = 0;
      const std::string block = seed_ + "/" + std::to_string(counter_++);
      check(EVP_Digest(block.data(), block.size(), digest, &len, EVP_sha256(), nullptr) == 1,
            "sha256");
      out.append(reinterpret_cast<const char*>(digest), len);
    }
    out.resize(n);
    return out;
  }

 private:
  std::string seed_;
  std::uint64_t counter_ = 0;
};

std::string digest(const std::string& data, const EVP_MD* md) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  check(EVP_Digest(data.data(), data.size(), out, &len, md, nullptr) == 1, "digest");
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string colon_hex(const std::string& raw) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    if (!out.empty()) out.push_back(':');
    out.push_back(hex[c >> 4]);
    out.push_back(hex[c & 15]);
  }
  return out;
}

// SSH wire encoding (RFC 4251): string and mpint.
void put_u32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xff));
}
void put_string(std::string& out, const std::string& s) {
  put_u32(out, static_cast<std::uint32_t>(s.size()));
  out += s;
}
std::string bn_bytes(const BIGNUM* bn) {
  std::string raw(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(raw.data()));
  return raw;
}
void put_mpint(std::string& out, const BIGNUM* bn) {
  std::string raw = bn_bytes(bn);
  if (!raw.empty() && (static_cast<unsigned char>(raw[0]) & 0x80)) raw.insert(raw.begin(), '\0');
  put_string(out, raw);
}

class Reader {
 public:
  explicit Reader(const std::string& data) : data_(data) {}
  std::string string() {
    if (pos_ + 4 > data_.size()) throw bad();
    std::uint32_t n = 0;
    for (int i = 0; i < 4; ++i) n = (n << 8) | static_cast<unsigned char>(data_[pos_ + i]);
    pos_ += 4;
    if (n > data_.size() - pos_) throw bad();
    std::string s = data_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  bool done() const { return pos_ == data_.size(); }
  static ServiceError bad() {
    return ServiceError("InvalidKey.Format", "Key is not in valid OpenSSH public key format");
  }

 private:
  const std::string& data_;
  std::size_t pos_ = 0;
};

Bn bn_from(const std::string& raw) {
  Bn bn(BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), static_cast<int>(raw.size()),
                  nullptr));
  check(bn != nullptr, "BN_bin2bn");
  return bn;
}

std::string der_of(const Pkey& key, bool private_pkcs8) {
  unsigned char* buf = nullptr;
  int len = 0;
  if (private_pkcs8) {
    PKCS8_PRIV_KEY_INFO* info = EVP_PKEY2PKCS8(key.get());
    check(info != nullptr, "EVP_PKEY2PKCS8");
    len = i2d_PKCS8_PRIV_KEY_INFO(info, &buf);
    PKCS8_PRIV_KEY_INFO_free(info);
  } else {
    len = i2d_PUBKEY(key.get(), &buf);
  }
  check(len > 0, "i2d");
  std::string out(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(len));
  OPENSSL_free(buf);
  return out;
}

Pkey rsa_from_params(const BIGNUM* n, const BIGNUM* e, const BIGNUM* d, const BIGNUM* p,
                     const BIGNUM* q, const BIGNUM* dp, const BIGNUM* dq, const BIGNUM* qinv) {
  ParamBld bld(OSSL_PARAM_BLD_new());
  check(bld != nullptr, "OSSL_PARAM_BLD_new");
  check(OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n) == 1 &&
            OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e) == 1,
        "push n/e");
  if (d) {
    check(OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_D, d) == 1 &&
              OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR1, p) == 1 &&
              OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR2, q) == 1 &&
              OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT1, dp) == 1 &&
              OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT2, dq) == 1 &&
              OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_COEFFICIENT1, qinv) == 1,
          "push private");
  }
  Params params(OSSL_PARAM_BLD_to_param(bld.get()));
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  check(ctx && EVP_PKEY_fromdata_init(ctx.get()) == 1, "fromdata_init");
  EVP_PKEY* raw = nullptr;
  check(EVP_PKEY_fromdata(ctx.get(), &raw, d ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
                          params.get()) == 1,
        "fromdata");
  return Pkey(raw);
}

// A 1024-bit prime p with gcd(p - 1, e) = 1, searched upwards from a seeded odd start.
Bn seeded_prime(ByteStream& bytes, const BIGNUM* e, BN_CTX* ctx) {
  Bn candidate = bn_from(bytes.take(128));
  BN_set_bit(candidate.get(), 1023);
  BN_set_bit(candidate.get(), 1022);  // so that p * q has exactly 2048 bits
  BN_set_bit(candidate.get(), 0);
  Bn minus_one(BN_new());
  Bn gcd(BN_new());
  for (;;) {
    check(BN_copy(minus_one.get(), candidate.get()) != nullptr, "BN_copy");
    check(BN_sub_word(minus_one.get(), 1) == 1, "BN_sub_word");
    check(BN_gcd(gcd.get(), minus_one.get(), e, ctx) == 1, "BN_gcd");
    if (BN_is_one(gcd.get()) && BN_check_prime(candidate.get(), ctx, nullptr) == 1) {
      return candidate;
    }
    check(BN_add_word(candidate.get(), 2) == 1, "BN_add_word");
  }
}

std::string pem_traditional(const Pkey& key) {
  Bio bio(BIO_new(BIO_s_mem()));
  check(PEM_write_bio_PrivateKey_traditional(bio.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                             nullptr) == 1,
        "PEM_write");
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

std::string rsa_public_blob(const BIGNUM* n, const BIGNUM* e) {
  std::string blob;
  put_string(blob, "ssh-rsa");
  put_mpint(blob, e);
  put_mpint(blob, n);
  return blob;
}

GeneratedKey generate_rsa(ByteStream& bytes) {
  BnCtx ctx(BN_CTX_new());
  Bn e(BN_new());
  check(BN_set_word(e.get(), 65537) == 1, "BN_set_word");
  Bn p = seeded_prime(bytes, e.get(), ctx.get());
  Bn q = seeded_prime(bytes, e.get(), ctx.get());
  if (BN_cmp(p.get(), q.get()) < 0) std::swap(p, q);
  Bn n(BN_new()), p1(BN_new()), q1(BN_new()), phi(BN_new()), d(BN_new()), dp(BN_new()),
      dq(BN_new()), qinv(BN_new());
  check(BN_mul(n.get(), p.get(), q.get(), ctx.get()) == 1, "BN_mul");
  check(BN_sub(p1.get(), p.get(), BN_value_one()) == 1 &&
            BN_sub(q1.get(), q.get(), BN_value_one()) == 1,
        "BN_sub");
  check(BN_mul(phi.get(), p1.get(), q1.get(), ctx.get()) == 1, "BN_mul");
  check(BN_mod_inverse(d.get(), e.get(), phi.get(), ctx.get()) != nullptr, "d");
  check(BN_mod(dp.get(), d.get(), p1.get(), ctx.get()) == 1 &&
            BN_mod(dq.get(), d.get(), q1.get(), ctx.get()) == 1,
        "dp/dq");
  check(BN_mod_inverse(qinv.get(), q.get(), p.get(), ctx.get()) != nullptr, "qinv");
  Pkey key =
      rsa_from_params(n.get(), e.get(), d.get(), p.get(), q.get(), dp.get(), dq.get(), qinv.get());
  GeneratedKey out;
  out.private_pem = pem_traditional(key);
  out.public_openssh = "ssh-rsa " + protocol::base64_encode(rsa_public_blob(n.get(), e.get()));
  out.fingerprint = colon_hex(digest(der_of(key, true), EVP_sha1()));
  return out;
}

std::string ed25519_public_blob(const std::string& pub) {
  std::string blob;
  put_string(blob, "ssh-ed25519");
  put_string(blob, pub);
  return blob;
}

std::string ed25519_fingerprint(const std::string& blob) {
  return protocol::base64_encode(digest(blob, EVP_sha256()));
}

// The OpenSSH private key format ("openssh-key-v1", unencrypted), wrapped at 70 columns.
std::string openssh_private(const std::string& seed, const std::string& pub,
                            const std::string& check_bytes) {
  const std::string blob = ed25519_public_blob(pub);
  std::string priv;
  priv += check_bytes + check_bytes;  // the two equal check integers
  put_string(priv, "ssh-ed25519");
  put_string(priv, pub);
  put_string(priv, seed + pub);
  put_string(priv, "");  // comment
  for (char pad = 1; priv.size() % 8 != 0; ++pad) priv.push_back(pad);
  std::string body = std::string("openssh-key-v1") + '\0';
  put_string(body, "none");
  put_string(body, "none");
  put_string(body, "");
  put_u32(body, 1);
  put_string(body, blob);
  put_string(body, priv);
  const std::string b64 = protocol::base64_encode(body);
  std::string out = "-----BEGIN OPENSSH PRIVATE KEY-----\n";
  for (std::size_t i = 0; i < b64.size(); i += 70) out += b64.substr(i, 70) + "\n";
  return out + "-----END OPENSSH PRIVATE KEY-----\n";
}

GeneratedKey generate_ed25519(ByteStream& bytes) {
  const std::string seed = bytes.take(32);
  Pkey key(EVP_PKEY_new_raw_private_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(seed.data()), seed.size()));
  check(key != nullptr, "ed25519 key");
  std::string pub(32, '\0');
  std::size_t len = pub.size();
  check(EVP_PKEY_get_raw_public_key(key.get(), reinterpret_cast<unsigned char*>(pub.data()),
                                    &len) == 1,
        "raw public key");
  GeneratedKey out;
  out.private_pem = openssh_private(seed, pub, bytes.take(4));
  const std::string blob = ed25519_public_blob(pub);
  out.public_openssh = "ssh-ed25519 " + protocol::base64_encode(blob);
  out.fingerprint = ed25519_fingerprint(blob);
  return out;
}

}  // namespace

GeneratedKey generate_key(const std::string& key_type, const std::string& seed) {
  ByteStream bytes(seed);
  return key_type == "ed25519" ? generate_ed25519(bytes) : generate_rsa(bytes);
}

ImportedKey parse_openssh_public_key(const std::string& text) {
  std::istringstream in(text);
  std::string type, b64;
  in >> type >> b64;
  const auto blob = protocol::base64_decode(b64);
  if (!blob || (type != "ssh-rsa" && type != "ssh-ed25519")) throw Reader::bad();
  Reader reader(*blob);
  if (reader.string() != type) throw Reader::bad();
  ImportedKey out;
  if (type == "ssh-ed25519") {
    const std::string pub = reader.string();
    if (pub.size() != 32 || !reader.done()) throw Reader::bad();
    out.key_type = "ed25519";
    out.public_openssh = "ssh-ed25519 " + b64;
    out.fingerprint = ed25519_fingerprint(*blob);
    return out;
  }
  Bn e = bn_from(reader.string());
  Bn n = bn_from(reader.string());
  const int bits = BN_num_bits(n.get());
  if (!reader.done() || BN_is_zero(e.get()) || (bits != 1024 && bits != 2048 && bits != 4096)) {
    throw Reader::bad();
  }
  Pkey key =
      rsa_from_params(n.get(), e.get(), nullptr, nullptr, nullptr, nullptr, nullptr, nullptr);
  out.key_type = "rsa";
  out.public_openssh = "ssh-rsa " + b64;
  out.fingerprint = colon_hex(digest(der_of(key, false), EVP_md5()));
  return out;
}

std::string rsa_pkcs1_encrypt(const std::string& public_openssh, const std::string& message,
                              const std::string& seed) {
  std::istringstream in(public_openssh);
  std::string type, b64;
  in >> type >> b64;
  const auto blob = protocol::base64_decode(b64);
  if (!blob || type != "ssh-rsa") throw Reader::bad();
  Reader reader(*blob);
  if (reader.string() != type) throw Reader::bad();
  const Bn e = bn_from(reader.string());
  const Bn n = bn_from(reader.string());
  const std::size_t k = static_cast<std::size_t>(BN_num_bytes(n.get()));
  if (message.size() + 11 > k) throw std::invalid_argument("message too long for the RSA key");
  // EM = 0x00 || 0x02 || PS || 0x00 || M, PS being k - 3 - |M| non-zero bytes.
  std::string block(k, '\0');
  block[1] = 2;
  const std::size_t padding = k - 3 - message.size();
  ByteStream bytes(seed);
  for (std::size_t filled = 0; filled < padding;) {
    for (const char c : bytes.take(32)) {
      if (c != 0 && filled < padding) block[2 + filled++] = c;
    }
  }
  block.replace(3 + padding, message.size(), message);
  const Bn m = bn_from(block);
  const Bn c(BN_new());
  const BnCtx ctx(BN_CTX_new());
  check(c && ctx, "BN_new");
  check(BN_mod_exp(c.get(), m.get(), e.get(), n.get(), ctx.get()) == 1, "BN_mod_exp");
  std::string out(k, '\0');
  check(BN_bn2binpad(c.get(), reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(k)) ==
            static_cast<int>(k),
        "BN_bn2binpad");
  return out;
}

}  // namespace cloudlife::ec2
