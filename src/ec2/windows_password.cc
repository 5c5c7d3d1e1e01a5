#include "ec2/windows_password.h"

#include <array>
#include <string_view>

#include "ec2/key_material.h"
#include "protocol/crypto.h"

namespace cloudlife::ec2 {
namespace {

constexpr std::size_t kPasswordLength = 32;
// Upper, lower, digits, symbols; letters and digits that read alike (I, l, O, 0, 1) left out.
constexpr std::array<std::string_view, 4> kPasswordClasses{
    "ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "!$%&()*+-.;=?@"};

bool has_every_class(const std::string& password) {
  for (const std::string_view chars : kPasswordClasses) {
    if (password.find_first_of(chars) == std::string::npos) return false;
  }
  return true;
}

}  // namespace

std::string windows_administrator_password(const std::string& instance_id) {
  std::string alphabet;
  for (const std::string_view chars : kPasswordClasses) alphabet += chars;
  for (int attempt = 0;; ++attempt) {
    std::string password;
    for (int block = 0; password.size() < kPasswordLength; ++block) {
      const std::string raw = protocol::hmac_sha256(
          "cloudlife/windows-administrator-password",
          instance_id + "/" + std::to_string(attempt) + "/" + std::to_string(block));
      for (const char c : raw) {
        if (password.size() == kPasswordLength) break;
        password.push_back(alphabet[static_cast<unsigned char>(c) % alphabet.size()]);
      }
    }
    if (has_every_class(password)) return password;
  }
}

std::string windows_password_data(const std::string& instance_id,
                                  const std::string& public_openssh) {
  return protocol::base64_encode(rsa_pkcs1_encrypt(public_openssh,
                                                   windows_administrator_password(instance_id),
                                                   "windows-password-data/" + instance_id));
}

}  // namespace cloudlife::ec2
