// The Administrator password EC2Launch sets on a Windows instance's first boot, and the password
// data GetPasswordData answers once it is set: that password encrypted under the public key of the
// instance's RSA key pair with PKCS#1 v1.5 padding, base64 (docs/supported.md, "GetPasswordData").
// Contract: pure functions. The password is derived from the instance ID, so an instance always
// has the same one (across a journal replay too): 32 characters with upper- and lower-case letters,
// digits and symbols, as Windows' complexity rules require. windows_password_data throws as
// rsa_pkcs1_encrypt does (InvalidKey.Format for a key that is not RSA).
//
//   windows_password_data("i-0123…", key.public_key)   // "Hx3k…=" (344 characters for RSA 2048)
#pragma once

#include <string>

namespace cloudlife::ec2 {

std::string windows_administrator_password(const std::string& instance_id);
std::string windows_password_data(const std::string& instance_id,
                                  const std::string& public_openssh);

}  // namespace cloudlife::ec2
