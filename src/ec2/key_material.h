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
// `message` encrypted under an "ssh-rsa" OpenSSH public key with PKCS#1 v1.5 padding (RFC 8017
// §7.2.1: 0x00 0x02, non-zero padding bytes, 0x00, the message), the scheme of EC2's Windows
// password data; the raw ciphertext, as long as the modulus. The padding bytes are drawn from
// `seed`, not from a random source, so the same inputs give the same ciphertext (a journal replay
// answers the same bytes). Throws InvalidKey.Format for another key type, std::invalid_argument
// for a message longer than the modulus allows (its length − 11).
std::string rsa_pkcs1_encrypt(const std::string& public_openssh, const std::string& message,
                              const std::string& seed);

}  // namespace cloudlife::ec2
