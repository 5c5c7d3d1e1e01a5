// Key material for EC2 key pairs, made and read with OpenSSL, and fingerprinted as EC2 does:
// a created RSA key's fingerprint is the SHA-1 of its DER PKCS#8 private key, an imported RSA key's
// the MD5 of its DER SubjectPublicKeyInfo (both as colon-separated hex), an ED25519 key's the
// base64 SHA-256 of its OpenSSH public key blob.
// Contract: pure functions. Generation is deterministic in `seed` (any bytes), so a journal replay
// that draws the same seed recreates the same key; the keys are real (RSA 2048 with e = 65537,
// ED25519) and usable by ssh. parse_openssh_public_key throws InvalidKey.Format for anything but
// an OpenSSH "ssh-rsa" (1024–4096 bits) or "ssh-ed25519" public key line.
//
//   GeneratedKey k = generate_key("rsa", seed);   // k.private_pem, k.fingerprint, k.public_openssh
#pragma once

#include <string>

namespace cloudlife::ec2 {

struct GeneratedKey {
  std::string private_pem;     // "-----BEGIN RSA PRIVATE KEY-----" or OpenSSH (ED25519)
  std::string public_openssh;  // "ssh-rsa AAAA…" / "ssh-ed25519 AAAA…" (no comment)
  std::string fingerprint;
};

struct ImportedKey {
  std::string key_type;  // "rsa" | "ed25519"
  std::string public_openssh;
  std::string fingerprint;
};

// `key_type` is "rsa" or "ed25519".
GeneratedKey generate_key(const std::string& key_type, const std::string& seed);
// The text of an OpenSSH public key file ("ssh-rsa AAAA… comment").
ImportedKey parse_openssh_public_key(const std::string& text);

}  // namespace cloudlife::ec2
