// The Windows Administrator password and its encryption under the key pair (GetPasswordData):
// the password meets Windows' complexity rules and is stable per instance; the password data
// decrypts with the key pair's private key as PKCS#1 v1.5, as EC2's does.
#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <stdexcept>
#include <string>

#include "core/service_error.h"
#include "ec2/key_material.h"
#include "ec2/windows_password.h"
#include "protocol/crypto.h"

namespace cloudlife::ec2 {
namespace {

// What a client does with the private key EC2 gave it (the AWS CLI's --priv-launch-key).
std::string decrypt_with(const std::string& private_pem, const std::string& ciphertext) {
  BIO* bio = BIO_new_mem_buf(private_pem.data(), static_cast<int>(private_pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(key, nullptr);
  std::string out(512, '\0');
  std::size_t len = out.size();
  const bool ok = ctx && EVP_PKEY_decrypt_init(ctx) == 1 &&
                  EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1 &&
                  EVP_PKEY_decrypt(ctx, reinterpret_cast<unsigned char*>(out.data()), &len,
                                   reinterpret_cast<const unsigned char*>(ciphertext.data()),
                                   ciphertext.size()) == 1;
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(key);
  if (!ok) throw std::runtime_error("decrypt failed");
  out.resize(len);
  return out;
}

TEST(WindowsPassword, MeetsTheComplexityRulesAndIsStablePerInstance) {
  const std::string a = windows_administrator_password("i-0123456789abcdef0");
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a.find_first_of("ABCDEFGHJKLMNPQRSTUVWXYZ"), std::string::npos);
  EXPECT_NE(a.find_first_of("abcdefghijkmnopqrstuvwxyz"), std::string::npos);
  EXPECT_NE(a.find_first_of("23456789"), std::string::npos);
  EXPECT_NE(a.find_first_of("!$%&()*+-.;=?@"), std::string::npos);
  EXPECT_EQ(windows_administrator_password("i-0123456789abcdef0"), a);
  EXPECT_NE(windows_administrator_password("i-0123456789abcdef1"), a);
}

TEST(WindowsPassword, PasswordDataDecryptsWithTheKeyPairsPrivateKey) {
  const GeneratedKey key = generate_key("rsa", "windows-key");
  const std::string data = windows_password_data("i-0aaa", key.public_openssh);
  EXPECT_EQ(data.size(), 344u);  // base64 of a 2048-bit block
  const auto ciphertext = protocol::base64_decode(data);
  ASSERT_TRUE(ciphertext.has_value());
  EXPECT_EQ(decrypt_with(key.private_pem, *ciphertext), windows_administrator_password("i-0aaa"));
  EXPECT_EQ(windows_password_data("i-0aaa", key.public_openssh), data);  // the same bytes again
}

TEST(RsaPkcs1Encrypt, RefusesOtherKeysAndOverlongMessages) {
  const GeneratedKey ed = generate_key("ed25519", "ed");
  try {
    rsa_pkcs1_encrypt(ed.public_openssh, "secret", "seed");
    FAIL() << "an ED25519 key encrypted";
  } catch (const core::ServiceError& e) {
    EXPECT_EQ(e.code(), "InvalidKey.Format");
  }
  const GeneratedKey rsa = generate_key("rsa", "rsa");
  EXPECT_THROW(rsa_pkcs1_encrypt(rsa.public_openssh, std::string(246, 'x'), "seed"),
               std::invalid_argument);
  const std::string longest(245, 'x');  // 256 - 11
  EXPECT_EQ(decrypt_with(rsa.private_pem, rsa_pkcs1_encrypt(rsa.public_openssh, longest, "s")),
            longest);
}

}  // namespace
}  // namespace cloudlife::ec2
